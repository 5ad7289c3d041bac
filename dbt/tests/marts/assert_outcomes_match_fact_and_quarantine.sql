-- A failing row is an outcome whose count disagrees with the mart that holds those lines: every
-- FACT line is in fct_sell_through and every QUARANTINED line in sell_through_quarantine, no more.
{{ config(meta={'dagster': {'ref': {'name': 'sell_through_line_outcomes'}}}) }}

with outcome_counts as (
    select outcome, count(*) as lines
    from {{ ref('sell_through_line_outcomes') }}
    group by outcome
),

mart_counts as (
    select 'FACT' as outcome, count(*) as lines from {{ ref('fct_sell_through') }}
    union all
    select 'QUARANTINED' as outcome, count(*) as lines from {{ ref('sell_through_quarantine') }}
)

select mart_counts.outcome, mart_counts.lines as in_mart, coalesce(outcome_counts.lines, 0) as in_outcomes
from mart_counts
left join outcome_counts on mart_counts.outcome = outcome_counts.outcome
where mart_counts.lines <> coalesce(outcome_counts.lines, 0)
