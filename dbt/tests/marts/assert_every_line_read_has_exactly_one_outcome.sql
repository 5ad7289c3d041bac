-- A failing row means the outcomes do not partition the lines read (overview: The landing folder): the number
-- of outcome rows differs from the number of lines landed. With (source_file, line_number)
-- unique in the outcomes (tested on the mart) and every outcome made from a landed line, equal
-- counts mean every line read has exactly one outcome.
{{ config(meta={'dagster': {'ref': {'name': 'sell_through_line_outcomes'}}}) }}

with landed as (
    select count(*) as lines from {{ ref('stg_landing__sell_through_lines') }}
),

outcomes as (
    select count(*) as lines from {{ ref('sell_through_line_outcomes') }}
)

select landed.lines as lines_landed, outcomes.lines as outcome_rows
from landed
cross join outcomes
where landed.lines <> outcomes.lines
