{#- The grain of a rule in force, and a configuration error (overview: Rules over time): one row per
    quarter and key (a second would be an ambiguous rule) and, with `required`, a rule in force
    in every quarter that needs one. A needed key without one stops the build, naming the file,
    the key and the first such quarter (a run adds the line of the key's first row:
    dagster_project/program/checks.py); the models priced with the rule are then skipped, so
    nothing is built on a missing rule. One error, the first in order: fix it and run again. -#}
{% test rule_in_force(model, file, key_columns, required=true) %}
{%- set keys = ['quarter_index'] + key_columns -%}
{%- set key_text -%}
    {%- if key_columns -%}
    concat({% for column in key_columns %}'{{ column }} ', {{ column }}{% if not loop.last %}, ', ', {% endif %}{% endfor %})
    {%- else -%}
    'the program'
    {%- endif -%}
{%- endset %}
with rows_per_key as (
    select
        {{ keys | join(', ') }},
        max(fiscal_quarter) as fiscal_quarter,
        count(*) as rules,
        max(case when in_force then 0 else 1 end) as missing
    from {{ model }}
    group by {{ keys | join(', ') }}
),

problems as (
    select
        case
            when rules > 1 then concat('{{ file }}: ', cast(rules as string), ' rules in force in ', fiscal_quarter, ' for ', {{ key_text }}, ', where one holds')
            else concat('{{ file }}: no row in force in ', fiscal_quarter, ' for ', {{ key_text }}, ', a quarter that needs it: add a row for it effective from ', fiscal_quarter, ' or earlier (empty: since the program began)')
        end as message,
        row_number() over (order by {% for column in key_columns %}{{ column }}, {% endfor %}quarter_index) as problem_order
    from rows_per_key
    where rules > 1{% if required %} or missing = 1{% endif %}
)

-- The error is raised in a CASE: only the first problem reaches it (DuckDB evaluates both sides
-- of an AND on every row), and a filter, unlike a column, is evaluated under dbt's count(*).
select message
from problems
where (case when problem_order = 1 then {{ raise_error('message') }} end) is null
{% endtest %}
