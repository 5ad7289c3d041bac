"""The asset check on SLA attainment by country: a warning, never blocking, when a country's
attainment of a watched request type (a floor in the request_types seed; by default price quotes,
90%) falls below the floor in the as-of quarter. It reads the published warehouse, after the run
has put it in force; the mart decides what is below (exactly, MET < floor x (MET + BREACHED))."""

import duckdb
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from dagster_project.delivery.formatting import percent
from dagster_project.delivery.keys import PUBLISHED_WAREHOUSE
from dagster_project.resources import PipelineSettings

SLA_BY_COUNTRY = AssetKey(["marts", "sla_attainment_by_country"])


@asset_check(
    asset=SLA_BY_COUNTRY,
    name="sla_attainment_floor",
    additional_deps=[PUBLISHED_WAREHOUSE],
    blocking=False,
    description=(
        "Warns when a country's SLA attainment of a request type with a floor (request_types"
        " seed; default price quotes, 90%) is below it in the as-of quarter."
    ),
)
def sla_attainment_floor(
    context: AssetCheckExecutionContext, settings: PipelineSettings
) -> AssetCheckResult:
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        below = con.execute(
            """SELECT fiscal_quarter, request_type, country, attainment_rate, met, breached,
                      attainment_floor
               FROM marts.sla_attainment_by_country
               WHERE is_as_of_quarter AND below_attainment_floor
               ORDER BY request_type, attainment_rate, country NULLS LAST"""
        ).fetchall()
        (quarter,) = con.execute(
            "SELECT any_value(fiscal_quarter) FROM marts.sla_attainment_by_country"
            " WHERE is_as_of_quarter"
        ).fetchone()
    lines = [
        f"| {country or 'unknown'} | {kind} | {percent(rate)} | {met} | {breached}"
        f" | {percent(floor)} |"
        for _, kind, country, rate, met, breached, floor in below
    ]
    table = "\n".join(
        [
            "| country | request type | attainment | met | breached | floor |",
            "|---|---|---|---|---|---|",
        ]
        + lines
    )
    return AssetCheckResult(
        passed=not below,
        severity=AssetCheckSeverity.WARN,
        description=(
            f"{len(below)} country and request type(s) below the attainment floor in {quarter}"
            if below
            else f"every country at or above its attainment floor in {quarter or 'no quarter'}"
        ),
        metadata={
            "fiscal_quarter": quarter or "",
            "countries_below_floor": MetadataValue.json(
                {
                    f"{country or 'unknown'} {kind}": str(rate)
                    for _, kind, country, rate, *_ in below
                }
            ),
            "below_floor": MetadataValue.md(table if below else "none"),
        },
    )
