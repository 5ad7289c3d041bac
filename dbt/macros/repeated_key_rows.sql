{#- The rows of a master file that repeat a key of an earlier row, with the line of the row that
    counts (`first_row_per_key` keeps it): reported, never silently dropped. -#}
{% macro repeated_key_rows(relation, landed_source, key_columns) -%}
    select
        '{{ landed_source }}' as landed_source,
        source_file,
        line_number,
        concat_ws(' | ', {{ key_columns | join(', ') }}) as key_value,
        first_value(line_number) over (
            partition by {{ key_columns | join(', ') }} order by line_number
            rows between unbounded preceding and current row
        ) as counted_line_number
    from {{ relation }}
    where {% for column in key_columns %}{{ column }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
{%- endmacro %}
