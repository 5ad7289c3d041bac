{#- Per partner, program quarter and product line (sold this quarter or a year before): the
    quarter's net revenue, the same quarter a year before, the market's growth and the revenue it
    takes to match it, and how GROWTH_AT_MARKET was decided. What a statement shows of its
    revenue and its growth against the market. A closed quarter's rows are those recorded when
    it closed (overview: Closing a quarter), as its statement's other figures. -#}

with computed as (
    select
        decisions.partner_id,
        quarters.fiscal_quarter,
        decisions.product_line,
        decisions.net_revenue_usd,
        decisions.prior_year_revenue_usd,
        decisions.market_growth_rate,
        decisions.market_target_usd,
        decisions.decision as growth_decision
    from {{ ref('int_growth_at_market_decisions') }} as decisions
    inner join {{ ref('int_fiscal_quarters') }} as quarters
        on decisions.quarter_index = quarters.quarter_index
    where not quarters.is_closed
),

recorded as (
    select
        partner_id, fiscal_quarter, product_line, net_revenue_usd, prior_year_revenue_usd,
        market_growth_rate, market_target_usd, growth_decision
    from ({{ recorded_rows('stg_close_register__partner_product_line_revenue') }}) as recorded
)

select * from computed
union all
select * from recorded
