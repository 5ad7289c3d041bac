{#- One row per partner and program quarter (overview: Outputs), for every partner of partners.csv
    from history start to the as-of quarter: its tier in force, review and quarter revenue,
    data-sharing coverage and the total of its ledger lines (a sum of rounded lines, adjustments
    included). A closed quarter's rows are those recorded when it closed (overview: Closing a quarter). -#}

with partner_quarters as (
    select * from {{ ref('int_partner_tiers_in_force') }}
    where not is_closed
),

ledger_totals as (
    select partner_id, fiscal_quarter, sum(amount_usd) as total_rewards_usd
    from {{ ref('int_rebate_ledger') }}
    group by partner_id, fiscal_quarter
),

computed as (
    select
        partner_quarters.partner_id,
        partner_quarters.fiscal_quarter,
        partner_quarters.is_open,
        partner_quarters.tier_in_force,
        partner_quarters.review_revenue_usd,
        coalesce(revenue.net_revenue_usd, 0) as net_revenue_usd,
        cast(coalesce(ledger_totals.total_rewards_usd, 0) as decimal(18, 2)) as total_rewards_usd,
        coverage.coverage,
        coverage.coverage_gate_passed,
        coverage.positive_revenue_usd,
        coverage.covered_revenue_usd
    from partner_quarters
    inner join {{ ref('int_partner_quarter_coverage') }} as coverage
        on partner_quarters.partner_id = coverage.partner_id
        and partner_quarters.quarter_index = coverage.quarter_index
    left join {{ ref('int_partner_quarter_revenue') }} as revenue
        on partner_quarters.partner_id = revenue.partner_id
        and partner_quarters.quarter_index = revenue.quarter_index
    left join ledger_totals
        on partner_quarters.partner_id = ledger_totals.partner_id
        and partner_quarters.fiscal_quarter = ledger_totals.fiscal_quarter
),

recorded as (
    select
        partner_id, fiscal_quarter, is_open, tier_in_force, review_revenue_usd, net_revenue_usd,
        total_rewards_usd, coverage, coverage_gate_passed, positive_revenue_usd,
        covered_revenue_usd
    from ({{ recorded_rows('stg_close_register__partner_statements') }}) as recorded
)

select * from computed
union all
select * from recorded
