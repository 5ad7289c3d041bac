{#- Fails with every quarter where the tie-out does not hold (reconciliation_tie_outs). -#}
{% test tie_out_holds(model, tie_out) %}
    select fiscal_quarter, tie_out, expected_value, actual_value
    from {{ model }}
    where tie_out = '{{ tie_out }}' and not passed
{% endtest %}
