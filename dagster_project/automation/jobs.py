"""The one pipeline job, its schedule and the sensor that starts it when files land."""

import hashlib
from pathlib import Path

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    in_process_executor,
    sensor,
)

from dagster_project.resources import PipelineSettings

PIPELINE_JOB_NAME = "channel_ledger_pipeline"

# One process: the steps are sequential anyway, and this spares dbt a second process start.
pipeline_job = define_asset_job(
    PIPELINE_JOB_NAME,
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description=(
        "Landing folder -> Great Expectations -> dbt marts -> published warehouse -> statements."
    ),
)

# Monthly, on the 5th at 06:00 UTC: after the distributors' monthly reports are due.
monthly_schedule = ScheduleDefinition(
    name="monthly_statements",
    job=pipeline_job,
    cron_schedule="0 6 5 * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.STOPPED,
)


def landing_fingerprint(landing: Path) -> str:
    """Names, sizes and modification times of every landing file: changes when a file lands."""
    digest = hashlib.sha256()
    if landing.is_dir():
        for path in sorted(p for p in landing.rglob("*") if p.is_file()):
            stat = path.stat()
            digest.update(
                f"{path.relative_to(landing)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()


@sensor(
    job=pipeline_job,
    minimum_interval_seconds=300,
    default_status=DefaultSensorStatus.STOPPED,
    description="Starts the pipeline when files land in, change in or leave the landing folder.",
)
def new_landing_files(context: SensorEvaluationContext, settings: PipelineSettings):
    fingerprint = landing_fingerprint(settings.landing)
    if fingerprint == context.cursor:
        return SkipReason(f"no change in {settings.landing}")
    context.update_cursor(fingerprint)
    return RunRequest(run_key=fingerprint)
