{#- SOLUTION (overview: Rewards): one line per partner, program quarter and solution whose lines'
    net revenue is positive, at the solution's rate in force in the quarter (overview: Rules over time; program quarters only). A
    solution without a rate in force earns nothing. -#}

with lines as (
    select
        partner_id,
        quarter_index,
        solution,
        net_revenue_usd
    from {{ ref('int_sell_through_fact_lines') }}
    where solution is not null
),

solutions as (
    select partner_id, quarter_index, solution, sum(net_revenue_usd) as basis_usd
    from lines
    group by partner_id, quarter_index, solution
)

select
    solutions.partner_id,
    solutions.quarter_index,
    'SOLUTION' as reward_type,
    cast(null as string) as product_line,
    solutions.solution as reference,
    solutions.basis_usd,
    rates.rate,
    {{ round_money('solutions.basis_usd * rates.rate') }} as amount_usd,
    cast(null as string) as note
from solutions
inner join {{ ref('int_solution_rates_in_force') }} as rates
    on solutions.quarter_index = rates.quarter_index
    and solutions.solution = rates.solution
where solutions.basis_usd > 0
