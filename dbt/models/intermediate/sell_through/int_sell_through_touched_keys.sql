{#- The report_line_ids (within their distributor) that a changed report file holds now or held
    in the published warehouse: their versions may have changed, so an incremental build
    resolves every line of them again. Empty in a full build. -#}

with changed_files as (
    select source_file from {{ ref('int_sell_through_changed_files') }}
),

held_now as (
    select lines.distributor_id, lines.report_line_id
    from {{ ref('stg_landing__sell_through_lines') }} as lines
    inner join changed_files
        on lines.source_file = changed_files.source_file
    where lines.report_line_id is not null
),

held_before as (
    select published.distributor_id, published.report_line_id
    from {{ ref('stg_published_build__sell_through_lines') }} as published
    inner join changed_files
        on published.source_file = changed_files.source_file
    where published.report_line_id is not null
)

select distributor_id, report_line_id from held_now
union
select distributor_id, report_line_id from held_before
