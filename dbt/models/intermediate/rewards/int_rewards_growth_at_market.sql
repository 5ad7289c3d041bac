{#- GROWTH_AT_MARKET (overview: Rewards): the bonus of the tier in force on the product line's net
    revenue in the quarter, where every gate passed (int_growth_at_market_decisions). -#}

select
    partner_id,
    quarter_index,
    'GROWTH_AT_MARKET' as reward_type,
    product_line,
    product_line as reference,
    net_revenue_usd as basis_usd,
    bonus_rate as rate,
    {{ round_money('net_revenue_usd * bonus_rate') }} as amount_usd,
    cast(null as string) as note
from {{ ref('int_growth_at_market_decisions') }}
where decision = 'EARNED'
