{#- SLA attainment of the requests grouped by `group_column` (partner_id or country; none: the
    whole program), request type and quarter (spec section 7): counts by status, attainment = MET / (MET + BREACHED)
    (empty when both are 0), and the median and 90th percentile of the turnaround of the
    answered requests (continuous percentiles; empty without an answer). One pass: answered
    requests rank 1..n by turnaround, the open ones after them. -#}
{% macro sla_attainment(group_column=none) -%}
{%- set by = group_column ~ ', ' if group_column else '' -%}
with requests as (
    select
        *,
        row_number() over (
            partition by {{ by }}request_type, quarter_index
            order by case when turnaround_us is null then 1 else 0 end, turnaround_us, request_id
        ) as answer_rank,
        count(turnaround_us) over (
            partition by {{ by }}request_type, quarter_index
        ) as answers
    from {{ ref('int_sla_requests') }}
),

grouped as (
    select
        {{ by }}request_type,
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
    from requests
    group by {{ by }}request_type, quarter_index
)

select
    {{ by }}request_type,
    fiscal_quarter,
    quarter_index,
    is_as_of_quarter,
    cast(requests as bigint) as requests,
    cast(met as bigint) as met,
    cast(breached as bigint) as breached,
    cast(pending as bigint) as pending,
    cast(answered as bigint) as answered,
    {{ rounded_share('met', 'met + breached') }} as attainment_rate,
    {{ hours_from_microseconds('median_us') }} as median_hours,
    {{ hours_from_microseconds('p90_us') }} as p90_hours
from grouped
{%- endmacro %}
