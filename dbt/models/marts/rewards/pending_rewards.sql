{#- Rewards held for missing market data, as int_pending_rewards decides them. -#}

select
    partner_id,
    fiscal_quarter,
    reward_type,
    product_line,
    reason,
    region,
    basis_usd,
    prior_year_revenue_usd
from {{ ref('int_pending_rewards') }}
