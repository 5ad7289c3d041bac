"""The pipeline's settings as a Dagster resource: where the landing, warehouse and outbox are.

Every run works in its own folder beside the warehouse (`<warehouse>.runs/<run_id>/`): the raw
Parquet ingestion writes and a fresh warehouse file dbt builds. Only when every step succeeded
does that file replace the warehouse, so a failed run leaves the previous warehouse as it was and
no two steps ever write the same DuckDB file.
"""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, cast

from dagster import ConfigurableResource

from dagster_project.duckdb_connection import memory_limit as memory_limit_in_force
from dagster_project.paths import PROJECT_ROOT

DEFAULT_VAR_DIR = PROJECT_ROOT / "var"
DEFAULT_LANDING = DEFAULT_VAR_DIR / "demo-landing"
DEFAULT_DEMO_PROGRAM = DEFAULT_VAR_DIR / "demo-program"  # the demo's program files
DEFAULT_WAREHOUSE = DEFAULT_VAR_DIR / "warehouse.duckdb"
DEFAULT_OUTBOX = DEFAULT_VAR_DIR / "outbox"
DEFAULT_FINANCE = DEFAULT_VAR_DIR / "finance"  # `channel-ledger finance` writes here
DEFAULT_WHATIF = DEFAULT_VAR_DIR / "whatif"  # `channel-ledger whatif` writes here
# In a run's folder: the raw Parquet ingestion writes and the file dbt builds.
RAW_DIR_NAME = "raw"
BUILD_FILE_NAME = "warehouse.duckdb"


def parse_as_of(text: str | None) -> datetime:
    """An ISO 8601 instant (offset optional, none = UTC) in UTC; empty means now."""
    if not text:
        return datetime.now(UTC).replace(microsecond=0)
    value = datetime.fromisoformat(text.strip().replace("z", "Z"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class PipelineSettings(ConfigurableResource):
    """Where one pipeline run reads and writes. Defaults come from CHANNEL_LEDGER_* variables."""

    landing_dir: str = os.environ.get("CHANNEL_LEDGER_LANDING", str(DEFAULT_LANDING))
    warehouse_path: str = os.environ.get("CHANNEL_LEDGER_WAREHOUSE", str(DEFAULT_WAREHOUSE))
    outbox_dir: str = os.environ.get("CHANNEL_LEDGER_OUTBOX", str(DEFAULT_OUTBOX))
    # ISO 8601 instant deciding the open quarter; empty = the time the run starts (UTC).
    as_of: str = ""
    # DuckDB's memory limit (e.g. 3GB, 500MB) for ingestion and dbt.
    memory_limit: str = memory_limit_in_force()
    # The engine dbt builds with: duckdb (default) or spark (a local Spark session; the tables
    # come back into the DuckDB warehouse file).
    engine: Literal["duckdb", "spark"] = cast(
        Literal["duckdb", "spark"], os.environ.get("CHANNEL_LEDGER_ENGINE", "duckdb")
    )
    # Also run dbt's unit tests (rule logic on fixed rows). They test the code, not the data: CI
    # and the test suite run them; a production run skips them, as dbt recommends.
    dbt_unit_tests: bool = os.environ.get("CHANNEL_LEDGER_DBT_UNIT_TESTS", "") == "1"
    # The send log (state: which statements were sent with which figures); empty: beside the
    # warehouse, `<warehouse>.send-log.sqlite`, where no rebuild or publish replaces it.
    send_log_path: str = os.environ.get("CHANNEL_LEDGER_SEND_LOG", "")
    # The close register (closed quarters' figures, overview: Closing a quarter); empty: beside the
    # warehouse, `<warehouse>.closes/`, which no run rebuilds.
    closes_path: str = os.environ.get("CHANNEL_LEDGER_CLOSES", "")

    @property
    def landing(self) -> Path:
        return Path(self.landing_dir).expanduser().resolve()

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path).expanduser().resolve()

    @property
    def outbox(self) -> Path:
        return Path(self.outbox_dir).expanduser().resolve()

    @property
    def send_log(self) -> Path:
        if self.send_log_path:
            return Path(self.send_log_path).expanduser().resolve()
        return self.warehouse.with_name(self.warehouse.name + ".send-log.sqlite")

    @property
    def closes(self) -> Path:
        if self.closes_path:
            return Path(self.closes_path).expanduser().resolve()
        return self.warehouse.with_name(self.warehouse.name + ".closes")

    @property
    def runs_dir(self) -> Path:
        return self.warehouse.with_name(self.warehouse.name + ".runs")

    @property
    def cache_dir(self) -> Path:
        """The ingestion cache: typed Parquet of landing files, reused while they do not change."""
        return self.warehouse.with_name(self.warehouse.name + ".cache")

    def run_dir(self, run_id: str) -> Path:
        return self.runs_dir / run_id

    def raw_dir(self, run_id: str) -> Path:
        return self.run_dir(run_id) / RAW_DIR_NAME

    def build_path(self, run_id: str) -> Path:
        return self.run_dir(run_id) / BUILD_FILE_NAME

    def run_gx_docs_dir(self, run_id: str) -> Path:
        """The run's GX Data Docs, published to `gx_docs_dir` with the warehouse."""
        return self.run_dir(run_id) / "gx-docs"

    @property
    def docs_dir(self) -> Path:
        """The documentation sites of the warehouse in force: GX Data Docs, dbt docs."""
        return self.warehouse.with_name(self.warehouse.name + ".docs")

    @property
    def gx_docs_dir(self) -> Path:
        return self.docs_dir / "great_expectations"

    @property
    def dbt_docs_dir(self) -> Path:
        return self.docs_dir / "dbt"
