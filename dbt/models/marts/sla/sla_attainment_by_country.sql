{#- SLA attainment per country, request type and quarter with a request, and whether it falls
    below the type's country floor, as int_sla_attainment works them out. The dbt test
    sla_attainment_floor (a Dagster asset check that warns) flags the as-of quarter's. -#}

select
    country,
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
    attainment_floor,
    below_attainment_floor,
    is_small_sample
from {{ ref('int_sla_attainment') }}
where attainment_level = 'country'
