{#- The claim tolerance in force per program quarter (overview: Claims; Rules over time): a claim is decided
    with the tolerance of the quarter it claims for. -#}
{{ rules_in_force('claim_rules', [], ['claim_tolerance_usd']) }}
