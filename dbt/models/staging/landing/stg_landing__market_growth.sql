with source as (
    select * from {{ source('landing', 'market_growth') }}
),

renamed as (
    select
        -- keys
        fiscal_quarter,
        product_line,
        region,
        -- rates
        growth_rate,
        growth_rate_text,
        -- lineage
        source_file,
        line_number
    from source
)

select * from renamed
