{#- SLA targets and country floors in force per quarter and request type (overview: Turnaround SLAs; Rules over time): a request is decided with the target in force in the quarter of its submission, which
    may lie outside the program's quarters (a request before the first sell-through line), so
    the quarters are the program's and those of every request's submission. -#}
{{ rules_in_force(
    'request_types', ['request_type'], ['display_name', 'target_hours', 'country_attainment_floor'],
    quarters="select quarter_index from " ~ ref('int_fiscal_quarters')
        ~ " union select " ~ fiscal_quarter_index('cast(submitted_at as date)')
        ~ " from " ~ ref('stg_landing__requests') ~ " where submitted_at is not null"
) }}
