{#- The tier in force per partner and quarter (overview: Tiers): the highest tier earned at the
    reviews of the quarters before it, looking back one quarter plus the grace quarters in force
    in the quarter (default: Q-1 and Q-2), so that a promotion is immediate and a demotion waits
    out the grace. Each of those reviews earned its tier with the thresholds of its own quarter
    (overview: Rules over time). No review yet: the lowest tier of the tier file. A closed quarter's tier in
    force is the one recorded when it closed (overview: Closing a quarter): its rewards are recomputed at it. -#}

with reviews as (
    select * from {{ ref('int_partner_tier_reviews') }}
),

rules as (
    select quarter_index, grace_quarters from {{ ref('int_tier_review_rules_in_force') }}
),

tiers as (
    select quarter_index, tier, tier_rank from {{ ref('int_tier_thresholds_in_force') }}
),

lowest_tier as (
    select min(tier_rank) as tier_rank from tiers
),

recorded as (
    select recorded.partner_id, recorded.quarter_index, tiers.tier_rank as tier_in_force_rank
    from ({{ recorded_rows('stg_close_register__partner_tiers') }}) as recorded
    inner join tiers
        on recorded.quarter_index = tiers.quarter_index
        and recorded.tier_in_force = tiers.tier
),

in_force as (
    select
        current_review.partner_id,
        current_review.quarter_index,
        coalesce(max(prior_review.earned_tier_rank), min(lowest_tier.tier_rank))
            as tier_in_force_rank
    from reviews as current_review
    inner join rules
        on current_review.quarter_index = rules.quarter_index
    cross join lowest_tier
    left join reviews as prior_review
        on current_review.partner_id = prior_review.partner_id
        and prior_review.quarter_index < current_review.quarter_index
        and prior_review.quarter_index >= current_review.quarter_index - 1 - rules.grace_quarters
    group by current_review.partner_id, current_review.quarter_index
)

select
    reviews.partner_id,
    reviews.quarter_index,
    reviews.fiscal_quarter,
    reviews.is_open,
    reviews.is_closed,
    reviews.review_revenue_usd,
    reviews.earned_tier_rank,
    tier_in_force.tier_rank as tier_in_force_rank,
    tier_in_force.tier as tier_in_force
from reviews
inner join in_force
    on reviews.partner_id = in_force.partner_id
    and reviews.quarter_index = in_force.quarter_index
left join recorded
    on reviews.partner_id = recorded.partner_id
    and reviews.quarter_index = recorded.quarter_index
inner join tiers as tier_in_force
    on in_force.quarter_index = tier_in_force.quarter_index
    and coalesce(recorded.tier_in_force_rank, in_force.tier_in_force_rank) = tier_in_force.tier_rank
