"""dbt models, seeds and tests as Dagster assets and asset checks (dagster-dbt)."""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from dagster_project.ingest.assets import raw_key
from dagster_project.resources import PipelineSettings
from dagster_project.transform.project import dbt_project


class ChannelLedgerTranslator(DagsterDbtTranslator):
    """dbt sources `landing.<table>` are the raw assets ingestion writes; models keep their name."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return raw_key(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "program_config"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """dbt runs as a subprocess and reads its paths from the environment (profiles.yml, sources)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=ChannelLedgerTranslator(),
)
def channel_ledger_dbt(
    context: AssetExecutionContext, dbt: DbtCliResource, settings: PipelineSettings
):
    """Build every seed, model and test into this run's fresh warehouse file."""
    env = {
        "CHANNEL_LEDGER_RAW_DIR": str(settings.raw_dir(context.run_id)),
        "CHANNEL_LEDGER_BUILD_PATH": str(settings.build_path(context.run_id)),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    # The run's dbt artifacts and log live in its folder (removed with it), not in the project.
    target = settings.run_dir(context.run_id) / "dbt-target"
    with _environment(env):
        yield from dbt.cli(["build"], context=context, target_path=target).stream()
