{#- What a partner can do next (spec section 9), per partner, program quarter and action, with the
    revenue it takes (USD, exact; a statement rounds on display):
    - NEXT_TIER: the revenue its trailing four quarters still lack for the next tier (the gap);
    - KEEP_TIER: when the tier is at risk, the revenue that brings the current review back to the
      threshold of the tier in force;
    - GROWTH_TO_MARKET: per product line growing slower than its market (the prior-year basis
      qualifies and the market figure is known), the revenue still needed to reach
      prior x (1 + market growth);
    - SHARE_CUSTOMER_DATA: when the coverage gate fails on positive revenue, the revenue already
      sold that still needs its end_customer_id: share x positive revenue - covered revenue. -#}

with tiers as (
    select * from {{ ref('partner_tiers') }}
),

-- The thresholds and the coverage share in force in each quarter (spec section 11).
thresholds as (
    select fiscal_quarter, tier, threshold_usd from {{ ref('int_tier_thresholds_in_force') }}
),

rules as (
    select fiscal_quarter, coverage_gate_share from {{ ref('int_reward_rules_in_force') }}
),

next_tier as (
    select
        partner_id, fiscal_quarter, 'NEXT_TIER' as action, cast(null as string) as product_line,
        next_tier as tier, gap_to_next_tier_usd as amount_usd
    from tiers
    where next_tier is not null and gap_to_next_tier_usd > 0
),

keep_tier as (
    select
        tiers.partner_id, tiers.fiscal_quarter, 'KEEP_TIER' as action,
        cast(null as string) as product_line, tiers.tier_in_force as tier,
        thresholds.threshold_usd - tiers.review_revenue_usd as amount_usd
    from tiers
    inner join thresholds
        on tiers.fiscal_quarter = thresholds.fiscal_quarter
        and tiers.tier_in_force = thresholds.tier
    where tiers.at_risk and thresholds.threshold_usd > tiers.review_revenue_usd
),

growth as (
    select
        partner_id, fiscal_quarter, 'GROWTH_TO_MARKET' as action, product_line,
        cast(null as string) as tier,
        market_target_usd - net_revenue_usd as amount_usd
    from {{ ref('partner_product_line_revenue') }}
    where growth_decision = 'BELOW_MARKET'
),

coverage as (
    select
        statements.partner_id, statements.fiscal_quarter, 'SHARE_CUSTOMER_DATA' as action,
        cast(null as string) as product_line, cast(null as string) as tier,
        cast(statements.positive_revenue_usd as decimal(38, 12)) * rules.coverage_gate_share
            - cast(statements.covered_revenue_usd as decimal(38, 12)) as amount_usd
    from {{ ref('partner_statements') }} as statements
    inner join rules
        on statements.fiscal_quarter = rules.fiscal_quarter
    where not statements.coverage_gate_passed and statements.positive_revenue_usd > 0
),

actions as (
    select * from next_tier
    union all
    select * from keep_tier
    union all
    select * from growth
    union all
    select * from coverage
)

select
    partner_id,
    fiscal_quarter,
    action,
    product_line,
    tier,
    cast(amount_usd as decimal(38, 12)) as amount_usd
from actions
