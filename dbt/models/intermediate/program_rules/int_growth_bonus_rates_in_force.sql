{#- GROWTH_AT_MARKET bonus rates in force per program quarter and tier (spec sections 6 and 11):
    every tier of the tier file needs one in every quarter. -#}
{{ rules_in_force(
    'growth_bonus_rates', ['tier'], ['rate'],
    needed_keys="select distinct tier from " ~ ref('tier_thresholds')
) }}
