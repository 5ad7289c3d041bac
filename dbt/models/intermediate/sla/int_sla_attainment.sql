{#- SLA attainment (overview: Turnaround SLAs) per request type and quarter with a request, at three levels:
    each partner's (attainment_level `partner`), each country's (`country`; a request of no known
    country counts in the empty one) and the whole program's (`program`). Counts by status,
    attainment = MET / (MET + BREACHED) (empty when both are 0), and the median and 90th
    percentile of the turnaround of the answered requests (continuous percentiles; empty without
    an answer): answered requests rank 1..n by turnaround, the open ones after them.
    A country's rate is held against the floor of its request type in force in the quarter
    (request_types seed, overview: Rules over time): below is decided exactly, MET < floor x (MET +
    BREACHED), not on the rounded rate. A rate resting on fewer than
    var('sla_small_sample_requests') met or breached requests is a small sample. -#}

with requests as (
    select
        request_id, request_type, partner_id, country, quarter_index, fiscal_quarter,
        is_as_of_quarter, turnaround_us, sla_status
    from {{ ref('int_sla_requests') }}
),

-- Each request once at each level: the level's key columns set, the others empty.
by_level as (
    select
        'partner' as attainment_level, partner_id, cast(null as string) as country,
        request_id, request_type, quarter_index, fiscal_quarter, is_as_of_quarter,
        turnaround_us, sla_status
    from requests
    union all
    select
        'country' as attainment_level, cast(null as string) as partner_id, country,
        request_id, request_type, quarter_index, fiscal_quarter, is_as_of_quarter,
        turnaround_us, sla_status
    from requests
    union all
    select
        'program' as attainment_level, cast(null as string) as partner_id,
        cast(null as string) as country,
        request_id, request_type, quarter_index, fiscal_quarter, is_as_of_quarter,
        turnaround_us, sla_status
    from requests
),

ranked as (
    select
        *,
        row_number() over (
            partition by attainment_level, partner_id, country, request_type, quarter_index
            order by case when turnaround_us is null then 1 else 0 end, turnaround_us, request_id
        ) as answer_rank,
        count(turnaround_us) over (
            partition by attainment_level, partner_id, country, request_type, quarter_index
        ) as answers
    from by_level
),

grouped as (
    select
        attainment_level,
        partner_id,
        country,
        request_type,
        quarter_index,
        max(fiscal_quarter) as fiscal_quarter,
        max(is_as_of_quarter) as is_as_of_quarter,
        count(*) as requests,
        sum(case when sla_status = 'MET' then 1 else 0 end) as met,
        sum(case when sla_status = 'BREACHED' then 1 else 0 end) as breached,
        sum(case when sla_status = 'PENDING' then 1 else 0 end) as pending,
        max(answers) as answered,
        {{ continuous_percentile(0.5, 'turnaround_us', 'answer_rank', 'answers') }} as median_us,
        {{ continuous_percentile(0.9, 'turnaround_us', 'answer_rank', 'answers') }} as p90_us
    from ranked
    group by attainment_level, partner_id, country, request_type, quarter_index
),

floors as (
    select quarter_index, request_type, country_attainment_floor
    from {{ ref('int_request_types_in_force') }}
)

select
    grouped.attainment_level,
    grouped.partner_id,
    grouped.country,
    grouped.request_type,
    grouped.fiscal_quarter,
    grouped.quarter_index,
    grouped.is_as_of_quarter,
    cast(grouped.requests as bigint) as requests,
    cast(grouped.met as bigint) as met,
    cast(grouped.breached as bigint) as breached,
    cast(grouped.pending as bigint) as pending,
    cast(grouped.answered as bigint) as answered,
    {{ rounded_share('grouped.met', 'grouped.met + grouped.breached') }} as attainment_rate,
    {{ hours_from_microseconds('grouped.median_us') }} as median_hours,
    {{ hours_from_microseconds('grouped.p90_us') }} as p90_hours,
    case when grouped.attainment_level = 'country' then floors.country_attainment_floor end
        as attainment_floor,
    coalesce(
        grouped.attainment_level = 'country'
        and grouped.met + grouped.breached > 0
        and grouped.met < floors.country_attainment_floor * (grouped.met + grouped.breached),
        false
    ) as below_attainment_floor,
    grouped.met + grouped.breached < {{ var('sla_small_sample_requests') }} as is_small_sample
from grouped
left join floors
    on grouped.quarter_index = floors.quarter_index
    and grouped.request_type = floors.request_type
