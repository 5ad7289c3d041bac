{#- Words with their placeholders filled: `template` (an expression, words from seed
    partner_words) with each `{name}` replaced by the value of its expression in `values` (empty
    when the value is). -#}
{% macro fill_words(template, values) -%}
    {%- set ns = namespace(sql=template) -%}
    {%- for name, value in values.items() -%}
        {%- set ns.sql = "replace(" ~ ns.sql ~ ", '{" ~ name ~ "}', coalesce(" ~ value ~ ", ''))" -%}
    {%- endfor -%}
    {{ ns.sql }}
{%- endmacro %}
