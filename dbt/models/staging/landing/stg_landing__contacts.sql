with source as (
    select * from {{ source('landing', 'contacts') }}
),

renamed as (
    select
        -- ids
        partner_id,
        email,
        -- attributes
        name as contact_name,
        personas,
        -- lineage
        source_file,
        line_number
    from source
)

select * from renamed
