"""The landing folder as Dagster assets: one asset per landed source, written by one pass."""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Failure,
    MaterializeResult,
    ResourceParam,
    multi_asset,
)

from dagster_project.ingest.contract import SELL_THROUGH, SOURCES
from dagster_project.ingest.landing import LandingReport, RequiredFileError, land_folder
from dagster_project.resources import PipelineSettings, parse_as_of

LANDING_GROUP = "landing"
# Raw tables with their keys; the dbt sources `landing.<name>` map to the same keys.
RAW_TABLES = (*(s.name for s in SOURCES), SELL_THROUGH.name, "landing_files", "run_context")


def raw_key(name: str) -> AssetKey:
    return AssetKey([LANDING_GROUP, name])


@multi_asset(
    specs=[
        AssetSpec(
            raw_key(name), group_name=LANDING_GROUP, description=f"Landed {name}, typed Parquet."
        )
        for name in RAW_TABLES
    ],
    can_subset=False,
)
def landing_files(
    context: AssetExecutionContext,
    settings: PipelineSettings,
    warehouse_lock: ResourceParam[None],  # held from the run's start to its end
):
    """Read every file of the landing folder through the contract into the run's raw dir."""
    as_of = parse_as_of(settings.as_of)
    raw_dir = settings.raw_dir(context.run_id)
    context.log.info(f"landing {settings.landing} as of {as_of.isoformat()} into {raw_dir}")
    try:
        report = land_folder(
            settings.landing,
            raw_dir,
            as_of,
            cache_dir=settings.cache_dir,
            memory_limit=settings.memory_limit,
        )
    except RequiredFileError as exc:
        raise Failure(description=str(exc), allow_retries=False) from exc
    for rejected in report.rejected():
        context.log.warning(
            f"rejected {rejected.source_file}: "
            f"{rejected.rejection.reason}: {rejected.rejection.detail}"
        )
    for ignored in report.ignored():
        context.log.warning(f"ignored {ignored.source_file}: {ignored.rejection.detail}")
    yield from _results(report, as_of.isoformat())


def _results(report: LandingReport, as_of: str):
    for name in RAW_TABLES:
        metadata: dict[str, str | int] = {}
        if name == "run_context":
            metadata["as_of_utc"] = as_of
        elif name == "landing_files":
            metadata["files"] = len(report.files)
            metadata["files_read"] = len(report.read())  # the others were cached
            metadata["rejected_files"] = len(report.rejected())
            metadata["ignored_files"] = len(report.ignored())
        else:
            files = [f for f in report.files if f.source == name]
            metadata["lines"] = report.lines(name)
            metadata["files"] = len(files)
            metadata["rejected_files"] = sum(1 for f in files if f.rejection)
        yield MaterializeResult(asset_key=raw_key(name), metadata=metadata)
