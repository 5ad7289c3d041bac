{#- What each combination of account, SKU, currency and invoice month found in the reports
    resolves to: the partner, the product and the USD rate. Resolved once per combination (a few
    hundred thousand at most), not once per line. An account whose partner is not in
    partners.csv does not resolve; where master data holds a key twice, its first row counts. -#}

{{ config(materialized='view') }}

with line_keys as (
    select distinct
        distributor_id,
        reseller_account,
        sku,
        currency,
        cast({{ dbt.date_trunc('month', 'invoice_date') }} as date) as invoice_month
    from {{ ref('stg_landing__sell_through_lines') }}
),

partners as (
    select distinct partner_id from {{ ref('stg_landing__partners') }}
),

accounts as (
    {{ first_row_per_key(ref('stg_landing__partner_accounts'), ['distributor_id', 'reseller_account'],
        where='partner_id in (select partner_id from partners)') }}
),

products as (
    {{ first_row_per_key(ref('stg_landing__products'), ['sku']) }}
),

rates as (
    {{ first_row_per_key(ref('stg_landing__fx_rates'), ['rate_month', 'currency'],
        where='rate_month is not null and usd_per_unit > 0') }}
)

select
    line_keys.*,
    accounts.partner_id,
    products.sku as known_sku,
    products.product_line,
    products.is_service,
    products.solution,
    -- USD is always 1 and needs no row (spec section 3).
    case when line_keys.currency = 'USD' then cast(1 as decimal(28, 16)) else rates.usd_per_unit end
        as usd_per_unit
from line_keys
left join accounts
    on line_keys.distributor_id = accounts.distributor_id
    and line_keys.reseller_account = accounts.reseller_account
left join products
    on line_keys.sku = products.sku
left join rates
    on line_keys.invoice_month = rates.rate_month
    and line_keys.currency = rates.currency
