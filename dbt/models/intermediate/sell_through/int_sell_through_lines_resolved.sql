{#- Every line read with its outcome (overview: The landing folder). Within a distributor the version of a
    report_line_id in the latest file replaces every earlier one, whatever its own fate: earlier
    versions are SUPERSEDED. The latest version is QUARANTINED with the first reason that applies
    (in the spec's order), else REMOVED when its quantity is 0, else FACT. A removal is checked
    only up to its quantity (overview: The landing folder).

    Built for volume: every join's build side is small (repeated ids, accounts, SKUs, rates), so
    the lines stream through as the probe side and nothing of their width is held in memory. A
    view: its readers (outcomes, quarantine, fact) each take the columns they need in one pass.
    In an increment it holds the lines the changed report files touch, and nothing else: the
    line-grain marts replace those lines alone (macros/touched_lines.sql). -#}

{{ config(materialized='view') }}

with lines as (
    select * from {{ ref('stg_landing__sell_through_lines') }} as lines
    {%- if is_line_increment() %}
    -- An increment resolves the touched lines alone (macros/touched_lines.sql).
    where {{ is_touched_line('lines') }}
    {%- endif %}
),

versions as (
    select * from {{ ref('int_sell_through_line_versions') }}
),

accounts as (
    select * from {{ ref('int_reseller_accounts') }}
),

products as (
    select * from {{ ref('int_products') }}
),

rates as (
    select * from {{ ref('int_fx_rates') }}
),

joined as (
    select
        lines.*,
        accounts.partner_id,
        products.sku as known_sku,
        products.product_line,
        products.is_service,
        products.solution,
        -- USD is always 1 and needs no row (overview: The landing folder).
        case
            when lines.currency = 'USD' then cast(1 as decimal(28, 16))
            else rates.usd_per_unit
        end as usd_per_unit,
        coalesce(versions.copies_in_latest_file, 1) as copies_in_latest_file,
        coalesce(lines.source_file < versions.latest_source_file, false) as is_superseded
    from lines
    left join versions
        on lines.distributor_id = versions.distributor_id
        and lines.report_line_id = versions.report_line_id
    -- A NULL key (an empty account, SKU or date) finds nothing: the line is quarantined for it.
    left join accounts
        on lines.distributor_id = accounts.distributor_id
        and lines.reseller_account = accounts.reseller_account
    left join products
        on lines.sku = products.sku
    left join rates
        on cast({{ dbt.date_trunc('month', 'lines.invoice_date') }} as date) = rates.rate_month
        and lines.currency = rates.currency
),

checked as (
    select
        *,
        case
            when report_line_id is null then 'MISSING_REPORT_LINE_ID'
            when is_superseded then null
            when copies_in_latest_file > 1 then 'DUPLICATE_LINE_IN_FILE'
            when invoice_date is null then 'INVALID_DATE'
            when quantity is null then 'INVALID_QUANTITY'
            -- A removal carries no revenue: its price, account, SKU and currency are not checked.
            when quantity = 0 then null
            when unit_price is null or unit_price < 0 then 'INVALID_PRICE'
            -- A line worth a trillion USD or more is no sale: its exact revenue would overflow
            -- the warehouse's DECIMAL(38,24). Estimated in double, never used as money.
            when abs(cast(quantity as double) * cast(unit_price as double)
                * cast(coalesce(usd_per_unit, 0) as double)) >= {{ var('max_line_value_usd') }}
                then 'INVALID_PRICE'
            when partner_id is null then 'UNKNOWN_RESELLER_ACCOUNT'
            when known_sku is null then 'UNKNOWN_SKU'
            when usd_per_unit is null then 'MISSING_FX_RATE'
        end as reason
    from joined
)

select
    *,
    case
        when is_superseded then 'SUPERSEDED'
        when reason is not null then 'QUARANTINED'
        when quantity = 0 then 'REMOVED'
        else 'FACT'
    end as outcome
from checked
