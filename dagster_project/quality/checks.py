"""Great Expectations suites as Dagster asset checks, one per landed source.

Each check validates the run's typed Parquet of its source with the suite in expectations/ and
renders the result into the run's GX Data Docs (published beside the warehouse with it). What a
failure does is the failed expectations' GX severity: a `critical` one (the raw schema and the
lineage ingestion guarantees) fails the check with ERROR and, the check being blocking, stops the
run before dbt; `warning` and `info` ones (the content of the files) fail it with WARN and the run
goes on: bad lines are quarantined by the models and bad files rejected by ingestion.
A landed file that did not change since an earlier run is not validated again: its result is
kept with the ingestion cache (quality/kept_validations.py).
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
from dagster_project.ingest.cache import VALIDATIONS_DIR
from dagster_project.ingest.contract import SELL_THROUGH, SOURCES
from dagster_project.ingest.landing import landed_entries
from dagster_project.paths import EXPECTATIONS_DIR
from dagster_project.quality.gx_validation import DataDocs
from dagster_project.quality.kept_validations import validate_landed
from dagster_project.resources import PipelineSettings


def raw_parts(raw_dir: Path, source: str) -> dict[Path, str | None]:
    """The source's Parquet files in the raw dir, each with its ingestion-cache entry (None for
    the empty table written for a source with no file)."""
    if source == SELL_THROUGH.name:
        files = sorted((raw_dir / source).glob("*.parquet"))
    else:
        files = [raw_dir / f"{source}.parquet"]
    entries = landed_entries(raw_dir)
    return {path: entries.get(path) for path in files}


def _check_for(source: str) -> AssetChecksDefinition:
    suite = EXPECTATIONS_DIR / f"{source}.json"

    @asset_check(
        asset=raw_key(source),
        name="great_expectations",
        description=(
            f"Great Expectations suite expectations/{source}.json on the landed {source}:"
            " a critical expectation that fails blocks the run, a warning reports."
        ),
        blocking=True,
    )
    def _check(context: AssetCheckExecutionContext, settings: PipelineSettings) -> AssetCheckResult:
        run_id = context.op_execution_context.run_id
        validated = validate_landed(
            raw_parts(settings.raw_dir(run_id), source),
            suite,
            store=settings.cache_dir / VALIDATIONS_DIR / f"{source}.json",
            docs=DataDocs(settings.run_gx_docs_dir(run_id), run_name=run_id),
        )
        outcome = validated.outcome
        metadata = outcome.to_metadata()
        metadata["summary"] = MetadataValue.md(str(metadata["summary"]))
        metadata["validated_rows"] = validated.validated_rows  # the others' results were kept
        metadata["kept_rows"] = validated.kept_rows
        return AssetCheckResult(
            passed=outcome.success,
            severity=AssetCheckSeverity.ERROR if outcome.blocking else AssetCheckSeverity.WARN,
            metadata=metadata,
        )

    return _check


landing_checks = [_check_for(s.name) for s in (*SOURCES, SELL_THROUGH)]
