{#- Deals (overview: Rewards): the lines of one partner in one quarter that share a deal_id, across
    distributors; a service line without a deal_id is a deal of its own, referenced as
    `<distributor_id>:<report_line_id>`. A deal holds a service when one of its lines is a service
    line with positive quantity. Lines of neither kind (no deal, not a service) are in no deal. -#}

with lines as (
    select
        partner_id,
        quarter_index,
        {{ deal_reference() }} as reference,
        case when is_service and quantity > 0 then 1 else 0 end as is_positive_service,
        net_revenue_usd
    from {{ ref('int_sell_through_fact_lines') }}
    where deal_id is not null or is_service
)

select
    partner_id,
    quarter_index,
    reference,
    sum(net_revenue_usd) as net_revenue_usd,
    max(is_positive_service) = 1 as holds_service
from lines
group by partner_id, quarter_index, reference
