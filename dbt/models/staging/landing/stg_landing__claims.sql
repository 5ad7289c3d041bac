with source as (
    select * from {{ source('landing', 'claims') }}
),

renamed as (
    select
        -- ids
        claim_id,
        partner_id,
        -- attributes
        fiscal_quarter,
        reward_type,
        -- amounts
        amount_usd,
        amount_usd_text,
        -- timestamps (UTC)
        submitted_at,
        submitted_at_text,
        -- lineage
        source_file,
        line_number
    from source
)

select * from renamed
