{#- Every dated change of the program's rules (overview: Rules over time), one row per rule file, key, rule
    (value column) and quarter it takes effect: the value before and after. Read from the rule
    files themselves, as a change may take effect after the as-of quarter (announced). -#}

{%- set rule_files = [
    ('tier_thresholds', ['tier'], ['threshold_usd']),
    ('tier_review_rules', [], ['review_window_quarters', 'grace_quarters']),
    ('base_rebate_rates', ['tier', 'product_line'], ['rate']),
    ('growth_bonus_rates', ['tier'], ['rate']),
    ('new_logo_amounts', ['end_customer_segment'], ['amount_usd']),
    ('solution_rates', ['solution'], ['rate']),
    ('reward_rules', [], ['coverage_gate_share', 'growth_prior_minimum_usd',
        'new_logo_minimum_basis_usd', 'new_logo_lookback_quarters', 'services_rate']),
    ('request_types', ['request_type'], ['target_hours', 'country_attainment_floor']),
    ('claim_rules', [], ['claim_tolerance_usd']),
] %}

{% for seed, key_columns, value_columns in rule_files -%}
select * from (
{{ rule_changes(seed, key_columns, value_columns) }}
) as {{ seed }}_changes
{% if not loop.last %}union all
{% endif %}
{%- endfor %}
