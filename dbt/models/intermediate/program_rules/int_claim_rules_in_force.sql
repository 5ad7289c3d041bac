{#- The claim tolerance in force per program quarter (spec sections 8 and 11): a claim is decided
    with the tolerance of the quarter it claims for. -#}
{{ rules_in_force('claim_rules', [], ['claim_tolerance_usd']) }}
