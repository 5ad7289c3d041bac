"""Running the pipeline as a user would (`channel-ledger run` in a process of its own) and reading
what it published: shared by the end-to-end, fault and run-safety tests."""

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests import expected_small as expected

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "small_landing"
CLI_TIMEOUT_SECONDS = 1800


@dataclass(frozen=True)
class Run:
    landing: Path
    warehouse: Path
    outbox: Path
    output: str = ""  # what the command printed (its summary)


# Runs dbt's unit tests too: the session run (DuckDB) and the Spark run pass it; the other runs
# test run behaviour on the same code, so they skip them (5-6 s a run).
UNIT_TESTS = "--unit-tests"


def cli_command(landing: Path, warehouse: Path, outbox: Path, *options: str) -> list[str]:
    return [
        sys.executable, "-m", "dagster_project.cli", "run",
        "--landing", str(landing),
        "--warehouse", str(warehouse),
        "--as-of", expected.AS_OF,
        "--outbox", str(outbox),
        *options,
    ]  # fmt: skip


def run_cli(
    landing: Path, warehouse: Path, outbox: Path, *options: str, env: dict[str, str] | None = None
) -> str:
    """Run the whole pipeline headless, as a user would; on failure, fail with its output."""
    try:
        done = subprocess.run(
            cli_command(landing, warehouse, outbox, *options),
            check=True,
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT_SECONDS,
        )
    except subprocess.CalledProcessError as error:
        pytest.fail(
            f"channel-ledger run exited {error.returncode}\n"
            f"--- stdout ---\n{error.stdout}\n--- stderr ---\n{error.stderr}"
        )
    return done.stdout + done.stderr


def copy_fixture(destination: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, destination))


def all_marts(warehouse: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every relation of schema marts: its column names and its rows in a stable order."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by table_name"
            ).fetchall()
        ]
        marts = {}
        for name in names:
            cursor = con.execute(f'select * from marts."{name}"')
            columns = [description[0] for description in cursor.description]
            marts[name] = (columns, sorted(cursor.fetchall(), key=repr))
    return marts
