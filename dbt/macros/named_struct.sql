{#- A struct of named fields, `fields` a list of (name, expression) pairs in order. Structs order
    field by field, so min() of a struct whose first fields are an ordering key picks a whole row
    by that key in one aggregate (the earliest line of a group), on DuckDB and Spark alike. -#}
{% macro named_struct(fields) -%}
    {{ return(adapter.dispatch('named_struct')(fields)) }}
{%- endmacro %}

{% macro default__named_struct(fields) -%}
    struct_pack({% for name, expression in fields %}{{ name }} := {{ expression }}{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}

{% macro spark__named_struct(fields) -%}
    named_struct({% for name, expression in fields %}'{{ name }}', {{ expression }}{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
