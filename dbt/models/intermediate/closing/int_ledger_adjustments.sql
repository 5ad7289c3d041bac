{#- Adjustments to the closed quarters (overview: Closing a quarter), booked in the first quarter after the
    last closed. Per reward line key (partner, quarter, reward type, reference; the reference
    fixes the product line) of a closed quarter:
      booked = its recorded line (0 without one) + the adjustments to it recorded with the
               quarters closed after it (a second late change is adjusted against both);
      now    = the line computed from today's inputs at the tiers in force recorded for it
               (0 without one).
    When the amounts differ: one line, basis = now - booked basis, amount = now - booked, with
    why in words where the run can tell. -#}

with holding_quarter as (
    select fiscal_quarter, is_open
    from {{ ref('int_fiscal_quarters') }}
    where holds_adjustments
),

recorded_lines as (
    {{ recorded_rows('stg_close_register__rebate_ledger') }}
),

booked as (
    select
        partner_id,
        coalesce(adjusts_quarter, fiscal_quarter) as fiscal_quarter,
        reward_type,
        reference,
        max(product_line) as product_line,
        sum(basis_usd) as basis_usd,
        sum(amount_usd) as amount_usd
    from recorded_lines
    group by partner_id, coalesce(adjusts_quarter, fiscal_quarter), reward_type, reference
),

now_lines as (
    select partner_id, fiscal_quarter, reward_type, reference, product_line, basis_usd, amount_usd
    from {{ ref('int_reward_lines') }}
    where is_closed
),

-- Growth held for market data when its quarter closed (overview: Rewards).
recorded_pending as (
    select distinct partner_id, fiscal_quarter, reward_type, product_line
    from ({{ recorded_rows('stg_close_register__pending_rewards') }}) as pending
),

compared as (
    select
        coalesce(booked.partner_id, now_lines.partner_id) as partner_id,
        coalesce(booked.fiscal_quarter, now_lines.fiscal_quarter) as adjusts_quarter,
        coalesce(booked.reward_type, now_lines.reward_type) as reward_type,
        coalesce(booked.product_line, now_lines.product_line) as product_line,
        coalesce(booked.reference, now_lines.reference) as reference,
        coalesce(booked.basis_usd, 0) as booked_basis_usd,
        coalesce(now_lines.basis_usd, 0) as recomputed_basis_usd,
        coalesce(booked.amount_usd, 0) as booked_amount_usd,
        coalesce(now_lines.amount_usd, 0) as recomputed_amount_usd,
        booked.partner_id is not null as was_booked,
        now_lines.partner_id is not null as is_earned_now
    from booked
    full outer join now_lines
        on booked.partner_id = now_lines.partner_id
        and booked.fiscal_quarter = now_lines.fiscal_quarter
        and booked.reward_type = now_lines.reward_type
        and booked.reference = now_lines.reference
),

reasoned as (
    select
        compared.*,
        case
            when compared.is_earned_now and not compared.was_booked
                and recorded_pending.partner_id is not null
                then 'MARKET_DATA_ARRIVED'
            when not compared.is_earned_now then 'NO_LONGER_EARNED'
            when not compared.was_booked then 'NOW_EARNED'
            when compared.recomputed_basis_usd <> compared.booked_basis_usd then 'BASIS_CHANGED'
            else 'RULE_CHANGED'
        end as reason
    from compared
    left join recorded_pending
        on compared.partner_id = recorded_pending.partner_id
        and compared.adjusts_quarter = recorded_pending.fiscal_quarter
        and compared.reward_type = recorded_pending.reward_type
        and compared.product_line = recorded_pending.product_line
    where compared.recomputed_amount_usd <> compared.booked_amount_usd
)

select
    reasoned.partner_id,
    holding_quarter.fiscal_quarter,
    holding_quarter.is_open,
    reasoned.adjusts_quarter,
    reasoned.reward_type,
    reasoned.product_line,
    reasoned.reference,
    reasoned.booked_basis_usd,
    reasoned.recomputed_basis_usd,
    reasoned.recomputed_basis_usd - reasoned.booked_basis_usd as basis_usd,
    reasoned.booked_amount_usd,
    reasoned.recomputed_amount_usd,
    reasoned.recomputed_amount_usd - reasoned.booked_amount_usd as amount_usd,
    reasoned.reason,
    case reasoned.reason
        when 'MARKET_DATA_ARRIVED'
            then 'The market data for the quarter arrived after it closed: the growth held for it is decided now.'
        when 'NO_LONGER_EARNED'
            then 'No longer earned: the lines behind it were restated or removed, or a gate no longer passes.'
        when 'NOW_EARNED'
            then 'Earned now: a late, restated or corrected line, or changed master data, made it qualify after the quarter closed.'
        when 'BASIS_CHANGED'
            then 'Its basis changed after the quarter closed: a line was restated, removed or reported late, or master data changed.'
        else 'Its rate or flat amount changed after the quarter closed: a program rule, or the segment of the line behind it, changed.'
    end as explanation
from reasoned
cross join holding_quarter
