{#- New logos (spec section 6): an end customer (its end_customer_id, across all distributors and
    partners) is new in program quarter Q when it has a positive line in Q and none in the
    lookback quarters before Q (default 4), with any partner. Only quarters whose whole lookback
    lies inside the history count. The customer is credited to the partner of its earliest
    positive line in Q (invoice date, then distributor_id, then report_line_id, compared as
    text), with that line's segment. -#}

with positive_lines as (
    select
        distributor_id,
        report_line_id,
        partner_id,
        invoice_date,
        {{ fiscal_quarter_index('invoice_date') }} as quarter_index,
        end_customer_id,
        end_customer_segment
    from {{ ref('fct_sell_through') }}
    where quantity > 0 and end_customer_id is not null
),

customer_quarters as (
    select distinct end_customer_id, quarter_index from positive_lines
),

rules as (
    select new_logo_lookback_quarters from {{ ref('reward_rules') }}
),

history as (
    select min(quarter_index) as first_quarter_index from {{ ref('int_fiscal_quarters') }}
),

new_customers as (
    select customer_quarters.end_customer_id, customer_quarters.quarter_index
    from customer_quarters
    inner join {{ ref('int_fiscal_quarters') }} as quarters
        on customer_quarters.quarter_index = quarters.quarter_index
    cross join rules
    cross join history
    left join customer_quarters as earlier
        on customer_quarters.end_customer_id = earlier.end_customer_id
        and earlier.quarter_index < customer_quarters.quarter_index
        and earlier.quarter_index >= customer_quarters.quarter_index - rules.new_logo_lookback_quarters
    where customer_quarters.quarter_index - rules.new_logo_lookback_quarters
        >= history.first_quarter_index
    group by customer_quarters.end_customer_id, customer_quarters.quarter_index
    having count(earlier.end_customer_id) = 0
),

-- The new customers' positive lines of the quarter, earliest first.
ranked as (
    select
        positive_lines.*,
        row_number() over (
            partition by positive_lines.end_customer_id, positive_lines.quarter_index
            order by positive_lines.invoice_date, positive_lines.distributor_id,
                positive_lines.report_line_id
        ) as line_rank
    from positive_lines
    inner join new_customers
        on positive_lines.end_customer_id = new_customers.end_customer_id
        and positive_lines.quarter_index = new_customers.quarter_index
)

select
    end_customer_id,
    quarter_index,
    partner_id,
    end_customer_segment,
    distributor_id as credited_distributor_id,
    report_line_id as credited_report_line_id,
    invoice_date as credited_invoice_date
from ranked
where line_rank = 1
