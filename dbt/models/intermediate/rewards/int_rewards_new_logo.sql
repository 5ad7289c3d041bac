{#- NEW_LOGO (overview: Rewards): the flat amount of the credited line's segment for every new
    customer (int_new_logo_customers) whose credited partner passes both gates: its net revenue
    with the customer in the quarter (returns included, any distributor) reaches the minimum,
    and its data-sharing coverage of the quarter passes. When the credited partner fails a gate,
    nobody earns that customer. A credited line without a known segment earns nothing: its line
    stays in the ledger with amount 0 and says why in `note`. Minimum and amounts are those in
    force in the quarter (overview: Rules over time). -#}

with new_customers as (
    select * from {{ ref('int_new_logo_customers') }}
),

-- The credited partner's lines with the customer in the quarter, returns included.
customer_revenue as (
    select
        lines.partner_id,
        new_customers.quarter_index,
        lines.end_customer_id,
        sum(lines.net_revenue_usd) as net_revenue_usd
    from {{ ref('int_sell_through_fact_lines') }} as lines
    inner join new_customers
        on lines.end_customer_id = new_customers.end_customer_id
        and lines.partner_id = new_customers.partner_id
        and lines.quarter_index = new_customers.quarter_index
    group by lines.partner_id, new_customers.quarter_index, lines.end_customer_id
)

select
    new_customers.partner_id,
    new_customers.quarter_index,
    'NEW_LOGO' as reward_type,
    cast(null as string) as product_line,
    new_customers.end_customer_id as reference,
    customer_revenue.net_revenue_usd as basis_usd,
    cast(null as decimal(9, 4)) as rate,
    coalesce(amounts.amount_usd, cast(0 as decimal(18, 2))) as amount_usd,
    case
        when amounts.amount_usd is null then 'SEGMENT_UNKNOWN'
    end as note
from new_customers
inner join customer_revenue
    on new_customers.partner_id = customer_revenue.partner_id
    and new_customers.quarter_index = customer_revenue.quarter_index
    and new_customers.end_customer_id = customer_revenue.end_customer_id
inner join {{ ref('int_partner_quarter_coverage') }} as coverage
    on new_customers.partner_id = coverage.partner_id
    and new_customers.quarter_index = coverage.quarter_index
inner join {{ ref('int_reward_rules_in_force') }} as rules
    on new_customers.quarter_index = rules.quarter_index
left join {{ ref('int_new_logo_amounts_in_force') }} as amounts
    on new_customers.quarter_index = amounts.quarter_index
    and new_customers.end_customer_segment = amounts.end_customer_segment
where customer_revenue.net_revenue_usd >= rules.new_logo_minimum_basis_usd
    and coverage.coverage_gate_passed
