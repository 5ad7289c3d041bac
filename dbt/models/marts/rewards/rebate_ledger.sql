{#- The rebate ledger, one row per reward line, as int_rebate_ledger decides it. -#}

select
    partner_id,
    fiscal_quarter,
    is_open,
    reward_type,
    product_line,
    reference,
    basis_usd,
    rate,
    amount_usd,
    note,
    adjusts_quarter
from {{ ref('int_rebate_ledger') }}
