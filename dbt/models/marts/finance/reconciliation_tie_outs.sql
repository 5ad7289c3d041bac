{#- The quarter's tie-outs (overview: Rewards; Claims), one row per quarter and tie-out, each with the
    two figures it compares; dbt tests (Dagster asset checks) hold every one on every run, and
    the finance summary prints them.
    - LEDGER_EQUALS_STATEMENTS: the ledger's total = the statements' total rewards.
    - APPROVED_WITHIN_ACCRUED: partners whose approved amount exceeds what they accrued, and
      claims approved above their entitlement: none.
    - PAYMENTS_ALL_ACCOUNTED: every payment that counts is matched to a claim of its partner and
      quarter or counted unmatched;
    - PAID_EQUALS_PAYMENTS: the reconciliation's paid amounts add up to the payments. -#}

with quarters as (
    select distinct fiscal_quarter from {{ ref('rebate_reconciliation') }}
    union
    select fiscal_quarter from {{ ref('program_quarters') }}
),

ledger as (
    select fiscal_quarter, sum(amount_usd) as total_usd
    from {{ ref('rebate_ledger') }}
    group by fiscal_quarter
),

statements as (
    select fiscal_quarter, sum(total_rewards_usd) as total_usd
    from {{ ref('partner_statements') }}
    group by fiscal_quarter
),

over_accrued as (
    select fiscal_quarter, count(*) as keys
    from {{ ref('rebate_reconciliation') }}
    -- An adjustment can make a quarter's accrual negative (overview: Closing a quarter); nothing approved
    -- against it is no excess.
    where approved_usd > accrued_usd and approved_usd > 0
    group by fiscal_quarter
),

over_entitled as (
    select fiscal_quarter, count(*) as claims
    from {{ ref('claim_decisions') }}
    where amount_approved_usd > coalesce(entitlement_usd, 0)
    group by fiscal_quarter
),

payments as (
    select
        fiscal_quarter,
        count(*) as payments,
        sum(case when is_matched then 1 else 0 end) as matched,
        sum(amount_usd) as amount_usd
    from {{ ref('rebate_payments') }}
    group by fiscal_quarter
),

reconciled as (
    select
        fiscal_quarter,
        sum(unmatched_payments) as unmatched,
        sum(paid_usd) as paid_usd
    from {{ ref('rebate_reconciliation') }}
    group by fiscal_quarter
),

tie_outs as (
    select
        quarters.fiscal_quarter,
        'LEDGER_EQUALS_STATEMENTS' as tie_out,
        'The rebate ledger total equals the total rewards of the partner statements' as description,
        'usd' as unit,
        coalesce(ledger.total_usd, 0) as expected_value,
        coalesce(statements.total_usd, 0) as actual_value
    from quarters
    left join ledger on quarters.fiscal_quarter = ledger.fiscal_quarter
    left join statements on quarters.fiscal_quarter = statements.fiscal_quarter

    union all

    select
        quarters.fiscal_quarter,
        'APPROVED_WITHIN_ACCRUED',
        'No partner is approved more than it accrued, no claim more than its entitlement',
        'count',
        0,
        coalesce(over_accrued.keys, 0) + coalesce(over_entitled.claims, 0)
    from quarters
    left join over_accrued on quarters.fiscal_quarter = over_accrued.fiscal_quarter
    left join over_entitled on quarters.fiscal_quarter = over_entitled.fiscal_quarter

    union all

    select
        quarters.fiscal_quarter,
        'PAYMENTS_ALL_ACCOUNTED',
        'Every payment is matched to a claim of its partner and quarter or counted unmatched',
        'count',
        coalesce(payments.payments, 0),
        coalesce(payments.matched, 0) + coalesce(reconciled.unmatched, 0)
    from quarters
    left join payments on quarters.fiscal_quarter = payments.fiscal_quarter
    left join reconciled on quarters.fiscal_quarter = reconciled.fiscal_quarter

    union all

    select
        quarters.fiscal_quarter,
        'PAID_EQUALS_PAYMENTS',
        'The paid amounts of the reconciliation add up to the payments that count',
        'usd',
        coalesce(payments.amount_usd, 0),
        coalesce(reconciled.paid_usd, 0)
    from quarters
    left join payments on quarters.fiscal_quarter = payments.fiscal_quarter
    left join reconciled on quarters.fiscal_quarter = reconciled.fiscal_quarter
)

select
    fiscal_quarter,
    tie_out,
    description,
    unit,
    cast(expected_value as decimal(18, 2)) as expected_value,
    cast(actual_value as decimal(18, 2)) as actual_value,
    cast(expected_value as decimal(18, 2)) = cast(actual_value as decimal(18, 2)) as passed
from tie_outs
