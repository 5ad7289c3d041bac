{#- NEW_LOGO amounts in force per program quarter and segment (overview: Rewards; Rules over time): every
    segment of customer_segments needs one in every quarter. -#}
{{ rules_in_force(
    'new_logo_amounts', ['end_customer_segment'], ['amount_usd'],
    needed_keys="select end_customer_segment from " ~ ref('customer_segments')
) }}
