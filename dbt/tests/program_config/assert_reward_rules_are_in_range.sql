-- A failing row is a program rate, amount or gate outside its range: rates and the coverage
-- share between 0 and 1, amounts and minimums not negative, a lookback of at least one quarter.
-- A negative rate would claw money back through rewards, which the program never does.
{{ config(meta={'dagster': {'ref': {'name': 'reward_rules'}}}) }}

select 'base_rebate_rates' as seed, tier as entry, rate as value
from {{ ref('base_rebate_rates') }} where rate < 0 or rate > 1
union all
select 'growth_bonus_rates', tier, rate
from {{ ref('growth_bonus_rates') }} where rate < 0 or rate > 1
union all
select 'solution_rates', solution, rate
from {{ ref('solution_rates') }} where rate < 0 or rate > 1
union all
select 'new_logo_amounts', end_customer_segment, amount_usd
from {{ ref('new_logo_amounts') }} where amount_usd < 0
union all
select 'reward_rules', 'services_rate', services_rate
from {{ ref('reward_rules') }} where services_rate < 0 or services_rate > 1
union all
select 'reward_rules', 'coverage_gate_share', coverage_gate_share
from {{ ref('reward_rules') }} where coverage_gate_share < 0 or coverage_gate_share > 1
union all
select 'reward_rules', 'growth_prior_minimum_usd', growth_prior_minimum_usd
from {{ ref('reward_rules') }} where growth_prior_minimum_usd < 0
union all
select 'reward_rules', 'new_logo_minimum_basis_usd', new_logo_minimum_basis_usd
from {{ ref('reward_rules') }} where new_logo_minimum_basis_usd < 0
union all
select 'reward_rules', 'new_logo_lookback_quarters', new_logo_lookback_quarters
from {{ ref('reward_rules') }} where new_logo_lookback_quarters < 1
