{#- Revenue and growth against the market per partner, quarter and product line, as int_partner_product_line_growth decides them. -#}

select * from {{ ref('int_partner_product_line_growth') }}
