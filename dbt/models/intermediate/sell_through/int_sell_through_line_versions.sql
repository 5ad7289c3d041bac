{#- The report_line_ids a distributor sent more than once (restated, or repeated within a file),
    with the latest file that holds each and how many copies of it that file holds. Files apply
    in file-name order within the distributor's folder (overview: The landing folder): plain code-point order,
    which is how both engines compare strings, so the latest file is the greatest source_file.
    An id sent once is its own latest version with one copy and needs no row here: the table
    stays a few percent of the lines, and the resolution joins it as a small build side.
    Incremental (macros/touched_lines.sql): an increment recomputes the touched ids only. -#}

{{ config(
    materialized=line_grain_materialization(),
    incremental_strategy='touched_lines',
    on_schema_change='fail'
) }}
-- depends_on: {{ ref('int_sell_through_touched_keys') }}
-- depends_on: {{ ref('int_sell_through_changed_files') }}

with keyed_lines as (
    select
        distributor_id,
        report_line_id,
        source_file,
        {{ key_hash(['distributor_id', 'report_line_id']) }} as key_hash
    from {{ ref('stg_landing__sell_through_lines') }} as lines
    where report_line_id is not null
    {%- if is_incremental() %}
        and {{ is_touched_line('lines', by_file=false) }}
    {%- endif %}
),

-- Hashes seen more than once: every repeated id, and the rare id that shares a hash.
candidate_hashes as (
    select key_hash
    from keyed_lines
    group by key_hash
    having count(*) > 1
),

candidate_lines as (
    select keyed_lines.*
    from keyed_lines
    inner join candidate_hashes
        on keyed_lines.key_hash = candidate_hashes.key_hash
),

repeated as (
    select distributor_id, report_line_id, max(source_file) as latest_source_file
    from candidate_lines
    group by distributor_id, report_line_id
    having count(*) > 1
)

select
    repeated.distributor_id,
    repeated.report_line_id,
    repeated.latest_source_file,
    sum(case when candidate_lines.source_file = repeated.latest_source_file then 1 else 0 end)
        as copies_in_latest_file
from repeated
inner join candidate_lines
    on repeated.distributor_id = candidate_lines.distributor_id
    and repeated.report_line_id = candidate_lines.report_line_id
group by repeated.distributor_id, repeated.report_line_id, repeated.latest_source_file
