{#- Revenue and growth against the market per partner, quarter and product line, as int_partner_product_line_growth decides them. -#}

select
    partner_id,
    fiscal_quarter,
    product_line,
    net_revenue_usd,
    prior_year_revenue_usd,
    market_growth_rate,
    market_target_usd,
    growth_decision
from {{ ref('int_partner_product_line_growth') }}
