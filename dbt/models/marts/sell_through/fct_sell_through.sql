{#- The sell-through fact: one row per surviving line (outcome FACT), in USD, published from
    int_sell_through_fact_lines with its quarter as text. A view, so the lines are stored once:
    it names its table without the build file's database, so that it reads as well in the
    published file as anywhere. -#}

{{ config(materialized='view') }}

{%- set lines = ref('int_sell_through_fact_lines').include(database=False) %}

select
    distributor_id,
    report_line_id,
    partner_id,
    invoice_date,
    {{ fiscal_quarter_label('quarter_index') }} as fiscal_quarter,
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
from {{ lines }}
