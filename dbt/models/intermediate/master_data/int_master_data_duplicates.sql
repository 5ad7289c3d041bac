{#- Rows of the master files whose key repeats an earlier row's: the first row counts (ids match
    exactly, after trimming; overview: The landing folder), these are left out and listed here. -#}

with repeated as (
    {{ repeated_key_rows(ref('stg_landing__partners'), 'partners', ['partner_id']) }}
    union all
    {{ repeated_key_rows(ref('stg_landing__partner_accounts'), 'partner_accounts',
        ['distributor_id', 'reseller_account']) }}
    union all
    {{ repeated_key_rows(ref('stg_landing__products'), 'products', ['sku']) }}
    union all
    {{ repeated_key_rows(ref('stg_landing__market_growth'), 'market_growth',
        ['fiscal_quarter', 'product_line', 'region']) }}
)

select landed_source, source_file, line_number, key_value, counted_line_number
from repeated
where line_number <> counted_line_number
