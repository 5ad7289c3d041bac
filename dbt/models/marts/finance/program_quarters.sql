{#- The program's quarters (spec section 2): history start to the as-of quarter, which is open,
    with the run's as-of instant. Readers (the finance close) decide from it whether a quarter is
    over and closed (its figures final), statements which quarters they state. -#}

select
    fiscal_quarter,
    is_open,
    is_stated,
    is_closed,
    holds_adjustments,
    cast(as_of_utc as timestamp) as as_of_utc
from {{ ref('int_fiscal_quarters') }}
