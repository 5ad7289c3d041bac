"""Great Expectations suites as Dagster asset checks, one per landed source.

Each check validates the run's typed Parquet of its source with the suite in expectations/.
The checks report, they do not block: bad lines are quarantined by the models and bad files
rejected by ingestion, so a failed expectation is a finding for the data team, never a lost run.
"""

from pathlib import Path

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    MetadataValue,
    asset_check,
)

from dagster_project.ingest.assets import raw_key
from dagster_project.ingest.contract import SELL_THROUGH, SOURCES
from dagster_project.paths import EXPECTATIONS_DIR
from dagster_project.quality.gx_validation import validate_parquet
from dagster_project.resources import PipelineSettings


def raw_parquet(raw_dir: Path, source: str) -> Path:
    if source == SELL_THROUGH.name:
        return raw_dir / source / "*.parquet"
    return raw_dir / f"{source}.parquet"


def _check_for(source: str) -> AssetChecksDefinition:
    suite = EXPECTATIONS_DIR / f"{source}.json"

    @asset_check(
        asset=raw_key(source),
        name="great_expectations",
        description=f"Great Expectations suite expectations/{source}.json on the landed {source}.",
    )
    def _check(context: AssetCheckExecutionContext, settings: PipelineSettings) -> AssetCheckResult:
        outcome = validate_parquet(
            raw_parquet(settings.raw_dir(context.op_execution_context.run_id), source), suite
        )
        metadata = outcome.to_metadata()
        metadata["summary"] = MetadataValue.md(str(metadata["summary"]))
        return AssetCheckResult(
            passed=outcome.success,
            severity=AssetCheckSeverity.ERROR if outcome.blocking else AssetCheckSeverity.WARN,
            metadata=metadata,
        )

    return _check


landing_checks = [_check_for(s.name) for s in (*SOURCES, SELL_THROUGH)]
