"""The dbt CLI resource, without two costs dagster-dbt pays on every `dbt build` for features this
project does not use."""

from collections.abc import Sequence
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

from dagster_dbt import DbtCliResource
from packaging import version

from dagster_project.transform.project import DBT_EXECUTABLE


class ChannelLedgerDbtCliResource(DbtCliResource):
    """DbtCliResource, for the dbt Core installed beside this Python.

    dagster-dbt 0.29 runs `dbt --version` (a second dbt start plus a PyPI lookup) to tell dbt Core
    from Fusion, then loads the profile, the project and every macro in-process to get a dbt
    adapter that only `fetch_row_counts()` and `fetch_column_metadata()` use: seconds per run.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        # The dbt beside this Python is the dbt-core package installed with it.
        if Path(self.dbt_executable).is_absolute() and self.dbt_executable == DBT_EXECUTABLE:
            return version.parse(installed_version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        # None is what dagster-dbt passes for Fusion: the stream then has no adapter, so
        # `fetch_row_counts()` / `fetch_column_metadata()` are not available (not used here).
        return None
