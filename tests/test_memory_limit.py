"""A run held to a memory limit far below what it would use spills to disk; it never fails.

The limit (PipelineSettings.memory_limit, CHANNEL_LEDGER_MEMORY_LIMIT) binds DuckDB in ingestion
and in dbt. The figures must be those the demo generator planted, whatever the limit.
"""

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from dagster_project.demo import generate_demo
from tests.pipeline_runs import CLI_TIMEOUT_SECONDS, PROJECT_ROOT

# A 200,000-line folder peaks at several hundred MB unbounded; DuckDB needs some 60 MB to work.
TIGHT = "100MB"


def test_a_run_under_a_tight_memory_limit_completes_with_the_planted_figures(
    tmp_path: Path,
) -> None:
    demo = generate_demo(
        tmp_path / "landing", partners=300, lines=200_000, first_month="2024-01", corrections=True
    )
    warehouse = tmp_path / "warehouse.duckdb"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dagster_project.cli",
            "run",
            "--landing",
            str(demo.path),
            "--warehouse",
            str(warehouse),
            "--as-of",
            "2026-11-15T12:00:00Z",
            "--outbox",
            str(tmp_path / "outbox"),
        ],  # fmt: skip
        cwd=PROJECT_ROOT,
        env={**os.environ, "CHANNEL_LEDGER_MEMORY_LIMIT": TIGHT},
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_SECONDS,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        outcomes = dict(
            con.execute(
                "select outcome, count(*) from marts.sell_through_line_outcomes group by all"
            ).fetchall()
        )
        reasons = dict(
            con.execute(
                "select reason, count(*) from marts.sell_through_quarantine group by all"
            ).fetchall()
        )
    assert outcomes == {k: v for k, v in demo.outcomes.items() if v}
    assert reasons == {k: v for k, v in demo.quarantined.items() if v}
