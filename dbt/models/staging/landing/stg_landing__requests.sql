with source as (
    select * from {{ source('landing', 'requests') }}
),

renamed as (
    select
        -- ids
        request_id,
        partner_id,
        -- attributes
        request_type,
        country,
        -- timestamps (UTC)
        submitted_at,
        submitted_at_text,
        responded_at,
        responded_at_text,
        -- lineage
        source_file,
        line_number
    from source
)

select * from renamed
