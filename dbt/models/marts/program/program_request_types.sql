{#- The request types per quarter (overview: Turnaround SLAs; Rules over time): the name, the target and the country
    floor in force in the quarter, for readers (statements, the SLA report). -#}

select
    fiscal_quarter,
    request_type,
    display_name,
    target_hours,
    country_attainment_floor,
    effective_from
from {{ ref('int_request_types_in_force') }}
