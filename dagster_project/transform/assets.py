"""dbt models, seeds and tests as Dagster assets and asset checks (dagster-dbt)."""

from collections.abc import Mapping
from typing import Any

from dagster import AssetCheckSpec, AssetExecutionContext, AssetKey, AssetSpec, Failure, Output
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from dagster_project.closing.assets import CLOSE_REGISTER_GROUP, register_table_key
from dagster_project.environ import environment
from dagster_project.faults import crash_point
from dagster_project.ingest.assets import raw_key
from dagster_project.program.checks import locate_gap
from dagster_project.program.resource import ProgramRules
from dagster_project.resources import PipelineSettings
from dagster_project.transform.increment import (
    PUBLISHED_BUILD_SOURCE,
    plan_build,
    record_basis,
    start_build,
)
from dagster_project.transform.project import BUILD_PATH_IN_HOME, RAW_DIR_IN_HOME, dbt_project
from dagster_project.transform.spark import SPARK_TARGET, copy_spark_tables, spark_environment


class ChannelLedgerTranslator(DagsterDbtTranslator):
    """dbt sources `landing.<table>` are the raw assets ingestion writes, `close_register.<table>`
    the run's copy of the close register, `published_build.<table>` what the dbt step exports of
    the published warehouse for an increment; models keep their name."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            if dbt_resource_props["source_name"] == CLOSE_REGISTER_GROUP:
                return register_table_key(dbt_resource_props["name"])
            if dbt_resource_props["source_name"] == PUBLISHED_BUILD_SOURCE:
                return AssetKey([PUBLISHED_BUILD_SOURCE, dbt_resource_props["name"]])
            return raw_key(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "program_config"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"

    def get_asset_check_spec(
        self,
        asset_spec: AssetSpec,
        manifest: Mapping[str, Any],
        unique_id: str,
        project: DbtProject | None,
    ) -> AssetCheckSpec | None:
        if ASSET_CHECK_TAG not in manifest["nodes"][unique_id]["config"].get("tags", []):
            return None
        return super().get_asset_check_spec(asset_spec, manifest, unique_id, project)


# dbt's tests run in `dbt build` (a failing one fails the step with dbt's message, and its
# results are in the dbt log beside the warehouse). Only those tagged `asset_check` are Dagster
# asset checks too (the SLA floor's warning): as checks, each of the ~190 tests would be two more
# events for Dagster to store and log, 2-4 s of every run's ~30. The dbt step reads dbt's events
# with EVENTS, which turns the others into observations without a warning each.
ASSET_CHECK_TAG = "asset_check"
TRANSLATOR = ChannelLedgerTranslator()
EVENTS = ChannelLedgerTranslator(DagsterDbtTranslatorSettings(enable_asset_checks=False))


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=TRANSLATOR,
)
def channel_ledger_dbt(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    settings: PipelineSettings,
    program_rules: ProgramRules,
):
    """Build every seed, model and test into this run's warehouse file (with the Spark engine:
    build them on Spark, then copy Spark's tables into that file), with the program files
    `program_rules` checked when the run started. When only report files changed since the
    published warehouse was built, the file starts as a copy of it and the line-grain models
    rebuild the lines those files touch (transform/increment.py); otherwise it starts empty."""
    build_path, raw_dir = settings.build_path(context.run_id), settings.raw_dir(context.run_id)
    start = plan_build(settings, program_rules, raw_dir)
    start_build(start, settings, build_path, raw_dir)
    context.log.info(("incremental build: " if start.on_published else "full build: ") + start.why)
    # The build path and the raw dir are the same strings every run (see project.py) so that dbt
    # parses partially; HOME makes them this run's.
    env = {
        "HOME": str(settings.run_dir(context.run_id)),
        "CHANNEL_LEDGER_BUILD_PATH": BUILD_PATH_IN_HOME,
        "CHANNEL_LEDGER_RAW_DIR": RAW_DIR_IN_HOME,
        "CHANNEL_LEDGER_MEMORY_LIMIT": settings.memory_limit,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    # dbt's file log (in the run's dbt-target) at debug level costs 10-20% of a build; its
    # warnings and errors are kept, the rest is in the log beside the warehouse.
    args = ["build", "--log-level-file", "warn"]
    if start.on_published:
        # The program files are those the published warehouse was built with (the basis holds
        # the seeds): its seeds, and the tests that read seeds alone, hold the same rows and
        # verdicts. `cautious` keeps every test that reads a model too (a mart against a seed).
        args += ["--exclude", "resource_type:seed", "--indirect-selection", "cautious"]
    else:
        args.append("--full-refresh")
    if not settings.dbt_unit_tests:
        args += ["--exclude-resource-type", "unit_test"]
    seeds = program_rules.seeds_folder(settings.run_dir(context.run_id))
    if seeds is not None:
        # dbt_project.yml's seed-paths: the run's program files (dbt parses again for them).
        env["CHANNEL_LEDGER_PROGRAM_DIR"] = str(seeds)
    spark_dir = settings.run_dir(context.run_id) / "spark"
    if settings.engine == "spark":
        args += ["--target", SPARK_TARGET]
        env |= spark_environment(spark_dir, raw_dir)
    # The run's dbt artifacts and log live in its folder (removed with it), not in the project.
    target = settings.run_dir(context.run_id) / "dbt-target"
    # The environment is the dbt process's: set only while it starts, not while Dagster handles
    # its events.
    with environment(env):
        invocation = dbt.cli(args, context=context, target_path=target)
    if start.on_published:
        yield from _seeds_as_published(context, invocation.manifest)
    try:
        for n, dbt_event in enumerate(invocation.stream_raw_events()):
            if n == 0:
                crash_point("dbt")
            yield from dbt_event.to_default_asset_events(
                manifest=invocation.manifest,
                dagster_dbt_translator=EVENTS,
                context=context,
                target_path=invocation.target_path,
                project=invocation.project,
            )
    except Exception as error:
        # A quarter that needs a rule and has none: dbt names the file and the key, the
        # program's files the line.
        located = locate_gap(str(error), program_rules.files)
        if located is None:
            raise
        raise Failure(
            description=f"the program configuration has an error; nothing was published:\n{located}"
        ) from error
    if settings.engine == "spark":
        copied = copy_spark_tables(spark_dir, build_path, target)
        context.log.info(f"{len(copied)} tables built by Spark copied into the warehouse file")
    record_basis(build_path, start)


def _seeds_as_published(context: AssetExecutionContext, manifest: Mapping[str, Any]):
    """The seeds an increment does not load again: in the build file as the published warehouse
    holds them, so their assets are this run's too, before what reads them."""
    for node in manifest["nodes"].values():
        if node["resource_type"] != "seed":
            continue
        key = TRANSLATOR.get_asset_key(node)
        if key in context.selected_asset_keys:
            yield Output(
                None,
                output_name=context.assets_def.get_output_name_for_asset_key(key),
                metadata={"loaded": "no: as the published warehouse holds it"},
            )
