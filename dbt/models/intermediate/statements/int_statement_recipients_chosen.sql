{#- Who receives each partner's statements (overview: Statements): its contacts with a valid address
    and the most preferred persona any of them has (personas seed: by default incentives, else
    owner). One row per partner and address; an address given twice (in any case) is one
    recipient, named as on its first line. Partners left without a recipient are in
    undeliverable_statements. -#}

with addressable as (
    select
        partner_id,
        email,
        contact_name,
        statement_persona as persona,
        statement_preference,
        line_number
    from {{ ref('int_contacts_classified') }}
    where has_valid_address and statement_preference is not null
),

chosen as (
    select
        addressable.*,
        min(statement_preference) over (partition by partner_id) as preference_chosen
    from addressable
),

recipients as (
    {{ first_row_per_key('chosen', ['partner_id', 'lower(email)'],
        where='statement_preference = preference_chosen') }}
)

select
    recipients.partner_id,
    recipients.email,
    recipients.contact_name,
    recipients.persona,
    cast(recipients.line_number as bigint) as contact_line_number
from recipients
inner join {{ ref('int_partners') }} as partners
    on recipients.partner_id = partners.partner_id
