{#- GROWTH_AT_MARKET bonus rates in force per program quarter and tier (overview: Rewards; Rules over time):
    every tier of the tier file needs one in every quarter. -#}
{{ rules_in_force(
    'growth_bonus_rates', ['tier'], ['rate'],
    needed_keys="select distinct tier from " ~ ref('tier_thresholds')
) }}
