{#- SLA attainment of the whole program per request type and quarter with a request (every
    country together: the SLA report's total row), as int_sla_attainment works it out. -#}

select
    request_type,
    fiscal_quarter,
    is_as_of_quarter,
    requests,
    met,
    breached,
    pending,
    answered,
    attainment_rate,
    median_hours,
    p90_hours,
    is_small_sample
from {{ ref('int_sla_attainment') }}
where attainment_level = 'program'
