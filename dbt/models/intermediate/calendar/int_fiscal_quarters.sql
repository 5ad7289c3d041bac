{#- The program's quarters: from history start (the first fiscal quarter holding a line of the
    fact) to the quarter of the as-of instant, which is open (overview: Fiscal calendar). Empty when the
    fact holds no line at or before the as-of quarter. A quarter finance closed reports its
    recorded figures, and the first quarter after the last closed holds the adjustments to them
    (overview: Closing a quarter). -#}

with as_of as (
    select as_of_utc, as_of_quarter_index from {{ ref('int_as_of_quarter') }}
),

-- Every fact line counts in its partner's quarter, so the first quarter with partner revenue
-- is the first quarter of the fact (read from the small table, not the lines again).
history_start as (
    select min(quarter_index) as first_quarter_index
    from {{ ref('int_partner_quarter_revenue') }}
),

spine as (
    {{ dbt.generate_series(var('max_history_quarters')) }}
),

-- Counted back from the as-of quarter, so that the open quarter is always there and only a
-- history longer than the spine's bound would lose its oldest quarters.
quarters as (
    select
        as_of.as_of_quarter_index - spine.generated_number + 1 as quarter_index,
        as_of.as_of_quarter_index,
        history_start.first_quarter_index,
        as_of.as_of_utc
    from spine
    cross join history_start
    cross join as_of
),

closed as (
    select quarter_index from {{ ref('int_closed_quarters') }}
),

last_closed as (
    select max(quarter_index) as quarter_index from closed
)

select
    cast(quarters.quarter_index as int) as quarter_index,
    {{ fiscal_quarter_label('quarters.quarter_index') }} as fiscal_quarter,
    quarters.quarter_index = quarters.as_of_quarter_index as is_open,
    -- Statements state the as-of quarter (to date) and the quarter before it (over).
    quarters.quarter_index >= quarters.as_of_quarter_index - 1 as is_stated,
    closed.quarter_index is not null as is_closed,
    coalesce(quarters.quarter_index = last_closed.quarter_index + 1, false) as holds_adjustments,
    quarters.as_of_utc
from quarters
cross join last_closed
left join closed
    on quarters.quarter_index = closed.quarter_index
where quarters.quarter_index >= quarters.first_quarter_index
