{#- SLA attainment per partner, request type and quarter with a request (spec section 7). -#}

with attainment as (
    {{ sla_attainment('partner_id') }}
)

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
from attainment
