{#- A partner's revenue in a quarter: every fact line invoiced in it, returns included
    (spec section 4). -#}

select
    partner_id,
    quarter_index,
    sum(net_revenue_usd) as net_revenue_usd
from {{ ref('int_sell_through_lines_converted') }}
group by partner_id, quarter_index
