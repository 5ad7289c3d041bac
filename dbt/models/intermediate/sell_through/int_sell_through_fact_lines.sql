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

-- The converted lines as they are: the contract (the YAML) lists and orders the columns.
select * from {{ ref('int_sell_through_lines_converted') }}
