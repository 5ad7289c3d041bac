{#- The first row of each key, in `order_by` order: master data that repeats a key counts its
    first row (a deterministic choice, never a guess between two values). -#}
{% macro first_row_per_key(relation, key_columns, order_by='line_number', where='1 = 1') -%}
    select *
    from (
        select
            source_rows.*,
            row_number() over (
                partition by {{ key_columns | join(', ') }} order by {{ order_by }}
            ) as row_in_key
        from {{ relation }} as source_rows
        where {{ where }}
    ) as ranked
    where row_in_key = 1
{%- endmacro %}
