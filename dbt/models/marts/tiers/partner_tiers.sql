{#- Each partner's tier per quarter, as int_partner_tiers_assessed assesses it. -#}

select
    partner_id,
    fiscal_quarter,
    is_open,
    review_revenue_usd,
    earned_tier,
    tier_in_force,
    next_tier,
    gap_to_next_tier_usd,
    at_risk
from {{ ref('int_partner_tiers_assessed') }}
