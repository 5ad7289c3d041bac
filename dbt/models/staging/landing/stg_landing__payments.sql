with source as (
    select * from {{ source('landing', 'payments') }}
),

renamed as (
    select
        -- ids
        payment_id,
        partner_id,
        claim_id,
        -- attributes
        fiscal_quarter,
        -- amounts
        amount_usd,
        amount_usd_text,
        -- dates
        paid_on,
        paid_on_text,
        -- lineage
        source_file,
        line_number
    from source
)

select * from renamed
