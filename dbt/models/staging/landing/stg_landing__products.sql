with source as (
    select * from {{ source('landing', 'products') }}
),

renamed as (
    select
        -- ids
        sku,
        -- attributes
        description,
        product_line,
        category,
        is_service,
        solution,
        -- lineage
        source_file,
        line_number
    from source
)

select * from renamed
