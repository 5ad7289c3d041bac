{#- Where every cent of the ledger comes from: each ledger line with the fact lines that make up
    its basis, their source file and line number (the sum of a line's net_revenue_usd here is its
    basis_usd). A view, so it costs nothing at build time; ask it about one ledger line:

        select * from marts.rebate_ledger_lines
        where partner_id = 'P003' and fiscal_quarter = 'FY2027-Q1'
          and reward_type = 'BASE' and reference = 'DATA_CENTER'

    It reads two marts only, so it reads as well in the published file as anywhere. -#}

{{ config(materialized='view') }}

{%- set ledger = ref('rebate_ledger').include(database=False) %}
{%- set fact = ref('fct_sell_through').include(database=False) %}

with ledger as (
    select
        partner_id, fiscal_quarter, reward_type, reference, basis_usd, rate, amount_usd, note
    from {{ ledger }}
),

fact as (
    select
        distributor_id,
        report_line_id,
        partner_id,
        fiscal_quarter,
        invoice_date,
        end_customer_id,
        sku,
        product_line,
        solution,
        quantity,
        net_revenue_usd,
        source_file,
        line_number,
        -- The deal a line belongs to (int_deals): its deal_id, or a dealless service line itself.
        coalesce(
            deal_id,
            case when is_service then concat(distributor_id, ':', report_line_id) end
        ) as deal_reference
    from {{ fact }}
),

traced as (
    select ledger.*, fact.distributor_id, fact.report_line_id, fact.invoice_date, fact.sku,
        fact.quantity, fact.net_revenue_usd, fact.source_file, fact.line_number
    from ledger
    inner join fact
        on ledger.partner_id = fact.partner_id
        and ledger.fiscal_quarter = fact.fiscal_quarter
        and ledger.reference = fact.product_line
    where ledger.reward_type in ('BASE', 'GROWTH_AT_MARKET')
    union all
    select ledger.*, fact.distributor_id, fact.report_line_id, fact.invoice_date, fact.sku,
        fact.quantity, fact.net_revenue_usd, fact.source_file, fact.line_number
    from ledger
    inner join fact
        on ledger.partner_id = fact.partner_id
        and ledger.fiscal_quarter = fact.fiscal_quarter
        and ledger.reference = fact.end_customer_id
    where ledger.reward_type = 'NEW_LOGO'
    union all
    select ledger.*, fact.distributor_id, fact.report_line_id, fact.invoice_date, fact.sku,
        fact.quantity, fact.net_revenue_usd, fact.source_file, fact.line_number
    from ledger
    inner join fact
        on ledger.partner_id = fact.partner_id
        and ledger.fiscal_quarter = fact.fiscal_quarter
        and ledger.reference = fact.deal_reference
    where ledger.reward_type = 'SERVICES'
    union all
    select ledger.*, fact.distributor_id, fact.report_line_id, fact.invoice_date, fact.sku,
        fact.quantity, fact.net_revenue_usd, fact.source_file, fact.line_number
    from ledger
    inner join fact
        on ledger.partner_id = fact.partner_id
        and ledger.fiscal_quarter = fact.fiscal_quarter
        and ledger.reference = fact.solution
    where ledger.reward_type = 'SOLUTION'
)

select
    partner_id,
    fiscal_quarter,
    reward_type,
    reference,
    basis_usd,
    rate,
    amount_usd,
    note,
    distributor_id,
    report_line_id,
    source_file,
    line_number,
    invoice_date,
    sku,
    quantity,
    net_revenue_usd
from traced
