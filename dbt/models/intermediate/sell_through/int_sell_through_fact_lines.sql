{#- The lines of the sell-through fact, stored: one row per surviving line (outcome FACT), in USD,
    with the index of its fiscal quarter, which every model that sums lines by quarter reads
    as it is. The mart fct_sell_through publishes it (the quarter as text). An increment
    rebuilds the touched lines only, which are all the resolution holds then
    (macros/touched_lines.sql). -#}

{{ config(
    materialized=line_grain_materialization(),
    incremental_strategy='touched_lines',
    on_schema_change='fail'
) }}
-- depends_on: {{ ref('int_sell_through_touched_keys') }}
-- depends_on: {{ ref('int_sell_through_changed_files') }}

with lines as (
    select * from {{ ref('int_sell_through_lines_converted') }}
)

select
    distributor_id,
    report_line_id,
    partner_id,
    invoice_date,
    cast(quarter_index as int) as quarter_index,  -- one type on every engine (the contract's)
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
    net_revenue_usd,
    deal_id,
    source_file,
    line_number,
    file_checksum
from lines
