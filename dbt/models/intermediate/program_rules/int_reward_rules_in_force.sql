{#- The program's scalar reward rules in force per program quarter (overview: Revenue; Rewards; Rules over time):
    the coverage share, the growth prior minimum, the new-logo minimum and lookback, the
    services rate. -#}
{{ rules_in_force(
    'reward_rules', [],
    ['coverage_gate_share', 'growth_prior_minimum_usd', 'new_logo_minimum_basis_usd',
     'new_logo_lookback_quarters', 'services_rate']
) }}
