"""Publishing a run's warehouse: the fresh file replaces the warehouse in one rename."""

import os
import shutil
from pathlib import Path

from dagster import AssetExecutionContext, MaterializeResult, asset

from dagster_project.resources import PipelineSettings
from dagster_project.transform.assets import channel_ledger_dbt


def publish(build_path: Path, warehouse: Path, runs_dir: Path, keep: Path) -> None:
    """Move the built file over the warehouse, then drop older runs' folders.

    The run folder of the warehouse in force is kept: its raw Parquet backs the staging views.
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    os.replace(build_path, warehouse)
    Path(str(warehouse) + ".wal").unlink(missing_ok=True)
    for run_dir in runs_dir.iterdir():
        if run_dir.is_dir() and run_dir != keep:
            shutil.rmtree(run_dir, ignore_errors=True)


@asset(deps=channel_ledger_dbt.keys, group_name="delivery")
def published_warehouse(
    context: AssetExecutionContext, settings: PipelineSettings
) -> MaterializeResult:
    """The DuckDB warehouse, replaced as a whole once every model and test of the run passed."""
    publish(
        settings.build_path(context.run_id),
        settings.warehouse,
        settings.runs_dir,
        keep=settings.run_dir(context.run_id),
    )
    return MaterializeResult(metadata={"path": str(settings.warehouse)})
