{#- SLA attainment per country, request type and quarter with a request (spec section 7), and
    whether it falls below the type's country floor in force in the quarter (request_types seed,
    spec section 11): the asset check
    sla_attainment_floor flags the as-of quarter's. Below is decided exactly,
    MET < floor x (MET + BREACHED), not on the rounded rate. A rate resting on fewer than
    var('sla_small_sample_requests') met or breached requests is flagged a small sample. -#}

with attainment as (
    {{ sla_attainment('country') }}
),

floors as (
    select quarter_index, request_type, country_attainment_floor
    from {{ ref('int_request_types_in_force') }}
)

select
    attainment.country,
    attainment.request_type,
    attainment.fiscal_quarter,
    attainment.is_as_of_quarter,
    attainment.requests,
    attainment.met,
    attainment.breached,
    attainment.pending,
    attainment.answered,
    attainment.attainment_rate,
    attainment.median_hours,
    attainment.p90_hours,
    floors.country_attainment_floor as attainment_floor,
    coalesce(
        attainment.met + attainment.breached > 0
        and attainment.met < floors.country_attainment_floor * (attainment.met + attainment.breached),
        false
    ) as below_attainment_floor,
    attainment.met + attainment.breached < {{ var('sla_small_sample_requests') }} as is_small_sample
from attainment
left join floors
    on attainment.quarter_index = floors.quarter_index
    and attainment.request_type = floors.request_type
