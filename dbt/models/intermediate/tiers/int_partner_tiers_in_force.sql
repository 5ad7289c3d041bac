{#- The tier in force per partner and quarter (spec section 5): the highest tier earned at the
    reviews of the quarters before it, looking back one quarter plus the grace quarters (default:
    Q-1 and Q-2), so that a promotion is immediate and a demotion waits out the grace. No review
    yet: the lowest tier of the tier seed. Ranks and names come from the tier seed. -#}

with reviews as (
    select * from {{ ref('int_partner_tier_reviews') }}
),

rules as (
    select grace_quarters from {{ ref('tier_review_rules') }}
),

tiers as (
    select tier, tier_rank from {{ ref('tier_thresholds') }}
),

lowest_tier as (
    select min(tier_rank) as tier_rank from tiers
),

in_force as (
    select
        current_review.partner_id,
        current_review.quarter_index,
        coalesce(max(prior_review.earned_tier_rank), min(lowest_tier.tier_rank))
            as tier_in_force_rank
    from reviews as current_review
    cross join rules
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
    reviews.review_revenue_usd,
    reviews.earned_tier_rank,
    in_force.tier_in_force_rank,
    tier_in_force.tier as tier_in_force
from reviews
inner join in_force
    on reviews.partner_id = in_force.partner_id
    and reviews.quarter_index = in_force.quarter_index
inner join tiers as tier_in_force
    on in_force.tier_in_force_rank = tier_in_force.tier_rank
