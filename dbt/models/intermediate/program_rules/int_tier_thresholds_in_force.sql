{#- The tier thresholds in force per program quarter and tier (overview: Tiers; Rules over time): a review
    at quarter Q earns a tier with the thresholds of Q. Ranks never change (checked before the
    run); the name is the row's in force. -#}
{{ rules_in_force('tier_thresholds', ['tier'], ['tier_rank', 'threshold_usd', 'display_name']) }}
