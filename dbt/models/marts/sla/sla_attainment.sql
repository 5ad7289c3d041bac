{#- SLA attainment per partner, request type and quarter with a request, as int_sla_attainment
    works it out. -#}

select
    partner_id,
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
    p90_hours
from {{ ref('int_sla_attainment') }}
where attainment_level = 'partner'
