{#- The review window and the grace in force per program quarter (overview: Tiers; Rules over time): the
    review at Q sums the window of Q; the tier in force during Q waits out the grace of Q. -#}
{{ rules_in_force('tier_review_rules', [], ['review_window_quarters', 'grace_quarters']) }}
