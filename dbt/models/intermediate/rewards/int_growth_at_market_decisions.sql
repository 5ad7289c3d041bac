{#- GROWTH_AT_MARKET decided per partner, program quarter and product line with revenue this
    quarter or a year before (overview: Rewards). The gates, in the order they are reported:
      NO_POSITIVE_REVENUE       the quarter's net revenue in the line is not above zero;
      PRIOR_BELOW_MINIMUM       the same quarter a year before holds less than the minimum;
      COVERAGE_GATE_FAILED      data-sharing coverage of the quarter below the gate;
      MARKET_GROWTH_MISSING     no market row for the quarter, line and the partner's region
      MARKET_GROWTH_UNUSABLE    (or its rate is unusable): pending, neither paid nor zero;
      BELOW_MARKET              current < prior x (1 + market growth), compared exactly;
      EARNED                    the bonus rate of the tier in force on the quarter's revenue.
    Minimum and rate are those in force in the quarter (overview: Rules over time). -#}

with revenue as (
    select partner_id, quarter_index, product_line, net_revenue_usd
    from {{ ref('int_partner_product_line_revenue') }}
),

partner_quarters as (
    select partner_id, quarter_index, fiscal_quarter, tier_in_force
    from {{ ref('int_partner_tiers_in_force') }}
),

-- Every product line the partner sold in the quarter or in the same quarter a year before.
lines_of_quarter as (
    select partner_id, quarter_index, product_line from revenue
    union
    select partner_id, quarter_index + 4, product_line from revenue
),

rules as (
    select quarter_index, growth_prior_minimum_usd from {{ ref('int_reward_rules_in_force') }}
),

measured as (
    select
        partner_quarters.partner_id,
        partner_quarters.quarter_index,
        partner_quarters.fiscal_quarter,
        partner_quarters.tier_in_force,
        lines_of_quarter.product_line,
        partners.region,
        coalesce(current_revenue.net_revenue_usd, 0) as net_revenue_usd,
        coalesce(prior_revenue.net_revenue_usd, 0) as prior_year_revenue_usd,
        market.fiscal_quarter is not null as has_market_row,
        market.growth_rate as market_growth_rate,
        coverage.coverage_gate_passed,
        bonus.rate as bonus_rate
    from partner_quarters
    inner join lines_of_quarter
        on partner_quarters.partner_id = lines_of_quarter.partner_id
        and partner_quarters.quarter_index = lines_of_quarter.quarter_index
    inner join {{ ref('int_partners') }} as partners
        on partner_quarters.partner_id = partners.partner_id
    inner join {{ ref('int_partner_quarter_coverage') }} as coverage
        on partner_quarters.partner_id = coverage.partner_id
        and partner_quarters.quarter_index = coverage.quarter_index
    left join revenue as current_revenue
        on lines_of_quarter.partner_id = current_revenue.partner_id
        and lines_of_quarter.quarter_index = current_revenue.quarter_index
        and lines_of_quarter.product_line = current_revenue.product_line
    left join revenue as prior_revenue
        on lines_of_quarter.partner_id = prior_revenue.partner_id
        and lines_of_quarter.quarter_index - 4 = prior_revenue.quarter_index
        and lines_of_quarter.product_line = prior_revenue.product_line
    left join {{ ref('int_market_growth') }} as market
        on partner_quarters.fiscal_quarter = market.fiscal_quarter
        and lines_of_quarter.product_line = market.product_line
        and partners.region = market.region
    left join {{ ref('int_growth_bonus_rates_in_force') }} as bonus
        on partner_quarters.quarter_index = bonus.quarter_index
        and partner_quarters.tier_in_force = bonus.tier
)

select
    measured.partner_id,
    measured.quarter_index,
    measured.product_line,
    measured.region,
    measured.tier_in_force,
    measured.net_revenue_usd,
    measured.prior_year_revenue_usd,
    measured.market_growth_rate,
    -- What the quarter had to reach, prior x (1 + market growth), to 12 decimals: for reading
    -- (statements), the decision above is exact. Integer part and fraction multiplied apart, as
    -- in decimal_at_least_product, so that a large prior cannot overflow.
    case
        when measured.market_growth_rate is not null
            then cast(
                cast(floor(measured.prior_year_revenue_usd) as decimal(38, 0))
                    * (1 + measured.market_growth_rate)
                + cast(
                    cast(measured.prior_year_revenue_usd - cast(floor(measured.prior_year_revenue_usd) as decimal(38, 0)) as decimal(25, 24))
                    * (1 + measured.market_growth_rate) as decimal(38, 12))
                as decimal(38, 12))
    end as market_target_usd,
    measured.coverage_gate_passed,
    measured.bonus_rate,
    case
        when measured.net_revenue_usd <= 0 then 'NO_POSITIVE_REVENUE'
        when measured.prior_year_revenue_usd < rules.growth_prior_minimum_usd
            then 'PRIOR_BELOW_MINIMUM'
        when not measured.coverage_gate_passed then 'COVERAGE_GATE_FAILED'
        when not measured.has_market_row then 'MARKET_GROWTH_MISSING'
        when measured.market_growth_rate is null then 'MARKET_GROWTH_UNUSABLE'
        when {{ decimal_at_least_product(
            'measured.net_revenue_usd', 'measured.prior_year_revenue_usd',
            '(1 + measured.market_growth_rate)') }} then 'EARNED'
        else 'BELOW_MARKET'
    end as decision
from measured
inner join rules
    on measured.quarter_index = rules.quarter_index
