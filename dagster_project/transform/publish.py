"""Publishing a run's warehouse: the built file, made self-contained, replaces the warehouse in one
rename. A crash before the rename leaves the previous warehouse as it was; after it, the new one."""

import os
import shutil
from pathlib import Path

from dagster import AssetExecutionContext, MaterializeResult, ResourceParam, asset

from dagster_project.duckdb_connection import connect
from dagster_project.durability import fsync
from dagster_project.faults import crash_point
from dagster_project.quality.gx_validation import finish_data_docs
from dagster_project.resources import PipelineSettings
from dagster_project.transform.assets import channel_ledger_dbt

# Views readers query (fct_sell_through, rebate_ledger_lines): they read tables of the file by
# two-part names (schema.table), so they work in the published file wherever it is copied.
KEPT_VIEW_SCHEMA = "marts"


def make_self_contained(build_path: Path) -> None:
    """Drop the views outside schema marts from the built file: staging views (and the views built
    on them) read the run's raw Parquet by path, which a copied file or a cleared run folder no
    longer has. What readers need are the tables (marts, intermediate, program configuration) and
    the marts' views on them."""
    with connect(build_path) as con:
        views = con.execute(
            "SELECT schema_name, view_name FROM duckdb_views()"
            " WHERE NOT internal AND database_name = current_database() AND schema_name <> ?",
            [KEPT_VIEW_SCHEMA],
        ).fetchall()
        for schema, view in views:
            con.execute(f'DROP VIEW "{schema}"."{view}"')
        con.execute("CHECKPOINT")  # everything in the file itself, no write-ahead log beside it


def publish(build_path: Path, warehouse: Path) -> None:
    """Move the built file over the warehouse: one atomic rename, durable once it returns."""
    make_self_contained(build_path)
    fsync(build_path)
    crash_point("publish")
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    # A log left beside the old file (only a writer outside the pipeline makes one) must not be
    # replayed into the new file.
    Path(str(warehouse) + ".wal").unlink(missing_ok=True)
    os.replace(build_path, warehouse)
    fsync(warehouse.parent)


def replace_dir(new: Path, target: Path) -> None:
    """Put the folder `new` in place of `target` by renames (a reader sees the old site or the new
    one, for an instant none)."""
    if not new.is_dir():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


@asset(deps=channel_ledger_dbt.keys, group_name="delivery")
def published_warehouse(
    context: AssetExecutionContext,
    settings: PipelineSettings,
    warehouse_lock: ResourceParam[None],  # only the lock's holder replaces the warehouse
) -> MaterializeResult:
    """The DuckDB warehouse, replaced as a whole once every model and test of the run passed. It
    reads on its own: copy it anywhere, the run folders are not needed."""
    publish(settings.build_path(context.run_id), settings.warehouse)
    # The GX Data Docs of the run whose figures are now in force.
    finish_data_docs()
    replace_dir(settings.run_gx_docs_dir(context.run_id), settings.gx_docs_dir)
    return MaterializeResult(
        metadata={
            "path": str(settings.warehouse),
            "gx_data_docs": str(settings.gx_docs_dir / "index.html"),
        }
    )
