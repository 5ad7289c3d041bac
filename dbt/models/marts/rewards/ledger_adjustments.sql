{#- The adjustments to closed quarters (overview: Closing a quarter), each with what was booked, what the
    quarter earns now and why: the adjustment lines of rebate_ledger, in detail. Those of the
    first quarter after the last closed are computed by this run; those a closed quarter held
    are as recorded when it closed. -#}

with computed as (
    select
        partner_id, fiscal_quarter, adjusts_quarter, reward_type, product_line, reference,
        booked_basis_usd, recomputed_basis_usd, basis_usd, booked_amount_usd,
        recomputed_amount_usd, amount_usd, reason, explanation
    from {{ ref('int_ledger_adjustments') }}
),

recorded as (
    select
        partner_id, fiscal_quarter, adjusts_quarter, reward_type, product_line, reference,
        booked_basis_usd, recomputed_basis_usd, basis_usd, booked_amount_usd,
        recomputed_amount_usd, amount_usd, reason, explanation
    from ({{ recorded_rows('stg_close_register__ledger_adjustments') }}) as recorded
),

adjustments as (
    select * from computed
    union all
    select * from recorded
)

select
    partner_id,
    fiscal_quarter,
    adjusts_quarter,
    reward_type,
    product_line,
    reference,
    cast(booked_basis_usd as decimal(38, 24)) as booked_basis_usd,
    cast(recomputed_basis_usd as decimal(38, 24)) as recomputed_basis_usd,
    cast(basis_usd as decimal(38, 24)) as basis_usd,
    cast(booked_amount_usd as decimal(18, 2)) as booked_amount_usd,
    cast(recomputed_amount_usd as decimal(18, 2)) as recomputed_amount_usd,
    cast(amount_usd as decimal(18, 2)) as amount_usd,
    reason,
    explanation
from adjustments
