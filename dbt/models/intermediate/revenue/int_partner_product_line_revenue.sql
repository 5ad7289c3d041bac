{#- A partner's revenue per quarter and product line (overview: Revenue): net revenue (returns
    included), the revenue of its positive lines (quantity > 0) and of those positive lines that
    carry an end_customer_id (the data-sharing coverage's two sides). Every quarter of the fact,
    later ones too: the models that use it keep the program quarters.

    Reads the fact's lines, the one table of surviving lines: they are already resolved,
    converted and placed in their quarter, and a column scan of them costs a fraction of
    resolving them again. -#}

with lines as (
    select
        partner_id,
        quarter_index,
        product_line,
        quantity,
        end_customer_id,
        net_revenue_usd
    from {{ ref('int_sell_through_fact_lines') }}
)

select
    partner_id,
    quarter_index,
    product_line,
    sum(net_revenue_usd) as net_revenue_usd,
    coalesce(sum(case when quantity > 0 then net_revenue_usd end), 0) as positive_revenue_usd,
    coalesce(
        sum(case when quantity > 0 and end_customer_id is not null then net_revenue_usd end), 0
    ) as covered_revenue_usd
from lines
group by partner_id, quarter_index, product_line
