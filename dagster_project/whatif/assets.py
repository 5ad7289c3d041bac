"""The what-if as a Dagster job, run from the UI with the rules folder as config:
the same scenario as `channel-ledger whatif`, on the published warehouse of the settings."""

from pathlib import Path

from dagster import AssetExecutionContext, Config, MaterializeResult, asset, define_asset_job

from dagster_project.presentation.formatting import usd
from dagster_project.resources import DEFAULT_WHATIF, PipelineSettings
from dagster_project.transform.keys import PUBLISHED_WAREHOUSE
from dagster_project.whatif.report import write_report
from dagster_project.whatif.scenario import parse_quarters, run_scenario

WHATIF_JOB_NAME = "whatif"


class ScenarioConfig(Config):
    rules_dir: str  # a folder of program CSVs in the seeds' format
    quarters: str = ""  # FY2026-Q1..FY2027-Q2; empty: every quarter
    out_dir: str = str(DEFAULT_WHATIF)


@asset(deps=[PUBLISHED_WAREHOUSE], group_name="whatif")
def whatif_scenario(
    context: AssetExecutionContext, config: ScenarioConfig, settings: PipelineSettings
) -> MaterializeResult:
    """The program under a scenario's rules against the program, per partner and quarter: a CSV
    and a page in `out_dir`. The published warehouse is read, never written."""
    out = Path(config.out_dir).expanduser().resolve()
    result = run_scenario(
        Path(config.rules_dir).expanduser().resolve(),
        settings.warehouse,
        out,
        parse_quarters(config.quarters),
    )
    page = write_report(result, out)
    cost = result.cost_by_quarter()
    total = result.total_cost()
    context.log.info(f"cost of the change: {usd(total)}")
    return MaterializeResult(
        metadata={
            "cost_usd": usd(total),
            "cost_by_quarter": {quarter: usd(c[2]) for quarter, c in cost.items()},
            "partner_quarters_changing_tier": len(result.tier_changes()),
            "csv": str(result.csv_path),
            "page": str(page),
        }
    )


whatif_job = define_asset_job(
    WHATIF_JOB_NAME,
    selection=[whatif_scenario],
    description="The program under alternative rules (config: rules_dir): cost and movers.",
)
