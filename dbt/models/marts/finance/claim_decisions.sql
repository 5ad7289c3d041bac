{#- Every claim decided against the ledger, as int_claims_decided decides it. -#}

select
    claim_id,
    partner_id,
    fiscal_quarter,
    reward_type,
    amount_claimed_usd,
    entitlement_usd,
    decision,
    amount_approved_usd,
    unreadable_reason,
    reason_code,
    reason,
    order_in_key,
    submitted_at,
    source_file,
    line_number
from {{ ref('int_claims_decided') }}
