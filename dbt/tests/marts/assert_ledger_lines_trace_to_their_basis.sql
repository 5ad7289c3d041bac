-- A failing row is a ledger line whose traced fact lines (rebate_ledger_lines) do not sum to its
-- basis: every cent of the ledger must come from fact lines finance can name.
{{ config(meta={'dagster': {'ref': {'name': 'rebate_ledger_lines'}}}) }}

with traced as (
    select partner_id, fiscal_quarter, reward_type, reference,
        sum(net_revenue_usd) as traced_usd
    from {{ ref('rebate_ledger_lines') }}
    group by partner_id, fiscal_quarter, reward_type, reference
)

select ledger.partner_id, ledger.fiscal_quarter, ledger.reward_type, ledger.reference,
    ledger.basis_usd, traced.traced_usd
from {{ ref('rebate_ledger') }} as ledger
left join traced
    on ledger.partner_id = traced.partner_id
    and ledger.fiscal_quarter = traced.fiscal_quarter
    and ledger.reward_type = traced.reward_type
    and ledger.reference = traced.reference
where traced.traced_usd is null or traced.traced_usd <> ledger.basis_usd
