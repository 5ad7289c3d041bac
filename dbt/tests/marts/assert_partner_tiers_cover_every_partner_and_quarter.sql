-- A failing row is a partner x program quarter without a tier row, or a tier row outside that
-- grid: every partner in partners.csv has a row for every quarter from history start to as-of.
{{ config(meta={'dagster': {'ref': {'name': 'partner_tiers'}}}) }}

with grid as (
    select partners.partner_id, quarters.fiscal_quarter
    from (
        select distinct partner_id from {{ ref('stg_landing__partners') }}
        where partner_id is not null
    ) as partners
    cross join {{ ref('int_fiscal_quarters') }} as quarters
),

tiers as (
    select partner_id, fiscal_quarter from {{ ref('partner_tiers') }}
)

select grid.partner_id as grid_partner, grid.fiscal_quarter as grid_quarter,
       tiers.partner_id as tier_partner, tiers.fiscal_quarter as tier_quarter
from grid
full outer join tiers
    on grid.partner_id = tiers.partner_id and grid.fiscal_quarter = tiers.fiscal_quarter
where grid.partner_id is null or tiers.partner_id is null
