{#- The payments that cannot be read, with their reason and the values as sent: they count in no
    total; the finance summary lists them. -#}

select
    payment_id,
    unreadable_reason as reason,
    partner_id,
    claim_id,
    fiscal_quarter,
    amount_usd_text,
    paid_on_text,
    source_file,
    line_number
from {{ ref('int_payments_checked') }}
where unreadable_reason is not null
