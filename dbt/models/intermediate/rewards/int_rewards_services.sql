{#- SERVICES (overview: Rewards): the services rate on the net revenue of the whole deal, hardware
    included, for every deal of a program quarter that holds a positive service line and whose
    net revenue is positive, at the rate in force in the quarter (overview: Rules over time); the rules
    hold a row for every program quarter and for no other. -#}

with deals as (
    select * from {{ ref('int_deals') }}
    where holds_service and net_revenue_usd > 0
)

select
    deals.partner_id,
    deals.quarter_index,
    'SERVICES' as reward_type,
    cast(null as string) as product_line,
    deals.reference,
    deals.net_revenue_usd as basis_usd,
    rules.services_rate as rate,
    {{ round_money('deals.net_revenue_usd * rules.services_rate') }} as amount_usd,
    cast(null as string) as note
from deals
inner join {{ ref('int_reward_rules_in_force') }} as rules
    on deals.quarter_index = rules.quarter_index
