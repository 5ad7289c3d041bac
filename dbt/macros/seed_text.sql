{#- A seed's text column, empty cells null on every engine. dbt-spark's session connection writes
    a seed's empty cell (Python None) into its insert as the text 'None' (measured: the
    effective_from of a row "since the program began" read 'None' on Spark), so there the text
    None is read as empty; DuckDB loads empty cells as null. -#}
{% macro seed_text(column) -%}
    {{ return(adapter.dispatch('seed_text')(column)) }}
{%- endmacro %}

{% macro default__seed_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{% macro spark__seed_text(column) -%}
    nullif(nullif(trim({{ column }}), ''), 'None')
{%- endmacro %}
