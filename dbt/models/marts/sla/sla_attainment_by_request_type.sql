{#- SLA attainment of the whole program per request type and quarter with a request (spec
    section 7): every country together, the SLA report's total row. A rate resting on fewer than
    var('sla_small_sample_requests') met or breached requests is flagged a small sample. -#}

with attainment as (
    {{ sla_attainment() }}
)

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
    met + breached < {{ var('sla_small_sample_requests') }} as is_small_sample
from attainment
