{#- Rewards held for missing market data (overview: Rewards): a GROWTH_AT_MARKET line that passes
    its other gates (positive basis, prior year, coverage) but has no usable market growth rate
    for its quarter, product line and the partner's region. Not paid as zero, not entitlement:
    it is decided once the market data arrives. A closed quarter's rows are those recorded when it
    closed (overview: Closing a quarter): growth decided later is an adjustment, not a change to them. -#}

with computed as (
    select
        decisions.partner_id,
        quarters.fiscal_quarter,
        'GROWTH_AT_MARKET' as reward_type,
        decisions.product_line,
        decisions.decision as reason,
        decisions.region,
        decisions.net_revenue_usd as basis_usd,
        decisions.prior_year_revenue_usd
    from {{ ref('int_growth_at_market_decisions') }} as decisions
    inner join {{ ref('int_fiscal_quarters') }} as quarters
        on decisions.quarter_index = quarters.quarter_index
    where decisions.decision in ('MARKET_GROWTH_MISSING', 'MARKET_GROWTH_UNUSABLE')
        and not quarters.is_closed
),

recorded as (
    select
        partner_id, fiscal_quarter, reward_type, product_line, reason, region, basis_usd,
        prior_year_revenue_usd
    from ({{ recorded_rows('stg_close_register__pending_rewards') }}) as recorded
)

select * from computed
union all
select * from recorded
