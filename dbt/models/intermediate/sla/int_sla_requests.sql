{#- Every request that counts, decided against its target (overview: Turnaround SLAs). Spans are whole
    microseconds, so that "exactly on target" and "one second over" are told apart exactly;
    hours are shown rounded to 9 decimals, never compared.
    - answered: MET when the turnaround is at most the target, else BREACHED (a response after
      the as-of time is taken as given);
    - open: BREACHED when strictly older than the target at the as-of time, else PENDING (a
      request submitted after the as-of time is PENDING).
    Its quarter is that of the submission instant in UTC; its country its own, else its
    partner's. -#}

with requests as (
    select * from {{ ref('int_requests_checked') }}
    where quarantine_reason is null
),

partners as (
    select partner_id, country from {{ ref('int_partners') }}
),

as_of as (
    select as_of_us, as_of_quarter_index from {{ ref('int_as_of_quarter') }}
),

spans as (
    select
        requests.request_id,
        requests.request_type,
        requests.partner_id,
        coalesce(requests.country, partners.country) as country,
        requests.submitted_at,
        requests.responded_at,
        requests.target_hours,
        {{ fiscal_quarter_index('cast(requests.submitted_at as date)') }} as quarter_index,
        {{ epoch_microseconds('requests.responded_at') }}
            - {{ epoch_microseconds('requests.submitted_at') }} as turnaround_us,
        as_of.as_of_us - {{ epoch_microseconds('requests.submitted_at') }} as age_at_as_of_us,
        {{ microseconds_from_hours('requests.target_hours') }} as target_us,
        as_of.as_of_quarter_index,
        requests.source_file,
        requests.line_number
    from requests
    left join partners
        on requests.partner_id = partners.partner_id
    cross join as_of
)

select
    request_id,
    request_type,
    partner_id,
    country,
    cast(quarter_index as int) as quarter_index,
    {{ fiscal_quarter_label('quarter_index') }} as fiscal_quarter,
    quarter_index = as_of_quarter_index as is_as_of_quarter,
    submitted_at,
    responded_at,
    turnaround_us,
    {{ hours_from_microseconds('turnaround_us') }} as turnaround_hours,
    target_hours,
    case
        when responded_at is not null
            then case when turnaround_us <= target_us then 'MET' else 'BREACHED' end
        when age_at_as_of_us > target_us then 'BREACHED'
        else 'PENDING'
    end as sla_status,
    source_file,
    line_number
from spans
