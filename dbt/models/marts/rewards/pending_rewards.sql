{#- Rewards held for missing market data (spec section 6): a GROWTH_AT_MARKET line that passes
    its other gates (positive basis, prior year, coverage) but has no usable market growth rate
    for its quarter, product line and the partner's region. Not paid as zero, not entitlement:
    it is decided once the market data arrives. -#}

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
