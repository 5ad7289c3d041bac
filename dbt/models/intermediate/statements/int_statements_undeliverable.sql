{#- The statements a run cannot send (overview: Statements): of the stated quarters, those of partners
    without a recipient (statement_recipients), each with why. They are rendered all the same;
    the run summary counts them. -#}

with stated as (
    select statements.partner_id, statements.fiscal_quarter
    from {{ ref('int_partner_statements') }} as statements
    inner join {{ ref('int_fiscal_quarters') }} as quarters
        on statements.fiscal_quarter = quarters.fiscal_quarter
    where quarters.is_stated
),

contacts as (
    select
        partner_id,
        count(*) as contacts,
        count(statement_preference) as contacts_with_persona
    from {{ ref('int_contacts_classified') }}
    group by partner_id
),

without_recipient as (
    select
        stated.partner_id,
        stated.fiscal_quarter,
        contacts.contacts,
        contacts.contacts_with_persona
    from stated
    left join contacts on stated.partner_id = contacts.partner_id
    left join (
        select distinct partner_id from {{ ref('int_statement_recipients_chosen') }}
    ) as deliverable on stated.partner_id = deliverable.partner_id
    where deliverable.partner_id is null
)

select
    partner_id,
    fiscal_quarter,
    case
        when contacts is null then 'NO_CONTACT'
        when contacts_with_persona = 0 then 'NO_INCENTIVES_OR_OWNER_CONTACT'
        else 'NO_VALID_ADDRESS'
    end as reason_code,
    case
        when contacts is null then 'contacts.csv names no contact of this partner'
        when contacts_with_persona = 0
            then 'none of its contacts has the incentives or owner persona'
        else 'its incentives and owner contacts have no valid e-mail address'
    end as reason
from without_recipient
