with source as (
    select * from {{ source('landing', 'partners') }}
),

renamed as (
    select
        -- ids
        partner_id,
        -- attributes
        partner_name,
        country,
        region,
        enrolled_on,
        coalesce(status, 'ACTIVE') as status,
        -- lineage
        source_file,
        line_number
    from source
)

select * from renamed
