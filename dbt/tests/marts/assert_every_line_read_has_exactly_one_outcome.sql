-- A failing row is a landed line with no outcome or with more than one, or an outcome with no
-- landed line: the outcomes must partition the lines read (spec section 3).
with landed as (
    select source_file, line_number, count(*) as copies
    from {{ ref('stg_landing__sell_through_lines') }}
    group by source_file, line_number
),

outcomes as (
    select source_file, line_number, count(*) as outcomes
    from {{ ref('sell_through_line_outcomes') }}
    group by source_file, line_number
)

select
    coalesce(landed.source_file, outcomes.source_file) as source_file,
    coalesce(landed.line_number, outcomes.line_number) as line_number,
    landed.copies,
    outcomes.outcomes
from landed
full outer join outcomes
    on landed.source_file = outcomes.source_file
    and landed.line_number = outcomes.line_number
where landed.copies is null or outcomes.outcomes is null or landed.copies <> 1 or outcomes.outcomes <> 1
