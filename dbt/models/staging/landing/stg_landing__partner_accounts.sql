with source as (
    select * from {{ source('landing', 'partner_accounts') }}
),

renamed as (
    select
        -- ids
        distributor_id,
        reseller_account,
        partner_id,
        -- lineage
        source_file,
        line_number
    from source
)

select * from renamed
