"""The dbt project and its manifest.

Dagster needs dbt's manifest to know the assets. It is made by `dbt parse` when the project's
files changed since the last parse (a fingerprint of them sits beside the manifest): the command
line prepares it before loading the definitions, `dg dev` when it loads them.
"""

import fcntl
import hashlib
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from dagster_dbt import DbtProject

from dagster_project.duckdb_connection import memory_limit
from dagster_project.paths import DBT_DIR, SEEDS_DIR
from dagster_project.resources import BUILD_FILE_NAME, RAW_DIR_NAME

dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)

# The dbt installed beside this Python, so that the pipeline runs without the venv on PATH.
_beside = Path(sys.executable).with_name("dbt")
DBT_EXECUTABLE = str(_beside) if _beside.exists() else "dbt"

_FINGERPRINT = dbt_project.manifest_path.with_name("manifest.fingerprint")

# The profile's `path` and the sources' raw dir as dbt sees them in every run: always these
# strings, because dbt parses again what reads a value that differs from the parse that wrote
# partial_parse.msgpack (the whole project for the profile). A run gives dbt HOME = its own folder,
# so DuckDB (which expands `~`) builds a fresh file in each run's folder and reads that run's raw
# Parquet. `dbt parse` here uses them too: the manifest and the partial-parse state that
# dagster-dbt copies into each run's target then match the runs'.
BUILD_PATH_IN_HOME = f"~/{BUILD_FILE_NAME}"
RAW_DIR_IN_HOME = f"~/{RAW_DIR_NAME}"
PARSE_ENV = {
    "CHANNEL_LEDGER_BUILD_PATH": BUILD_PATH_IN_HOME,
    "CHANNEL_LEDGER_RAW_DIR": RAW_DIR_IN_HOME,
    "CHANNEL_LEDGER_MEMORY_LIMIT": memory_limit(),
}


_GENERATED = frozenset({"target", "logs", "dbt_packages"})


def project_fingerprint() -> str:
    """The dbt project's and the shipped program files' content, with the values dbt parses with."""
    digest = hashlib.sha256(repr(sorted(PARSE_ENV.items())).encode())
    for root in (DBT_DIR, SEEDS_DIR):
        top = [p for p in root.iterdir() if p.name not in _GENERATED]
        files = [p for p in top if p.is_file()] + [
            f for d in top if d.is_dir() for f in d.rglob("*")
        ]
        for path in sorted(p for p in files if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare_manifest() -> Path:
    """Parse the dbt project if its files changed since the manifest was made; return its path.
    One process at a time (an OS lock beside the manifest): two runs starting together, on any
    warehouses, would otherwise write the manifest while the other reads it."""
    manifest = dbt_project.manifest_path
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with manifest.with_name("manifest.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        fingerprint = project_fingerprint()
        if (
            manifest.exists()
            and _FINGERPRINT.exists()
            and _FINGERPRINT.read_text() == fingerprint
            # Another parse since ours (`dg dev`, a manual `dbt parse`) used other values.
            and _FINGERPRINT.stat().st_mtime >= manifest.stat().st_mtime
        ):
            return manifest
        run_dbt("parse", "--quiet")
        _FINGERPRINT.write_text(fingerprint)
    return manifest


class DbtCommandFailed(RuntimeError):
    """A dbt command outside a run's dbt step exited non-zero; the message holds its output."""


def run_dbt(command: str, *args: str, env: Mapping[str, str] | None = None) -> None:
    """Run `dbt <command> <args>` on the project with the values runs parse with (PARSE_ENV),
    `env` on top. A process of its own, as every dbt command of a run: dbt leaves locks and
    state behind in the process that imports it."""
    full = [DBT_EXECUTABLE, command, *args, "--project-dir", str(DBT_DIR)]
    values = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **PARSE_ENV, **(env or {})}
    done = subprocess.run(
        [*full, "--profiles-dir", str(DBT_DIR)], env=values, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise DbtCommandFailed(f"dbt {command} failed:\n{done.stdout}{done.stderr}")
