with source as (
    select * from {{ source('landing', 'fx_rates') }}
),

renamed as (
    select
        -- keys
        month as rate_month,
        currency,
        -- amounts
        usd_per_unit,
        -- lineage
        month_text,
        usd_per_unit_text,
        source_file,
        line_number
    from source
)

select * from renamed
