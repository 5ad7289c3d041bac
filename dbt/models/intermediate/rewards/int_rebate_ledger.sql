{#- The rebate ledger (overview: Rewards; Closing a quarter): one row per reward line. A closed quarter's lines
    are those recorded when it closed, adjustments it held included; every other quarter's are
    computed from today's inputs (int_reward_lines), and the first quarter after the last closed
    also holds the adjustments to the closed ones (int_ledger_adjustments). Amounts are rounded
    to cents on their own line; every total anywhere sums these lines. -#}

with computed as (
    select
        partner_id, fiscal_quarter, is_open, reward_type, product_line, reference, basis_usd,
        rate, amount_usd, note, cast(null as string) as adjusts_quarter
    from {{ ref('int_reward_lines') }}
    where not is_closed
),

adjustments as (
    select
        partner_id, fiscal_quarter, is_open, reward_type, product_line, reference, basis_usd,
        cast(null as decimal(9, 4)) as rate, amount_usd, cast(null as string) as note,
        adjusts_quarter
    from {{ ref('int_ledger_adjustments') }}
),

recorded as (
    select
        partner_id, fiscal_quarter, is_open, reward_type, product_line, reference, basis_usd,
        rate, amount_usd, note, adjusts_quarter
    from ({{ recorded_rows('stg_close_register__rebate_ledger') }}) as recorded
),

lines as (
    select * from computed
    union all
    select * from adjustments
    union all
    select * from recorded
)

select
    partner_id,
    fiscal_quarter,
    is_open,
    reward_type,
    product_line,
    reference,
    cast(basis_usd as decimal(38, 24)) as basis_usd,
    cast(rate as decimal(9, 4)) as rate,
    cast(amount_usd as decimal(18, 2)) as amount_usd,
    note,
    adjusts_quarter
from lines
