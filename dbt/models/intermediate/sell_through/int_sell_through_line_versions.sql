{#- Per distributor and report_line_id: the latest file that holds it (file-name order within
    the distributor's folder, spec section 3) and how many copies of it that file holds. Only
    the latest version counts, so only its file's duplicates matter. -#}

{{ config(materialized='view') }}

with copies_per_file as (
    select distributor_id, report_line_id, file_seq, count(*) as copies
    from {{ ref('stg_landing__sell_through_lines') }}
    where report_line_id is not null
    group by distributor_id, report_line_id, file_seq
)

select
    distributor_id,
    report_line_id,
    max(file_seq) as latest_file_seq,
    max_by(copies, file_seq) as copies_in_latest_file
from copies_per_file
group by distributor_id, report_line_id
