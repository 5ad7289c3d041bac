with source as (
    select * from {{ source('published_build', 'sell_through_lines') }}
),

renamed as (
    select
        -- ids
        distributor_id,
        report_line_id,
        -- lineage
        source_file,
        file_checksum
    from source
)

select * from renamed
