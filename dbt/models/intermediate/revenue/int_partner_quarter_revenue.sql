{#- A partner's revenue in a quarter: every fact line invoiced in it, returns included
    (overview: Revenue), with the two sides of its data-sharing coverage. -#}

select
    partner_id,
    quarter_index,
    sum(net_revenue_usd) as net_revenue_usd,
    sum(positive_revenue_usd) as positive_revenue_usd,
    sum(covered_revenue_usd) as covered_revenue_usd
from {{ ref('int_partner_product_line_revenue') }}
group by partner_id, quarter_index
