{#- Tier in force per partner and quarter (spec section 5): the highest tier earned at the reviews
    of the quarters before it, looking back one quarter plus the grace quarters (default: Q-1 and
    Q-2), so that a promotion is immediate and a demotion waits out the grace. No review yet:
    the lowest tier. Next tier, gap and risk are measured against the quarter's own review. -#}

with reviews as (
    select * from {{ ref('int_partner_tier_reviews') }}
),

rules as (
    select grace_quarters from {{ ref('tier_review_rules') }}
),

tiers as (
    select tier, tier_rank, threshold_usd from {{ ref('tier_thresholds') }}
),

in_force as (
    select
        current_review.partner_id,
        current_review.quarter_index,
        coalesce(max(prior_review.earned_tier_rank), 1) as tier_in_force_rank
    from reviews as current_review
    cross join rules
    left join reviews as prior_review
        on current_review.partner_id = prior_review.partner_id
        and prior_review.quarter_index < current_review.quarter_index
        and prior_review.quarter_index >= current_review.quarter_index - 1 - rules.grace_quarters
    group by current_review.partner_id, current_review.quarter_index
)

select
    reviews.partner_id,
    reviews.fiscal_quarter,
    reviews.is_open,
    reviews.review_revenue_usd,
    earned_tier.tier as earned_tier,
    tier_in_force.tier as tier_in_force,
    next_tier.tier as next_tier,
    case
        when next_tier.tier is not null
            then greatest(next_tier.threshold_usd - reviews.review_revenue_usd, 0)
    end as gap_to_next_tier_usd,
    reviews.earned_tier_rank < in_force.tier_in_force_rank as at_risk
from reviews
inner join in_force
    on reviews.partner_id = in_force.partner_id
    and reviews.quarter_index = in_force.quarter_index
inner join tiers as earned_tier
    on reviews.earned_tier_rank = earned_tier.tier_rank
inner join tiers as tier_in_force
    on in_force.tier_in_force_rank = tier_in_force.tier_rank
left join tiers as next_tier
    on in_force.tier_in_force_rank + 1 = next_tier.tier_rank
