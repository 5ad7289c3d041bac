{#- The program's quarters (overview: Fiscal calendar): history start to the as-of quarter, which is open,
    with the run's as-of instant. Readers (the finance close) decide from it whether a quarter is
    over and closed (its figures final), statements which quarters they state, with its
    calendar days and the coverage share in force (overview: Rules over time) they print. -#}

with quarters as (
    select * from {{ ref('int_fiscal_quarters') }}
),

rules as (
    select fiscal_quarter, coverage_gate_share from {{ ref('int_reward_rules_in_force') }}
)

select
    quarters.fiscal_quarter,
    quarters.is_open,
    quarters.is_stated,
    quarters.is_closed,
    quarters.holds_adjustments,
    cast(quarters.as_of_utc as timestamp) as as_of_utc,
    {{ fiscal_quarter_month_start('quarters.quarter_index') }} as starts_on,
    last_day({{ fiscal_quarter_month_start('quarters.quarter_index', 2) }}) as ends_on,
    cast(rules.coverage_gate_share as decimal(9, 4)) as coverage_gate_share
from quarters
left join rules
    on quarters.fiscal_quarter = rules.fiscal_quarter
