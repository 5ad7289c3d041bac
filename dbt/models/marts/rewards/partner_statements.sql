{#- One row per partner and program quarter, as int_partner_statements puts it together. -#}

select
    partner_id,
    fiscal_quarter,
    is_open,
    tier_in_force,
    review_revenue_usd,
    net_revenue_usd,
    total_rewards_usd,
    coverage,
    coverage_gate_passed,
    positive_revenue_usd,
    covered_revenue_usd
from {{ ref('int_partner_statements') }}
