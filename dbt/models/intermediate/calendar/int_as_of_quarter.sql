{#- The run's as-of instant and its fiscal quarter, the open one: one row, computed here once for
    every model that compares a quarter with the as-of quarter. -#}

select
    as_of_utc,
    {{ epoch_microseconds('as_of_utc') }} as as_of_us,
    cast({{ fiscal_quarter_index('cast(as_of_utc as date)') }} as int) as as_of_quarter_index
from {{ ref('stg_landing__run_context') }}
