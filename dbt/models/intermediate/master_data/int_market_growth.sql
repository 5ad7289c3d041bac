{#- The market's year-on-year growth per quarter, product line and region (market_growth.csv), one
    row per key: the first row where a key repeats (the others are in master_data_duplicates).
    A rate that did not parse, or that has more than 12 decimals (the growth comparison is exact
    up to 12, see decimal_at_least_product), is kept as unusable: a reward it would decide is
    pending with that reason, never decided on a guess. -#}

with market_growth as (
    {{ first_row_per_key(ref('stg_landing__market_growth'),
        ['fiscal_quarter', 'product_line', 'region'],
        where='fiscal_quarter is not null and product_line is not null and region is not null') }}
)

select
    fiscal_quarter,
    product_line,
    region,
    case
        when growth_rate = cast(growth_rate as decimal(28, 12))
            then cast(growth_rate as decimal(28, 12))
    end as growth_rate
from market_growth
