{#- Who receives each partner's statements (spec section 9): its contacts with the `incentives`
    persona and a valid address; when it has none, those with `owner` and a valid address. One
    row per partner and address; an address given twice (in any case) is one recipient, named as
    on its first line. Partners left without a recipient are in undeliverable_statements. -#}

with addressable as (
    select
        partner_id,
        email,
        contact_name,
        case when is_incentives then 'incentives' else 'owner' end as persona,
        line_number
    from {{ ref('int_contacts_classified') }}
    where has_valid_address and (is_incentives or is_owner)
),

chosen as (
    -- incentives when the partner has any; owner otherwise
    select
        addressable.*,
        min(persona) over (partition by partner_id) as persona_chosen  -- 'incentives' < 'owner'
    from addressable
),

recipients as (
    {{ first_row_per_key('chosen', ['partner_id', 'lower(email)'],
        where='persona = persona_chosen') }}
)

select
    recipients.partner_id,
    recipients.email,
    recipients.contact_name,
    recipients.persona,
    cast(recipients.line_number as bigint) as contact_line_number
from recipients
inner join {{ ref('partners') }} as partners
    on recipients.partner_id = partners.partner_id
