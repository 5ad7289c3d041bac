{#- The rows a model of the close register holds for the quarters closed now: each closed
    quarter's latest close (overview: Closing a quarter). A reopened quarter's records are history only. -#}
{% macro recorded_rows(model) -%}
    select recorded.*
    from {{ ref(model) }} as recorded
    inner join {{ ref('int_closed_quarters') }} as closed
        on recorded.close_sequence = closed.close_sequence
{%- endmacro %}
