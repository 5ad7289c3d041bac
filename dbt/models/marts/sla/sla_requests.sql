{#- Every request that counts, with its SLA status (overview: Turnaround SLAs); bad requests are in
    request_quarantine instead. -#}

select
    request_id,
    request_type,
    partner_id,
    country,
    fiscal_quarter,
    cast(submitted_at as timestamp) as submitted_at,
    cast(responded_at as timestamp) as responded_at,
    turnaround_hours,
    target_hours,
    sla_status,
    source_file,
    line_number
from {{ ref('int_sla_requests') }}
