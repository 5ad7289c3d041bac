{#- Whether a string matches a regular expression (RE2 on DuckDB, Java on Spark: write patterns
    both read alike, no backslash classes). The pattern is written as a literal here, escaped for
    each engine: DuckDB doubles a quote; Spark's literals also read backslash escapes. -#}
{% macro matches_regex(expression, pattern) -%}
    {{ return(adapter.dispatch('matches_regex')(expression, pattern)) }}
{%- endmacro %}

{% macro default__matches_regex(expression, pattern) -%}
    regexp_matches({{ expression }}, '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{% macro spark__matches_regex(expression, pattern) -%}
    ({{ expression }} rlike '{{ pattern | replace("\\", "\\\\") | replace("'", "\\'") }}')
{%- endmacro %}

{#- An address a statement can be sent to: the "valid e-mail address" of the HTML standard (the
    forms a browser accepts), with a dotted domain. Nothing in it can end a mail header or add a
    recipient (no space, comma, angle bracket, quote or line break). -#}
{% macro is_valid_email_address(expression) -%}
    coalesce({{ matches_regex(expression,
        "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?([.][A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$") }}, false)
{%- endmacro %}
