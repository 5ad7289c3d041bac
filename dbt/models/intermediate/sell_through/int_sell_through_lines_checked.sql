{#- Every line read, with what it resolves to (partner, product, rate) and the first quarantine
    reason that applies, in the order of spec section 3. A NULL reason means the line is valid.
    A view: it is read once, by the restatement resolution, which is materialized. -#}

{{ config(materialized='view') }}

with lines as (
    select * from {{ ref('stg_landing__sell_through_lines') }}
),

partners as (
    select distinct partner_id from {{ ref('stg_landing__partners') }}
),

-- One mapping per distributor account: the first row of partner_accounts.csv wins, and an
-- account whose partner is not in partners.csv does not resolve.
accounts as (
    select distributor_id, reseller_account, partner_id
    from (
        select
            a.*,
            row_number() over (
                partition by a.distributor_id, a.reseller_account order by a.line_number
            ) as row_in_key
        from {{ ref('stg_landing__partner_accounts') }} as a
        inner join partners as p on a.partner_id = p.partner_id
    ) as ranked
    where row_in_key = 1
),

products as (
    select sku, product_line, is_service, solution
    from (
        select
            *,
            row_number() over (partition by sku order by line_number) as row_in_key
        from {{ ref('stg_landing__products') }}
    ) as ranked
    where row_in_key = 1
),

-- An id sent more than once in one file: every copy is quarantined (an aggregate, not a
-- window over every line: far cheaper at volume).
duplicates as (
    select distributor_id, source_file, report_line_id
    from lines
    where report_line_id is not null
    group by distributor_id, source_file, report_line_id
    having count(*) > 1
),

rates as (
    select rate_month, currency, usd_per_unit
    from (
        select
            *,
            row_number() over (partition by rate_month, currency order by line_number) as row_in_key
        from {{ ref('stg_landing__fx_rates') }}
        where rate_month is not null and usd_per_unit > 0
    ) as ranked
    where row_in_key = 1
),

resolved as (
    select
        lines.*,
        accounts.partner_id,
        products.sku as known_sku,
        products.product_line,
        products.is_service,
        products.solution,
        -- USD is always 1 and needs no row (spec section 3).
        case when lines.currency = 'USD' then cast(1 as decimal(18, 12)) else rates.usd_per_unit end
            as usd_per_unit,
        duplicates.report_line_id is not null as is_duplicate_in_file
    from lines
    left join accounts
        on lines.distributor_id = accounts.distributor_id
        and lines.reseller_account = accounts.reseller_account
    left join products
        on lines.sku = products.sku
    left join rates
        on cast({{ dbt.date_trunc('month', 'lines.invoice_date') }} as date) = rates.rate_month
        and lines.currency = rates.currency
    left join duplicates
        on lines.distributor_id = duplicates.distributor_id
        and lines.source_file = duplicates.source_file
        and lines.report_line_id = duplicates.report_line_id
)

select
    *,
    case
        when report_line_id is null then 'MISSING_REPORT_LINE_ID'
        when is_duplicate_in_file then 'DUPLICATE_LINE_IN_FILE'
        when invoice_date is null then 'INVALID_DATE'
        when quantity is null then 'INVALID_QUANTITY'
        when unit_price is null or unit_price < 0 then 'INVALID_PRICE'
        when partner_id is null then 'UNKNOWN_RESELLER_ACCOUNT'
        when known_sku is null then 'UNKNOWN_SKU'
        when usd_per_unit is null then 'MISSING_FX_RATE'
    end as quarantine_reason
from resolved
