{#- The report files whose lines are not those the published warehouse was built from: new,
    restated in place (another SHA-256) or withdrawn. An incremental build rebuilds the lines
    they hold or held, and every line of a report_line_id they hold or held
    (int_sell_through_touched_keys); every other line's outcome is as published, since it
    depends only on the versions of its own id (overview: The landing folder) and on master data, program and
    code, which the pipeline checks are unchanged before it builds on the published warehouse.
    A full build compares nothing: empty. -#}

with current_files as (
    select distinct source_file, file_checksum
    from {{ ref('stg_landing__sell_through_lines') }}
    where {{ is_line_increment() }}
),

published_files as (
    select distinct source_file, file_checksum
    from {{ ref('stg_published_build__sell_through_lines') }}
    where {{ is_line_increment() }}
),

new_or_restated as (
    select current_files.source_file
    from current_files
    left join published_files
        on current_files.source_file = published_files.source_file
        and current_files.file_checksum = published_files.file_checksum
    where published_files.source_file is null
),

withdrawn_or_restated as (
    select published_files.source_file
    from published_files
    left join current_files
        on published_files.source_file = current_files.source_file
        and published_files.file_checksum = current_files.file_checksum
    where current_files.source_file is null
)

select source_file from new_or_restated
union
select source_file from withdrawn_or_restated
