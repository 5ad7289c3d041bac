{#- Every payment that counts, and whether it matches a claim of its partner and quarter
    (overview: Claims). Unreadable payments are in payment_quarantine. -#}

select
    payment_id,
    partner_id,
    claim_id,
    fiscal_quarter,
    cast(amount_usd as decimal(18, 2)) as amount_usd,
    paid_on,
    is_matched,
    source_file,
    line_number
from {{ ref('int_payments_checked') }}
where unreadable_reason is null
