{#- Stops the statement that evaluates it with `message` (a string expression) as its error: for
    a configuration error that must stop the build with words, not with a count of rows. Only
    rows that reach it raise: put it in the select list of a query filtered to the bad rows. -#}
{% macro raise_error(message) -%}
    {{ return(adapter.dispatch('raise_error')(message)) }}
{%- endmacro %}

{% macro default__raise_error(message) -%}
    error({{ message }})
{%- endmacro %}

{% macro spark__raise_error(message) -%}
    raise_error({{ message }})
{%- endmacro %}
