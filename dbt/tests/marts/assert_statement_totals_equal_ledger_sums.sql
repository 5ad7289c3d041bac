-- A failing row is a partner x quarter whose statement total differs from the sum of its rounded
-- ledger lines, or a ledger line whose partner x quarter has no statement row: the statement,
-- the ledger and every payable must agree to the cent (overview: Rewards).
{{ config(meta={'dagster': {'ref': {'name': 'partner_statements'}}}) }}

with ledger as (
    select partner_id, fiscal_quarter, sum(amount_usd) as ledger_total_usd
    from {{ ref('rebate_ledger') }}
    group by partner_id, fiscal_quarter
)

select
    coalesce(statements.partner_id, ledger.partner_id) as partner_id,
    coalesce(statements.fiscal_quarter, ledger.fiscal_quarter) as fiscal_quarter,
    statements.total_rewards_usd,
    ledger.ledger_total_usd
from {{ ref('partner_statements') }} as statements
full outer join ledger
    on statements.partner_id = ledger.partner_id
    and statements.fiscal_quarter = ledger.fiscal_quarter
where statements.partner_id is null
    or statements.total_rewards_usd <> coalesce(ledger.ledger_total_usd, 0)
