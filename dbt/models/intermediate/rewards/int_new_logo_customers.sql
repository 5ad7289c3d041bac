{#- New logos (overview: Rewards): an end customer (its end_customer_id, across all distributors and
    partners) is new in program quarter Q when it has a positive line in Q and none in the
    lookback quarters in force in Q (default 4) before Q, with any partner. Only quarters whose whole lookback
    lies inside the history count. The customer is credited to the partner of its earliest
    positive line in Q (invoice date, then distributor_id, then report_line_id, compared as
    text), with that line's segment.

    Built for volume, in one pass over the fact's lines: the earliest line of a customer's quarter is the
    min() of a struct that leads with that ordering, and "no positive line in the lookback" is
    the customer's previous positive quarter (lag) lying before it. -#}

{%- set first_line = [
    ('invoice_date', 'invoice_date'),
    ('distributor_id', 'distributor_id'),
    ('report_line_id', 'report_line_id'),
    ('partner_id', 'partner_id'),
    ('end_customer_segment', 'end_customer_segment'),
] %}

with positive_lines as (
    select
        end_customer_id,
        quarter_index,
        invoice_date,
        distributor_id,
        report_line_id,
        partner_id,
        end_customer_segment
    from {{ ref('int_sell_through_fact_lines') }}
    where quantity > 0 and end_customer_id is not null
),

customer_quarters as (
    select
        end_customer_id,
        quarter_index,
        min({{ named_struct(first_line) }}) as first_line
    from positive_lines
    group by end_customer_id, quarter_index
),

-- The quarter of the customer's positive line before this quarter's, if any.
with_previous as (
    select
        end_customer_id,
        quarter_index,
        first_line,
        lag(quarter_index) over (partition by end_customer_id order by quarter_index)
            as previous_quarter_index
    from customer_quarters
),

rules as (
    select quarter_index, new_logo_lookback_quarters from {{ ref('int_reward_rules_in_force') }}
),

history as (
    select min(quarter_index) as first_quarter_index from {{ ref('int_fiscal_quarters') }}
)

select
    with_previous.end_customer_id,
    with_previous.quarter_index,
    with_previous.first_line.partner_id as partner_id,
    with_previous.first_line.end_customer_segment as end_customer_segment,
    with_previous.first_line.distributor_id as credited_distributor_id,
    with_previous.first_line.report_line_id as credited_report_line_id,
    with_previous.first_line.invoice_date as credited_invoice_date
from with_previous
inner join {{ ref('int_fiscal_quarters') }} as quarters
    on with_previous.quarter_index = quarters.quarter_index
inner join rules
    on with_previous.quarter_index = rules.quarter_index
cross join history
where with_previous.quarter_index - rules.new_logo_lookback_quarters >= history.first_quarter_index
    and (
        with_previous.previous_quarter_index is null
        or with_previous.previous_quarter_index
            < with_previous.quarter_index - rules.new_logo_lookback_quarters
    )
