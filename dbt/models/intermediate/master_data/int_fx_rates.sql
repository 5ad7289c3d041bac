{#- USD per unit of a currency in a month: one row per (month, currency), the first row where a
    key repeats; a rate that is missing, zero or negative is no rate. USD needs no row. -#}

with rates as (
    {{ first_row_per_key(ref('stg_landing__fx_rates'), ['rate_month', 'currency'],
        where='rate_month is not null and usd_per_unit > 0') }}
)

select rate_month, currency, usd_per_unit
from rates
