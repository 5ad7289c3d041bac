{#- The report_line_ids a distributor sent more than once (restated, or repeated within a file),
    with the latest file that holds each and how many copies of it that file holds. Files apply
    in file-name order within the distributor's folder (spec section 3): plain code-point order,
    which is how both engines compare strings, so the latest file is the greatest source_file.
    An id sent once is its own latest version with one copy and needs no row here: the table
    stays a few percent of the lines, and the resolution joins it as a small build side. -#}

with keyed_lines as (
    select distributor_id, report_line_id, source_file
    from {{ ref('stg_landing__sell_through_lines') }}
    where report_line_id is not null
),

repeated as (
    select distributor_id, report_line_id, max(source_file) as latest_source_file
    from keyed_lines
    group by distributor_id, report_line_id
    having count(*) > 1
)

select
    repeated.distributor_id,
    repeated.report_line_id,
    repeated.latest_source_file,
    sum(case when keyed_lines.source_file = repeated.latest_source_file then 1 else 0 end)
        as copies_in_latest_file
from repeated
inner join keyed_lines
    on repeated.distributor_id = keyed_lines.distributor_id
    and repeated.report_line_id = keyed_lines.report_line_id
group by repeated.distributor_id, repeated.report_line_id, repeated.latest_source_file
