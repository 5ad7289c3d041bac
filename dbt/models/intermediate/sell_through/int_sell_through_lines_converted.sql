{#- The lines that survive into the fact, in USD and placed in their fiscal quarter.
    net_revenue_usd = quantity x unit_price x usd_per_unit of the invoice month, exact and
    unrounded (overview: Revenue): the price is widened first so that the product cannot overflow
    (shared/PORTABILITY.md, point 4). A view: the fact materializes it. -#}

{{ config(materialized='view') }}

with facts as (
    select * from {{ ref('int_sell_through_lines_resolved') }}
    where outcome = 'FACT'
)

select
    distributor_id,
    report_line_id,
    partner_id,
    invoice_date,
    cast({{ fiscal_quarter_index('invoice_date') }} as int) as quarter_index,  -- one type on every engine
    end_customer_id,
    end_customer_name,
    end_customer_country,
    end_customer_segment,
    sku,
    product_line,
    is_service,
    solution,
    quantity,
    unit_price,
    currency,
    usd_per_unit,
    cast(quantity as decimal(38, 0)) * cast(unit_price as decimal(38, 8)) * usd_per_unit
        as net_revenue_usd,
    deal_id,
    source_file,
    line_number,
    file_checksum
from facts
