{#- Reconciliation per partner and quarter (overview: Claims): every key with a ledger line, a claim
    (readable or not, once its partner and quarter can be read) or a payment that counts.
    accrued = the ledger's total, approved = the claims' approved amounts, paid = the payments of
    the quarter, outstanding = approved - paid (negative when overpaid). -#}

with ledger as (
    select partner_id, fiscal_quarter, sum(amount_usd) as accrued_usd
    from {{ ref('int_rebate_ledger') }}
    group by partner_id, fiscal_quarter
),

claims as (
    select partner_id, fiscal_quarter, sum(amount_approved_usd) as approved_usd,
        count(*) as claims
    from {{ ref('int_claims_decided') }}
    where partner_id is not null
        and {{ fiscal_quarter_index_from_text('fiscal_quarter') }} is not null
    group by partner_id, fiscal_quarter
),

payments as (
    select
        partner_id,
        fiscal_quarter,
        sum(amount_usd) as paid_usd,
        count(*) as payments,
        sum(case when is_matched then 0 else 1 end) as unmatched_payments
    from {{ ref('int_payments_checked') }}
    where unreadable_reason is null
    group by partner_id, fiscal_quarter
),

keys as (
    select partner_id, fiscal_quarter from ledger
    union
    select partner_id, fiscal_quarter from claims
    union
    select partner_id, fiscal_quarter from payments
),

as_of as (
    select as_of_quarter_index from {{ ref('int_as_of_quarter') }}
),

figures as (
    select
        keys.partner_id,
        keys.fiscal_quarter,
        {{ fiscal_quarter_index_from_text('keys.fiscal_quarter') }} < as_of.as_of_quarter_index
            as is_closed,
        cast(coalesce(ledger.accrued_usd, 0) as decimal(18, 2)) as accrued_usd,
        cast(coalesce(claims.approved_usd, 0) as decimal(18, 2)) as approved_usd,
        cast(coalesce(payments.paid_usd, 0) as decimal(18, 2)) as paid_usd,
        cast(coalesce(claims.claims, 0) as bigint) as claims,
        cast(coalesce(payments.payments, 0) as bigint) as payments,
        cast(coalesce(payments.unmatched_payments, 0) as bigint) as unmatched_payments
    from keys
    cross join as_of
    left join ledger
        on keys.partner_id = ledger.partner_id and keys.fiscal_quarter = ledger.fiscal_quarter
    left join claims
        on keys.partner_id = claims.partner_id and keys.fiscal_quarter = claims.fiscal_quarter
    left join payments
        on keys.partner_id = payments.partner_id
        and keys.fiscal_quarter = payments.fiscal_quarter
)

select
    partner_id,
    fiscal_quarter,
    is_closed,
    accrued_usd,
    approved_usd,
    paid_usd,
    cast(approved_usd - paid_usd as decimal(18, 2)) as outstanding_usd,
    paid_usd > approved_usd as overpaid,
    unmatched_payments,
    claims,
    payments
from figures
