with source as (
    select * from {{ source('landing', 'run_context') }}
),

renamed as (
    select
        as_of_utc
    from source
)

select * from renamed
