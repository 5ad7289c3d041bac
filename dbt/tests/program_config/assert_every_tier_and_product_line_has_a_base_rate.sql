-- A failing row is a tier x product line without a BASE rate: every tier of tier_thresholds and
-- every product line of product_lines needs one (a rate of 0 is written, never left out).
{{ config(meta={'dagster': {'ref': {'name': 'base_rebate_rates'}}}) }}

select tiers.tier, product_lines.product_line
from {{ ref('tier_thresholds') }} as tiers
cross join {{ ref('product_lines') }} as product_lines
left join {{ ref('base_rebate_rates') }} as rates
    on tiers.tier = rates.tier
    and product_lines.product_line = rates.product_line
where rates.tier is null
