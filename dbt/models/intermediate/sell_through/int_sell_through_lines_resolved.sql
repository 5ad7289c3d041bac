{#- Every line read with its outcome (spec section 3). Within a distributor the version of a
    report_line_id in the latest file replaces every earlier one, whatever its own fate: earlier
    versions are SUPERSEDED. The latest version is QUARANTINED with the first reason that applies
    (in the spec's order), else REMOVED when its quantity is 0, else FACT. -#}

with lines as (
    select * from {{ ref('stg_landing__sell_through_lines') }}
),

versions as (
    select * from {{ ref('int_sell_through_line_versions') }}
),

lookups as (
    select * from {{ ref('int_sell_through_line_lookups') }}
),

joined as (
    select
        lines.*,
        lookups.partner_id,
        lookups.known_sku,
        lookups.product_line,
        lookups.is_service,
        lookups.solution,
        lookups.usd_per_unit,
        versions.copies_in_latest_file,
        coalesce(lines.file_seq < versions.latest_file_seq, false) as is_superseded
    from lines
    left join versions
        on lines.distributor_id = versions.distributor_id
        and lines.report_line_id = versions.report_line_id
    -- Keys may be NULL (an empty account, SKU or date): such a line still finds its lookup row.
    left join lookups
        on lines.distributor_id = lookups.distributor_id
        and lines.reseller_account is not distinct from lookups.reseller_account
        and lines.sku is not distinct from lookups.sku
        and lines.currency is not distinct from lookups.currency
        and cast({{ dbt.date_trunc('month', 'lines.invoice_date') }} as date)
            is not distinct from lookups.invoice_month
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
