{#- The statements a run cannot send, each with why, as int_statements_undeliverable finds them. -#}

select
    partner_id,
    fiscal_quarter,
    reason_code,
    reason
from {{ ref('int_statements_undeliverable') }}
