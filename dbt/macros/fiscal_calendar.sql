{#- The fiscal calendar (overview: Fiscal calendar). A fiscal quarter is keyed by an integer index,
    fiscal_year * 4 + (quarter - 1), so that "the quarter before" is index - 1 on every engine;
    its text form is FY2027-Q1. The fiscal year is named after the calendar year it ends in. -#}

{% macro fiscal_quarter_index(date_expr) -%}
    {%- set start = var('fiscal_year_start_month') | int -%}
    (
        (year({{ date_expr }}){% if start > 1 %} + case when month({{ date_expr }}) >= {{ start }} then 1 else 0 end{% endif %}) * 4
        + cast(floor(((month({{ date_expr }}) - {{ start }} + 12) % 12) / 3) as int)
    )
{%- endmacro %}

{% macro fiscal_quarter_label(index_expr) -%}
    concat(
        'FY', cast(cast(floor(({{ index_expr }}) / 4) as int) as string),
        '-Q', cast(cast(({{ index_expr }}) - 4 * floor(({{ index_expr }}) / 4) as int) + 1 as string)
    )
{%- endmacro %}

{#- The first day of a calendar month of a fiscal quarter: month_offset 0 its first month, 2 its
    last. Counted in months since January of year 0: fiscal year fy starts in month `start` of
    calendar year fy - 1 (of fy when it starts in January), so FY2027-Q1 starts on 2026-04-01. -#}
{% macro fiscal_quarter_month_start(index_expr, month_offset=0) -%}
    {%- set start = var('fiscal_year_start_month') | int -%}
    {%- set months = '((' ~ index_expr ~ ') * 3 + ' ~ (start - 1 - (12 if start > 1 else 0) + month_offset) ~ ')' -%}
    make_date(
        cast(floor({{ months }} / 12) as int),
        cast({{ months }} - 12 * floor({{ months }} / 12) + 1 as int),
        1
    )
{%- endmacro %}
