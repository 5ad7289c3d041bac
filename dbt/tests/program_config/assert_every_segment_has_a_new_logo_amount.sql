-- A failing row is a customer segment without a NEW_LOGO amount.
{{ config(meta={'dagster': {'ref': {'name': 'new_logo_amounts'}}}) }}

select segments.end_customer_segment
from {{ ref('customer_segments') }} as segments
left join {{ ref('new_logo_amounts') }} as amounts
    on segments.end_customer_segment = amounts.end_customer_segment
where amounts.end_customer_segment is null
