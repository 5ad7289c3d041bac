{#- Every contact line with a partner id, classified for delivery (overview: Statements): the persona by
    which it would receive statements, its most preferred in the personas seed (its personas are
    `;`-separated, found whole whatever their case and spacing; none when it has no persona that
    receives statements), and whether its address is one a statement can be sent to. -#}

with contacts as (
    select
        partner_id,
        trim(email) as email,
        nullif(trim(contact_name), '') as contact_name,
        concat(';', lower(replace(coalesce(personas, ''), ' ', '')), ';') as persona_list,
        line_number
    from {{ ref('stg_landing__contacts') }}
    where partner_id is not null
),

receiving as (
    select persona, statement_preference
    from {{ ref('personas') }}
    where statement_preference is not null
),

preferred as (
    select contacts.line_number, min(receiving.statement_preference) as statement_preference
    from contacts
    inner join receiving
        on contacts.persona_list like concat('%;', receiving.persona, ';%')
    group by contacts.line_number
)

select
    contacts.partner_id,
    contacts.email,
    contacts.contact_name,
    receiving.persona as statement_persona,
    preferred.statement_preference,
    {{ is_valid_email_address('contacts.email') }} as has_valid_address,
    contacts.line_number
from contacts
left join preferred
    on contacts.line_number = preferred.line_number
left join receiving
    on preferred.statement_preference = receiving.statement_preference
