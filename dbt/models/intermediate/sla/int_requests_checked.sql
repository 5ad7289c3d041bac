{#- Every request read, with the reason it cannot count, if any (overview: Turnaround SLAs: an empty id, an
    unknown type, an unreadable timestamp or a response before its submission is bad input).
    A request takes the first reason that applies, in the order below. A request id sent twice
    names two requests that cannot both be the one: every copy is quarantined, as a sell-through
    line repeated in one file is (nothing is guessed). -#}

with requests as (
    select
        *,
        count(*) over (partition by request_id) as copies_of_request_id
    from {{ ref('stg_landing__requests') }}
),

request_types as (
    select distinct request_type from {{ ref('int_request_types_in_force') }}
),

-- The target in force in the quarter of the submission (overview: Rules over time).
targets as (
    select quarter_index, request_type, target_hours from {{ ref('int_request_types_in_force') }}
)

select
    requests.request_id,
    requests.request_type,
    requests.partner_id,
    requests.country,
    requests.submitted_at,
    requests.submitted_at_text,
    requests.responded_at,
    requests.responded_at_text,
    targets.target_hours,
    requests.source_file,
    requests.line_number,
    case
        when requests.request_id is null then 'MISSING_REQUEST_ID'
        when requests.copies_of_request_id > 1 then 'DUPLICATE_REQUEST_ID'
        when requests.partner_id is null then 'MISSING_PARTNER_ID'
        when request_types.request_type is null then 'UNKNOWN_REQUEST_TYPE'
        when requests.submitted_at is null then 'INVALID_SUBMITTED_AT'
        when requests.responded_at is null and requests.responded_at_text is not null
            then 'INVALID_RESPONDED_AT'
        when requests.responded_at < requests.submitted_at then 'RESPONSE_BEFORE_SUBMISSION'
    end as quarantine_reason
from requests
left join request_types
    on requests.request_type = request_types.request_type
left join targets
    on requests.request_type = targets.request_type
    and {{ fiscal_quarter_index('cast(requests.submitted_at as date)') }} = targets.quarter_index
