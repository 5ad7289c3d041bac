{#- The requests that cannot count, with their reason and the values as sent, so that they can
    be fixed at the source; a fixed request counts on the next run. -#}

select
    request_id,
    quarantine_reason as reason,
    request_type,
    partner_id,
    country,
    submitted_at_text,
    responded_at_text,
    source_file,
    line_number
from {{ ref('int_requests_checked') }}
where quarantine_reason is not null
