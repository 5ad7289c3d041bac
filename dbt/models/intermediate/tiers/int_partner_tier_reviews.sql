{#- The review at the close of each quarter (spec section 5): trailing revenue over the review
    window ending with the quarter, and the tier it earns (the highest threshold reached, at or
    above counts), each with the rules in force in the reviewed quarter (spec section 11). The
    open as-of quarter's review is quarter to date. Every partner has a row for every program
    quarter, also one that never sold. -#}

with partners as (
    select partner_id from {{ ref('int_partners') }}
),

quarters as (
    select
        quarters.quarter_index,
        quarters.fiscal_quarter,
        quarters.is_open,
        rules.review_window_quarters
    from {{ ref('int_fiscal_quarters') }} as quarters
    inner join {{ ref('int_tier_review_rules_in_force') }} as rules
        on quarters.quarter_index = rules.quarter_index
),

thresholds as (
    select quarter_index, tier_rank, threshold_usd from {{ ref('int_tier_thresholds_in_force') }}
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
        coalesce(sum(revenue.net_revenue_usd), 0) as review_revenue_usd
    from partners
    cross join quarters
    left join revenue
        on partners.partner_id = revenue.partner_id
        and revenue.quarter_index <= quarters.quarter_index
        and revenue.quarter_index > quarters.quarter_index - quarters.review_window_quarters
    group by partners.partner_id, quarters.quarter_index, quarters.fiscal_quarter, quarters.is_open
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
    reviews.review_revenue_usd,
    coalesce(earned.earned_tier_rank, lowest_tier.tier_rank) as earned_tier_rank
from reviews
cross join lowest_tier
left join earned
    on reviews.partner_id = earned.partner_id
    and reviews.quarter_index = earned.quarter_index
