"""The close register in Dagster: the register itself (an asset the job `close_quarter`
materializes: an operator closes or reopens from the UI), the check every run makes of it before
anything is built (a resource), and the run's copy of it that the models read (the tables of the
dbt source `close_register`, with the closed quarters as metadata)."""

from collections.abc import Iterator

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSelection,
    AssetSpec,
    Config,
    Failure,
    InitResourceContext,
    MaterializeResult,
    ResourceParam,
    asset,
    define_asset_job,
    in_process_executor,
    multi_asset,
    resource,
)

from dagster_project.closing.quarter_close import CloseRefused, close_quarter, reopen_quarter
from dagster_project.closing.register import CloseRecord, closed_quarters, read_register
from dagster_project.closing.run_tables import (
    REGISTER_TABLES,
    checked_for_run,
    write_register_tables,
)
from dagster_project.resources import PipelineSettings, parse_as_of

CLOSE_REGISTER_GROUP = "close_register"
REGISTER_KEY = AssetKey([CLOSE_REGISTER_GROUP, "register"])
CLOSE_JOB_NAME = "close_quarter"


def register_table_key(name: str) -> AssetKey:
    """The dbt source `close_register.<name>` (dagster_project.transform.assets maps it here)."""
    return AssetKey([CLOSE_REGISTER_GROUP, name])


class CloseQuarterConfig(Config):
    """Close `quarter` (the next in order, over at the warehouse's as-of time), or with `reopen`
    reopen it (the last closed; a reason is required)."""

    quarter: str
    by: str
    reopen: bool = False
    reason: str = ""


@asset(
    key=REGISTER_KEY,
    group_name=CLOSE_REGISTER_GROUP,
    description=(
        "The close register beside the warehouse: every close and reopening, with the closed"
        " quarter's figures as published (overview: Closing a quarter). Materialized by the job"
        " close_quarter; never rebuilt by a run."
    ),
)
def close_register(config: CloseQuarterConfig, settings: PipelineSettings) -> MaterializeResult:
    try:
        if config.reopen:
            record = reopen_quarter(
                settings.warehouse, settings.closes, config.quarter, config.by, config.reason
            )
        else:
            record = close_quarter(settings.warehouse, settings.closes, config.quarter, config.by)
    except CloseRefused as exc:
        raise Failure(description=f"refused: {exc}", allow_retries=False) from exc
    return MaterializeResult(metadata=register_metadata(read_register(settings.closes), record))


close_quarter_job = define_asset_job(
    CLOSE_JOB_NAME,
    selection=AssetSelection.assets(REGISTER_KEY),
    executor_def=in_process_executor,
    description="Close a quarter (config: quarter, by) or reopen the last closed (reopen, reason).",
)


@resource(
    required_resource_keys={"settings"},
    description=(
        "The close register, checked when a run starts: a record that does not match its SHA-256,"
        " or a run whose as-of quarter is closed, stops the run before any step."
    ),
)
def closes(context: InitResourceContext) -> Iterator[list[CloseRecord]]:
    settings = context.resources.settings
    yield checked_for_run(settings.closes, parse_as_of(settings.as_of))


@multi_asset(
    specs=[
        AssetSpec(
            register_table_key(name),
            group_name=CLOSE_REGISTER_GROUP,
            deps=[REGISTER_KEY],
            description=f"The close register's {name.replace('_', ' ')}, typed Parquet.",
        )
        for name in REGISTER_TABLES
    ],
    can_subset=False,
)
def recorded_closes(
    context: AssetExecutionContext,
    settings: PipelineSettings,
    closes: ResourceParam[list[CloseRecord]],
):
    """The register as this run reads it, in the run's raw folder beside the landing."""
    write_register_tables(closes, settings.raw_dir(context.run_id))
    metadata = register_metadata(closes)
    for name in REGISTER_TABLES:
        yield MaterializeResult(asset_key=register_table_key(name), metadata=metadata)


def register_metadata(
    records: list[CloseRecord], record: CloseRecord | None = None
) -> dict[str, str | int]:
    closed = closed_quarters(records)
    metadata: dict[str, str | int] = {
        "closed_quarters": ", ".join(closed) or "none",
        "closed_up_to": closed[-1] if closed else "none",
        "records": len(records),
    }
    if record is not None:
        metadata["record"] = record.folder.name
        metadata["sha256"] = record.sha256
    return metadata
