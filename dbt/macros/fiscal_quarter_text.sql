{#- The quarter index of a fiscal quarter written as text (`FY2027-Q1` -> 2027 * 4 + 0), empty when
    the text is not such a quarter (claims and payments name their quarter; enumerations arrive
    upper-cased). Plain substrings and try_cast: the same on DuckDB and Spark. -#}
{% macro fiscal_quarter_index_from_text(text) -%}
    case
        when length({{ text }}) = 9
            and substr({{ text }}, 1, 2) = 'FY'
            and substr({{ text }}, 7, 2) = '-Q'
            and substr({{ text }}, 9, 1) in ('1', '2', '3', '4')
            then try_cast(substr({{ text }}, 3, 4) as int) * 4
                + try_cast(substr({{ text }}, 9, 1) as int) - 1
    end
{%- endmacro %}
