{#- Where every line read ended: exactly one row per line of every readable report file. An
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
    file_checksum,
    outcome,
    reason
from {{ ref('int_sell_through_lines_resolved') }}
