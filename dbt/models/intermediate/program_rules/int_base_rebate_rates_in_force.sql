{#- BASE rates in force per program quarter, tier and product line (overview: Rewards; Rules over time):
    every tier of the tier file needs a rate for every product line in every quarter. -#}
{{ rules_in_force(
    'base_rebate_rates', ['tier', 'product_line'], ['rate'],
    needed_keys="select tiers.tier, product_lines.product_line from (select distinct tier from "
        ~ ref('tier_thresholds') ~ ") as tiers cross join " ~ ref('product_lines') ~ " as product_lines"
) }}
