{#- The deal a fact line belongs to (overview: Rewards): its deal_id, or, for a service line without
    one, the line itself as `<distributor_id>:<report_line_id>`; empty for a line in no deal. The
    one definition that int_deals groups by and rebate_ledger_lines traces with. -#}
{% macro deal_reference() -%}
    coalesce(deal_id, case when is_service then concat(distributor_id, ':', report_line_id) end)
{%- endmacro %}
