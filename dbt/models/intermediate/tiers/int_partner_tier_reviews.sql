{#- The review at the close of each quarter (overview: Tiers): trailing revenue over the review
    window ending with the quarter, and the tier it earns (the highest threshold reached, at or
    above counts), each with the rules in force in the reviewed quarter (overview: Rules over time). The
    open as-of quarter's review is quarter to date. Every partner has a row for every program
    quarter, also one that never sold. A closed quarter's review earned the tier recorded when
    it closed (overview: Closing a quarter), whatever its lines say now. -#}

with partners as (
    select partner_id from {{ ref('int_partners') }}
),

quarters as (
    select
        quarters.quarter_index,
        quarters.fiscal_quarter,
        quarters.is_open,
        quarters.is_closed,
        rules.review_window_quarters
    from {{ ref('int_fiscal_quarters') }} as quarters
    inner join {{ ref('int_tier_review_rules_in_force') }} as rules
        on quarters.quarter_index = rules.quarter_index
),

thresholds as (
    select quarter_index, tier, tier_rank, threshold_usd
    from {{ ref('int_tier_thresholds_in_force') }}
),

recorded as (
    select recorded.partner_id, recorded.quarter_index, thresholds.tier_rank as earned_tier_rank
    from ({{ recorded_rows('stg_close_register__partner_tiers') }}) as recorded
    inner join thresholds
        on recorded.quarter_index = thresholds.quarter_index
        and recorded.earned_tier = thresholds.tier
),

-- Earned by any review, a negative one included: the lowest tier of the tier file.
lowest_tier as (
    select min(tier_rank) as tier_rank from thresholds
),

revenue as (
    select * from {{ ref('int_partner_quarter_revenue') }}
),

reviews as (
    select
        partners.partner_id,
        quarters.quarter_index,
        quarters.fiscal_quarter,
        quarters.is_open,
        quarters.is_closed,
        coalesce(sum(revenue.net_revenue_usd), 0) as review_revenue_usd
    from partners
    cross join quarters
    left join revenue
        on partners.partner_id = revenue.partner_id
        and revenue.quarter_index <= quarters.quarter_index
        and revenue.quarter_index > quarters.quarter_index - quarters.review_window_quarters
    group by
        partners.partner_id,
        quarters.quarter_index,
        quarters.fiscal_quarter,
        quarters.is_open,
        quarters.is_closed
),

earned as (
    select
        reviews.partner_id,
        reviews.quarter_index,
        max(thresholds.tier_rank) as earned_tier_rank
    from reviews
    inner join thresholds
        on reviews.quarter_index = thresholds.quarter_index
        and reviews.review_revenue_usd >= thresholds.threshold_usd
    group by reviews.partner_id, reviews.quarter_index
)

select
    reviews.partner_id,
    reviews.quarter_index,
    reviews.fiscal_quarter,
    reviews.is_open,
    reviews.is_closed,
    reviews.review_revenue_usd,
    coalesce(recorded.earned_tier_rank, earned.earned_tier_rank, lowest_tier.tier_rank)
        as earned_tier_rank
from reviews
cross join lowest_tier
left join earned
    on reviews.partner_id = earned.partner_id
    and reviews.quarter_index = earned.quarter_index
left join recorded
    on reviews.partner_id = recorded.partner_id
    and reviews.quarter_index = recorded.quarter_index
