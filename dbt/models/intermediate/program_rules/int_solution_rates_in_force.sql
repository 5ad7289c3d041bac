{#- SOLUTION rates in force per program quarter and solution (overview: Rewards; Rules over time). A solution
    earns nothing before its first row: a new solution is a row effective from its first quarter,
    so a quarter without a row is no error here. -#}
{{ rules_in_force('solution_rates', ['solution'], ['rate'], required=false) }}
