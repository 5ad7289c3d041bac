-- Warns with each country and request type whose SLA attainment in the as-of quarter is below
-- the floor of its type (request_types seed; by default price quotes, 90%): channel management
-- looks into it, nothing is blocked. Tagged `asset_check`: Dagster shows it as the asset check
-- sla_attainment_floor of marts/sla_attainment_by_country.
{{ config(severity='warn', tags=['asset_check']) }}

select country, request_type, fiscal_quarter, met, breached, attainment_rate, attainment_floor
from {{ ref('sla_attainment_by_country') }}
where is_as_of_quarter and below_attainment_floor
