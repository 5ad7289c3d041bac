with source as (
    select * from {{ source('landing', 'landing_files') }}
),

renamed as (
    select
        -- ids
        source_file,
        source as landed_source,
        distributor_id,
        file_checksum,
        -- outcome
        status,
        reason,
        detail,
        lines
    from source
)

select * from renamed
