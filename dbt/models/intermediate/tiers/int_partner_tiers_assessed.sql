{#- Each partner's tier per quarter (overview: Tiers): the tier in force (int_partner_tiers_in_force)
    with the tier the quarter's own review earns, the next tier, the gap to it at the thresholds
    in force in the quarter (overview: Rules over time) and the risk. A closed quarter's rows are those
    recorded when it closed (overview: Closing a quarter). -#}

with tiers_in_force as (
    select * from {{ ref('int_partner_tiers_in_force') }}
),

tiers as (
    select quarter_index, tier, tier_rank, threshold_usd
    from {{ ref('int_tier_thresholds_in_force') }}
),

computed as (
    select
        tiers_in_force.partner_id,
        tiers_in_force.fiscal_quarter,
        tiers_in_force.is_open,
        tiers_in_force.review_revenue_usd,
        earned_tier.tier as earned_tier,
        tiers_in_force.tier_in_force,
        next_tier.tier as next_tier,
        case
            when next_tier.tier is not null
                then greatest(next_tier.threshold_usd - tiers_in_force.review_revenue_usd, 0)
        end as gap_to_next_tier_usd,
        tiers_in_force.earned_tier_rank < tiers_in_force.tier_in_force_rank as at_risk
    from tiers_in_force
    inner join tiers as earned_tier
        on tiers_in_force.quarter_index = earned_tier.quarter_index
        and tiers_in_force.earned_tier_rank = earned_tier.tier_rank
    left join tiers as next_tier
        on tiers_in_force.quarter_index = next_tier.quarter_index
        and tiers_in_force.tier_in_force_rank + 1 = next_tier.tier_rank
    where not tiers_in_force.is_closed
),

recorded as (
    select
        partner_id, fiscal_quarter, is_open, review_revenue_usd, earned_tier, tier_in_force,
        next_tier, gap_to_next_tier_usd, at_risk
    from ({{ recorded_rows('stg_close_register__partner_tiers') }}) as recorded
)

select * from computed
union all
select * from recorded
