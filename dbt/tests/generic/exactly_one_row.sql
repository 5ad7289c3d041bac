{#- Fails unless the model holds exactly one row (a single-row context table). -#}
{% test exactly_one_row(model) %}
    select count(*) as row_count from {{ model }} having count(*) <> 1
{% endtest %}
