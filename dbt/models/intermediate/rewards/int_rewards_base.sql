{#- BASE (overview: Rewards): one line per partner, program quarter and product line with positive
    net revenue, at the rate in force in the quarter (overview: Rules over time) for the tier in force and the product line. A tier whose rate is 0
    (AUTHORIZED by default) gets its line with amount 0: the statement shows the rate it earns. A
    quarter whose product-line revenue is not above zero earns nothing and has no line. -#}

with revenue as (
    select * from {{ ref('int_partner_product_line_revenue') }}
    where net_revenue_usd > 0
),

partner_quarters as (
    select partner_id, quarter_index, tier_in_force from {{ ref('int_partner_tiers_in_force') }}
)

select
    revenue.partner_id,
    revenue.quarter_index,
    'BASE' as reward_type,
    revenue.product_line,
    revenue.product_line as reference,
    revenue.net_revenue_usd as basis_usd,
    rates.rate,
    {{ round_money('revenue.net_revenue_usd * rates.rate') }} as amount_usd,
    cast(null as string) as note
from revenue
inner join partner_quarters
    on revenue.partner_id = partner_quarters.partner_id
    and revenue.quarter_index = partner_quarters.quarter_index
inner join {{ ref('int_base_rebate_rates_in_force') }} as rates
    on partner_quarters.quarter_index = rates.quarter_index
    and partner_quarters.tier_in_force = rates.tier
    and revenue.product_line = rates.product_line
