with source as (
    select * from {{ source('close_register', 'quarter_closes') }}
),

renamed as (
    select
        close_sequence,
        fiscal_quarter,
        {{ fiscal_quarter_index_from_text('fiscal_quarter') }} as quarter_index,
        action,
        closed_by,
        -- Parquet's timestamps without a zone: Spark reads them as timestamp_ntz.
        cast(closed_at as timestamp) as closed_at,
        reason,
        cast(figures_as_of as timestamp) as figures_as_of,
        ledger_lines,
        ledger_total_usd,
        sha256
    from source
)

select * from renamed
