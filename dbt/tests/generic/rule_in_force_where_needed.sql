{#- Stops the build when a quarter that needs a rule has none in force for a key (spec section 11:
    a configuration error), naming the file, the key and the first such quarter (a run adds the
    line of the key's first row: dagster_project/program/rules.py). The models priced with the
    rule are then skipped: nothing is built on a missing rule. One error, for the first key in
    order: fix it and run again. -#}
{% test rule_in_force_where_needed(model, file, key_columns) %}
{%- set key_text -%}
    {%- if key_columns -%}
    concat({% for column in key_columns %}'{{ column }} ', {{ column }}{% if not loop.last %}, ', ', {% endif %}{% endfor %})
    {%- else -%}
    'the program'
    {%- endif -%}
{%- endset %}
with gaps as (
    select
        {{ key_text }} as key_text,
        fiscal_quarter,
        row_number() over (order by {% for column in key_columns %}{{ column }}, {% endfor %}quarter_index) as gap_order
    from {{ model }}
    where not in_force
)

-- The error is raised in a CASE: only the first gap reaches it (DuckDB evaluates both sides of
-- an AND on every row), and a filter, unlike a column, is evaluated under dbt's count(*).
select key_text, fiscal_quarter
from gaps
where (case when gap_order = 1 then {{ raise_error(
    "concat('" ~ file ~ ": no row in force in ', fiscal_quarter, ' for ', key_text, ', a quarter that needs it: add a row for it effective from ', fiscal_quarter, ' or earlier (empty: since the program began)')"
) }} end) is null
{% endtest %}
