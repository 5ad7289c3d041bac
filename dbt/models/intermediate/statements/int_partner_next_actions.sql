{#- What a partner can do next (overview: Statements), per partner, program quarter and action, with the
    revenue it takes (USD, exact; a statement rounds on display):
    - NEXT_TIER: the revenue its trailing four quarters still lack for the next tier (the gap);
    - KEEP_TIER: when the tier is at risk, the revenue that brings the current review back to the
      threshold of the tier in force, and the day the tier would drop if no review earned it again:
      the first day of the quarter after the grace that follows the last review that earned it
      (with the grace in force in the quarter);
    - GROWTH_TO_MARKET: per product line growing slower than its market (the prior-year basis
      qualifies and the market figure is known), the revenue still needed to reach
      prior x (1 + market growth);
    - SHARE_CUSTOMER_DATA: when the coverage gate fails on positive revenue, the revenue already
      sold that still needs its end_customer_id: share x positive revenue - covered revenue;
    - CLAIM_REWARD: per reward type of a quarter that is over, the entitlement still to claim (the
      ledger's positive total for the key) while no claim of the key was approved; once one was,
      fully or partly, a later claim is a duplicate (overview: Claims): nothing is left to claim. -#}

with tiers as (
    select * from {{ ref('int_partner_tiers_assessed') }}
),

-- The thresholds and the coverage share in force in each quarter (overview: Rules over time).
thresholds as (
    select fiscal_quarter, tier, threshold_usd from {{ ref('int_tier_thresholds_in_force') }}
),

rules as (
    select fiscal_quarter, coverage_gate_share from {{ ref('int_reward_rules_in_force') }}
),

next_tier as (
    select
        partner_id, fiscal_quarter, 'NEXT_TIER' as action, cast(null as string) as product_line,
        next_tier as tier, cast(null as string) as reward_type,
        gap_to_next_tier_usd as amount_usd,
        cast(null as date) as tier_drops_on
    from tiers
    where next_tier is not null and gap_to_next_tier_usd > 0
),

reviews as (
    select * from {{ ref('int_partner_tiers_in_force') }}
),

grace as (
    select quarter_index, grace_quarters from {{ ref('int_tier_review_rules_in_force') }}
),

-- At risk: the last earlier review that earned the tier in force keeps it through the grace.
tier_drops as (
    select
        at_risk.partner_id,
        at_risk.fiscal_quarter,
        max(earlier.quarter_index) + min(grace.grace_quarters) + 2 as drops_in_quarter_index
    from reviews as at_risk
    inner join grace
        on at_risk.quarter_index = grace.quarter_index
    inner join reviews as earlier
        on at_risk.partner_id = earlier.partner_id
        and earlier.quarter_index < at_risk.quarter_index
        and earlier.earned_tier_rank >= at_risk.tier_in_force_rank
    where at_risk.earned_tier_rank < at_risk.tier_in_force_rank
    group by at_risk.partner_id, at_risk.fiscal_quarter
),

keep_tier as (
    select
        tiers.partner_id, tiers.fiscal_quarter, 'KEEP_TIER' as action,
        cast(null as string) as product_line, tiers.tier_in_force as tier,
        cast(null as string) as reward_type,
        thresholds.threshold_usd - tiers.review_revenue_usd as amount_usd,
        {{ fiscal_quarter_month_start('tier_drops.drops_in_quarter_index') }} as tier_drops_on
    from tiers
    inner join thresholds
        on tiers.fiscal_quarter = thresholds.fiscal_quarter
        and tiers.tier_in_force = thresholds.tier
    left join tier_drops
        on tiers.partner_id = tier_drops.partner_id
        and tiers.fiscal_quarter = tier_drops.fiscal_quarter
    where tiers.at_risk and thresholds.threshold_usd > tiers.review_revenue_usd
),

growth as (
    select
        partner_id, fiscal_quarter, 'GROWTH_TO_MARKET' as action, product_line,
        cast(null as string) as tier, cast(null as string) as reward_type,
        market_target_usd - net_revenue_usd as amount_usd,
        cast(null as date) as tier_drops_on
    from {{ ref('int_partner_product_line_growth') }}
    where growth_decision = 'BELOW_MARKET'
),

coverage as (
    select
        statements.partner_id, statements.fiscal_quarter, 'SHARE_CUSTOMER_DATA' as action,
        cast(null as string) as product_line, cast(null as string) as tier,
        cast(null as string) as reward_type,
        cast(statements.positive_revenue_usd as decimal(38, 12)) * rules.coverage_gate_share
            - cast(statements.covered_revenue_usd as decimal(38, 12)) as amount_usd,
        cast(null as date) as tier_drops_on
    from {{ ref('int_partner_statements') }} as statements
    inner join rules
        on statements.fiscal_quarter = rules.fiscal_quarter
    where not statements.coverage_gate_passed and statements.positive_revenue_usd > 0
),

quarters_over as (
    select fiscal_quarter from {{ ref('int_fiscal_quarters') }} where not is_open
),

entitlements as (
    select ledger.partner_id, ledger.fiscal_quarter, ledger.reward_type,
        sum(ledger.amount_usd) as entitlement_usd
    from {{ ref('int_rebate_ledger') }} as ledger
    inner join quarters_over
        on ledger.fiscal_quarter = quarters_over.fiscal_quarter
    group by ledger.partner_id, ledger.fiscal_quarter, ledger.reward_type
),

claimed as (
    select distinct partner_id, fiscal_quarter, reward_type
    from {{ ref('int_claims_decided') }}
    where decision in ('APPROVED', 'PARTIAL')
),

to_claim as (
    select
        entitlements.partner_id, entitlements.fiscal_quarter, 'CLAIM_REWARD' as action,
        cast(null as string) as product_line, cast(null as string) as tier,
        entitlements.reward_type,
        -- As the other actions' amounts: a union of DECIMAL(38, 2) would round theirs.
        cast(entitlements.entitlement_usd as decimal(38, 12)) as amount_usd,
        cast(null as date) as tier_drops_on
    from entitlements
    left join claimed
        on entitlements.partner_id = claimed.partner_id
        and entitlements.fiscal_quarter = claimed.fiscal_quarter
        and entitlements.reward_type = claimed.reward_type
    where entitlements.entitlement_usd > 0 and claimed.partner_id is null
),

actions as (
    select * from next_tier
    union all
    select * from keep_tier
    union all
    select * from growth
    union all
    select * from coverage
    union all
    select * from to_claim
)

select
    partner_id,
    fiscal_quarter,
    action,
    product_line,
    tier,
    reward_type,
    cast(amount_usd as decimal(38, 12)) as amount_usd,
    tier_drops_on
from actions
