{#- Reconciliation per partner and quarter (accrued, approved, paid, outstanding), as int_rebate_reconciliation works it out. -#}

select
    partner_id,
    fiscal_quarter,
    is_closed,
    accrued_usd,
    approved_usd,
    paid_usd,
    outstanding_usd,
    overpaid,
    unmatched_payments,
    claims,
    payments
from {{ ref('int_rebate_reconciliation') }}
