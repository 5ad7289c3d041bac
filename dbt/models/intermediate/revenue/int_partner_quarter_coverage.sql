{#- Data-sharing coverage per partner and program quarter (overview: Revenue): the revenue of
    positive lines carrying an end_customer_id against the revenue of all positive lines. The
    gate is decided exactly, covered >= share x total, never on a ratio; no positive revenue: no
    coverage, and the gate fails. The share is the one in force in the quarter (overview: Rules over time). `coverage` is the ratio for reading only (6 decimals). -#}

with quarters as (
    select partner_id, quarter_index from {{ ref('int_partner_tiers_in_force') }}
),

revenue as (
    select * from {{ ref('int_partner_quarter_revenue') }}
),

rules as (
    select quarter_index, coverage_gate_share from {{ ref('int_reward_rules_in_force') }}
),

sides as (
    select
        quarters.partner_id,
        quarters.quarter_index,
        coalesce(revenue.positive_revenue_usd, 0) as positive_revenue_usd,
        coalesce(revenue.covered_revenue_usd, 0) as covered_revenue_usd
    from quarters
    left join revenue
        on quarters.partner_id = revenue.partner_id
        and quarters.quarter_index = revenue.quarter_index
)

select
    sides.partner_id,
    sides.quarter_index,
    sides.positive_revenue_usd,
    sides.covered_revenue_usd,
    case
        when sides.positive_revenue_usd > 0
            then cast(
                cast(sides.covered_revenue_usd as double) / cast(sides.positive_revenue_usd as double)
                as decimal(9, 6))
    end as coverage,
    sides.positive_revenue_usd > 0
        and {{ decimal_at_least_product(
            'sides.covered_revenue_usd', 'sides.positive_revenue_usd', 'rules.coverage_gate_share'
        ) }} as coverage_gate_passed
from sides
inner join rules
    on sides.quarter_index = rules.quarter_index
