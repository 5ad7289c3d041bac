{#- Every dated change of a rule file (overview: Rules over time): per row with an effective_from and per
    value column, the value before (the key's row in force until then; empty for a key new from
    that quarter) and after, when they differ. Keys land in the shared key columns (tier,
    product_line, end_customer_segment, solution, request_type; empty where the file has none), so
    that every file's changes union into one model. Values are text, as written to the seed's
    type (0.0300); readers format them by the rule's unit (seed rule_names). -#}
{% macro rule_changes(seed, key_columns, value_columns) -%}
{%- set shared_keys = ['tier', 'product_line', 'end_customer_segment', 'solution', 'request_type'] -%}
{%- set partition -%}
    {%- if key_columns %}partition by {{ key_columns | join(', ') }} {% endif -%}
{%- endset -%}
with dated as (
    {{ dated_rule_rows(seed, key_columns + value_columns) }}
),

ordered as (
    select
        dated.*
        {%- for column in value_columns %},
        lag({{ column }}) over ({{ partition }}order by effective_from_index asc nulls first)
            as previous_{{ column }}
        {%- endfor %}
    from dated
)

{% for column in value_columns -%}
select
    '{{ seed }}' as rule_file,
    '{{ column }}' as rule,
    {%- for key in shared_keys %}
    {% if key in key_columns %}{{ key }}{% else %}cast(null as string){% endif %} as {{ key }},
    {%- endfor %}
    effective_from,
    cast(effective_from_index as int) as effective_from_index,
    cast(previous_{{ column }} as string) as value_before,
    cast({{ column }} as string) as value_after
from ordered
where effective_from_index is not null
    and (
        (previous_{{ column }} is null) <> ({{ column }} is null)
        or previous_{{ column }} <> {{ column }}
    )
{% if not loop.last %}union all
{% endif -%}
{%- endfor %}
{%- endmacro %}
