-- A failing row is a tier of tier_thresholds without a GROWTH_AT_MARKET bonus rate.
{{ config(meta={'dagster': {'ref': {'name': 'growth_bonus_rates'}}}) }}

select tiers.tier
from {{ ref('tier_thresholds') }} as tiers
left join {{ ref('growth_bonus_rates') }} as rates
    on tiers.tier = rates.tier
where rates.tier is null
