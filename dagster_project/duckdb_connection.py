"""Every DuckDB connection of the product opens here: held to one memory limit (past it DuckDB
spills to disk, so a run never dies for memory), in UTC, and read-only where it only reads."""

import os
from pathlib import Path

import duckdb

# What DuckDB may hold in memory, in ingestion, dbt and every reader; past it, it spills to disk.
# Bounded so that a vendor's year runs beside everything else on a 2-core, 24 GiB machine. The
# pipeline hands it to dbt's profile (CHANNEL_LEDGER_MEMORY_LIMIT).
DEFAULT_MEMORY_LIMIT = "3GB"


def memory_limit() -> str:
    """The limit in force: CHANNEL_LEDGER_MEMORY_LIMIT (e.g. 3GB, 500MB), else the default."""
    return os.environ.get("CHANNEL_LEDGER_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT


def connect(
    database: Path | str | None = None,
    *,
    read_only: bool = False,
    limit: str | None = None,
    spill_dir: Path | None = None,
) -> duckdb.DuckDBPyConnection:
    """A connection to `database` (none: in memory), held to `limit` (none: the limit in force),
    spilling to `spill_dir` (none: DuckDB's own choice beside the database)."""
    config = {"memory_limit": limit or memory_limit()}
    if spill_dir is not None:
        config["temp_directory"] = str(spill_dir)
    con = duckdb.connect(
        str(database) if database is not None else ":memory:", read_only=read_only, config=config
    )
    con.execute("SET TimeZone = 'UTC'")  # loads ICU, which a config entry cannot
    return con
