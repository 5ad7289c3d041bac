{#- The quarantined lines with their reason and the values as sent, so that the distributor or
    the master data can be fixed; a fixed line comes back by itself on the next run. An
    increment rebuilds the touched lines only, which are all the resolution holds then
    (macros/touched_lines.sql). -#}

{{ config(
    materialized=line_grain_materialization(),
    incremental_strategy='touched_lines',
    on_schema_change='fail'
) }}
-- depends_on: {{ ref('int_sell_through_touched_keys') }}
-- depends_on: {{ ref('int_sell_through_changed_files') }}

select
    distributor_id,
    report_line_id,
    source_file,
    line_number,
    reason,
    invoice_date_text,
    reseller_account,
    sku,
    quantity_text,
    unit_price_text,
    currency
from {{ ref('int_sell_through_lines_resolved') }}
where outcome = 'QUARANTINED'
