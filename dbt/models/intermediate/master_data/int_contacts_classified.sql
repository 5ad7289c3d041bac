{#- Every contact line with a partner id, classified for delivery (spec section 9): its personas
    (`;`-separated, found whole whatever their case and spacing) and whether its address is one a
    statement can be sent to. -#}

with contacts as (
    select
        partner_id,
        trim(email) as email,
        nullif(trim(contact_name), '') as contact_name,
        concat(';', lower(replace(coalesce(personas, ''), ' ', '')), ';') as persona_list,
        line_number
    from {{ ref('stg_landing__contacts') }}
    where partner_id is not null
)

select
    partner_id,
    email,
    contact_name,
    persona_list like '%;incentives;%' as is_incentives,
    persona_list like '%;owner;%' as is_owner,
    {{ is_valid_email_address('email') }} as has_valid_address,
    line_number
from contacts
