"""The pipeline's jobs, the schedule that sends statements and the sensor that starts a run
when files land. The jobs are one graph: the warehouse job stops at the published warehouse and
its reports, the pipeline also renders the statements, the sending one also sends them."""

import hashlib
import os
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

from dagster_project.closing.assets import REGISTER_KEY
from dagster_project.resources import PipelineSettings

PIPELINE_JOB_NAME = "channel_ledger_pipeline"
SEND_JOB_NAME = "channel_ledger_pipeline_and_send"
WAREHOUSE_JOB_NAME = "channel_ledger_warehouse"
DELIVERY = AssetSelection.assets("statement_delivery")
STATEMENTS = AssetSelection.assets("statement_files")
WHATIF = AssetSelection.groups("whatif")  # its own job, with a scenario as config
# Closing a quarter is its own job (close_quarter), never part of a run.
REGISTER = AssetSelection.assets(REGISTER_KEY)
# Spec section 9 (default monthly, after the distributors' reports are due): the 5th at 06:00
# UTC. A cron expression in CHANNEL_LEDGER_STATEMENT_SCHEDULE replaces it.
STATEMENT_SCHEDULE = os.environ.get("CHANNEL_LEDGER_STATEMENT_SCHEDULE", "0 6 5 * *")

# One process: the steps are sequential anyway, and this spares dbt a second process start.
pipeline_job = define_asset_job(
    PIPELINE_JOB_NAME,
    selection=AssetSelection.all() - DELIVERY - WHATIF - REGISTER,
    executor_def=in_process_executor,
    description=(
        "Landing folder -> Great Expectations -> dbt marts -> published warehouse -> statements"
        " rendered (nothing is sent)."
    ),
)
# What an operator runs to correct data mid-month: the warehouse built and published, its
# reports written, no statement rendered (the next full run renders what changed).
warehouse_job = define_asset_job(
    WAREHOUSE_JOB_NAME,
    selection=AssetSelection.all() - STATEMENTS - DELIVERY - WHATIF - REGISTER,
    executor_def=in_process_executor,
    description="Landing folder -> Great Expectations -> dbt marts -> published warehouse.",
)
send_job = define_asset_job(
    SEND_JOB_NAME,
    selection=AssetSelection.all() - WHATIF - REGISTER,
    executor_def=in_process_executor,
    description="The pipeline, then the statements sent over SMTP, each once per figures.",
)

monthly_schedule = ScheduleDefinition(
    name="monthly_statements",
    job=send_job,
    cron_schedule=STATEMENT_SCHEDULE,
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
