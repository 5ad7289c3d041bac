with source as (
    select * from {{ source('landing', 'sell_through_lines') }}
),

renamed as (
    select
        -- ids
        distributor_id,
        report_line_id,
        reseller_account,
        sku,
        deal_id,
        -- end customer
        end_customer_id,
        end_customer_name,
        end_customer_country,
        end_customer_segment,
        -- dates
        invoice_date,
        invoice_date_text,
        -- amounts
        quantity,
        quantity_text,
        unit_price,
        unit_price_text,
        currency,
        -- lineage: the report file (its name orders restatements) and the line in it
        source_file,
        line_number,
        file_checksum
    from source
)

select * from renamed
