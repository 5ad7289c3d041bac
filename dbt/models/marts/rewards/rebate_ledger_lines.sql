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
{#- What a fact line counts toward, per reward type: the reference of the ledger line (the same
    keys the int_rewards_ models group by). A new reward type is one more pair. -#}
{%- set references = [
    ('BASE', 'product_line'),
    ('GROWTH_AT_MARKET', 'product_line'),
    ('NEW_LOGO', 'end_customer_id'),
    ('SERVICES', deal_reference()),
    ('SOLUTION', 'solution'),
] %}

-- An adjustment's lines are those of the closed quarter it corrects, as they stand now
-- (ask the same question of that quarter); a closed quarter's recorded lines join today's lines.
with ledger as (
    select
        partner_id, fiscal_quarter, reward_type, reference, basis_usd, rate, amount_usd, note
    from {{ ledger }}
    where adjusts_quarter is null
),

fact_references as (
    {% for reward_type, reference in references %}
    select
        '{{ reward_type }}' as reward_type,
        {{ reference }} as reference,
        partner_id, fiscal_quarter, distributor_id, report_line_id, source_file, line_number,
        invoice_date, sku, quantity, net_revenue_usd
    from {{ fact }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    ledger.partner_id,
    ledger.fiscal_quarter,
    ledger.reward_type,
    ledger.reference,
    ledger.basis_usd,
    ledger.rate,
    ledger.amount_usd,
    ledger.note,
    fact_references.distributor_id,
    fact_references.report_line_id,
    fact_references.source_file,
    fact_references.line_number,
    fact_references.invoice_date,
    fact_references.sku,
    fact_references.quantity,
    fact_references.net_revenue_usd
from ledger
inner join fact_references
    on ledger.partner_id = fact_references.partner_id
    and ledger.fiscal_quarter = fact_references.fiscal_quarter
    and ledger.reward_type = fact_references.reward_type
    and ledger.reference = fact_references.reference
