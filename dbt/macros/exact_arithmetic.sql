{#- Exact division on both engines. `/` is no help: DuckDB divides decimals and integers in
    DOUBLE, Spark in DECIMAL (shared/PORTABILITY.md, point 7). Integer division is exact on
    both, spelled differently. -#}

{#- a div b, truncated, for BIGINT a and b. -#}
{% macro integer_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('integer_divide')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__integer_divide(numerator, denominator) -%}
    (cast({{ numerator }} as bigint) // cast({{ denominator }} as bigint))
{%- endmacro %}

{% macro spark__integer_divide(numerator, denominator) -%}
    (cast({{ numerator }} as bigint) div cast({{ denominator }} as bigint))
{%- endmacro %}

{#- numerator / denominator for whole numbers 0 <= numerator <= denominator (a share: 2 of 3),
    rounded half away from zero to 9 decimals, DECIMAL(10,9); empty when the denominator is 0.
    round(n/d) = floor((2n + d) / 2d) for n, d >= 0. -#}
{% macro rounded_share(numerator, denominator) -%}
    case when {{ denominator }} > 0 then
        cast(
            cast({{ integer_divide(
                '(' ~ numerator ~ ') * 2000000000 + (' ~ denominator ~ ')',
                '(' ~ denominator ~ ') * 2') }} as decimal(18, 0))
            * cast(0.000000001 as decimal(10, 9))
        as decimal(10, 9))
    end
{%- endmacro %}
