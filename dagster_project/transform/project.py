"""The dbt project and its manifest.

Dagster needs dbt's manifest to know the assets. It is made by `dbt parse` when the project's
files changed since the last parse (a fingerprint of them sits beside the manifest), never at
import time: the command line prepares it before loading the definitions, `dagster dev` through
dagster-dbt's `prepare_if_dev`.
"""

import hashlib
import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from dagster_project.paths import DBT_DIR, SEEDS_DIR

dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)

# The dbt installed beside this Python, so that the pipeline runs without the venv on PATH.
_beside = Path(sys.executable).with_name("dbt")
DBT_EXECUTABLE = str(_beside) if _beside.exists() else "dbt"

_FINGERPRINT = dbt_project.manifest_path.with_name("manifest.fingerprint")


_GENERATED = frozenset({"target", "logs", "dbt_packages"})


def _fingerprint() -> str:
    digest = hashlib.sha256()
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
    """Parse the dbt project if its files changed since the manifest was made; return its path."""
    fingerprint = _fingerprint()
    manifest = dbt_project.manifest_path
    if manifest.exists() and _FINGERPRINT.exists() and _FINGERPRINT.read_text() == fingerprint:
        return manifest
    from dbt.cli.main import dbtRunner  # imported here: dbt is heavy and only needed to parse

    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    result = dbtRunner().invoke(
        ["parse", "--quiet", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)]
    )
    if not result.success:
        raise RuntimeError(f"dbt parse failed: {result.exception}")
    _FINGERPRINT.write_text(fingerprint)
    return manifest
