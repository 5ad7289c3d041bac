{#- The audit trail of closing (overview: Closing a quarter): every close and reopening of the close
    register, in order, never deleted, with who, when, why, the figures' as-of time, the ledger's
    lines and total as recorded, and the record's SHA-256; and whether a close is the record in
    force of a quarter closed now. -#}

select
    closes.close_sequence,
    closes.fiscal_quarter,
    closes.action,
    closes.closed_by as {{ adapter.quote('by') }},
    closes.closed_at as {{ adapter.quote('at') }},
    closes.figures_as_of,
    closes.ledger_lines,
    closes.ledger_total_usd,
    closes.sha256,
    closes.reason,
    closed.close_sequence is not null as is_in_force
from {{ ref('stg_close_register__quarter_closes') }} as closes
left join {{ ref('int_closed_quarters') }} as closed
    on closes.close_sequence = closed.close_sequence
