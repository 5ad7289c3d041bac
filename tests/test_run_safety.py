"""Run safety: one writer per warehouse, crash recovery, a self-contained warehouse.

Each case runs the real command in a process of its own on a copy of the fixture; the session's
run on the fixture (tests/conftest.py) is the single run the outcomes are compared with.
"""

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb

from dagster_project.faults import CRASH_POINTS
from dagster_project.warehouse_lock import hold_warehouse
from tests import expected_small as expected
from tests.pipeline_runs import (
    CLI_TIMEOUT_SECONDS,
    PROJECT_ROOT,
    Run,
    all_marts,
    cli_command,
    copy_fixture,
    run_cli,
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _start(landing: Path, warehouse: Path, outbox: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        cli_command(landing, warehouse, outbox),
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        start_new_session=True,  # its own process group: a crash can take the whole tree
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _process_group(pgid: int) -> list[str]:
    """The processes of a process group, zombies included (`pid state command`)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            comm, rest = stat.read_text().rsplit(")", 1)
            state, _ppid, group = rest.split()[:3]
            if int(group) == pgid:
                members.append(f"{stat.parent.name} {state} {comm.split('(', 1)[1]}")
    return members


def _wait_for_dbt(started: subprocess.Popen) -> None:
    """Until the run's dbt build is running (a process of its group reading `dbt build`)."""
    deadline = time.monotonic() + CLI_TIMEOUT_SECONDS
    while time.monotonic() < deadline and started.poll() is None:
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            with contextlib.suppress(OSError):
                group = os.getpgid(int(cmdline.parent.name))
                if group == started.pid and b"/dbt\0build\0" in cmdline.read_bytes():
                    return
        time.sleep(0.2)
    raise AssertionError("the run ended or never started dbt")


def test_two_runs_at_once_one_runs_the_other_is_refused(run: Run, tmp_path: Path) -> None:
    landing = copy_fixture(tmp_path / "landing")
    warehouse = tmp_path / "warehouse.duckdb"
    runs = [_start(landing, warehouse, tmp_path / f"outbox{n}") for n in (1, 2)]
    outputs = [r.communicate(timeout=CLI_TIMEOUT_SECONDS)[0] for r in runs]
    codes = [r.returncode for r in runs]
    assert sorted(codes) == [0, 1], outputs
    for r in runs:  # the render pool, dbt and multiprocessing's trackers: all ended and reaped
        assert _process_group(r.pid) == [], "processes left behind"
    refused = outputs[codes.index(1)]
    # Rich wraps long lines: read the message as one line.
    message = " ".join(refused.split())
    assert "is being written by another run (run " in message, refused
    assert "this run was refused and changed nothing" in message
    holder = re.search(r"another run \(run (\S+),", message).group(1)
    assert f"(run {holder})" in " ".join(outputs[codes.index(0)].split()), "names the other run"
    assert not (tmp_path / f"outbox{codes.index(1) + 1}").exists(), "the refused run wrote"
    assert all_marts(warehouse) == all_marts(run.warehouse)


def test_a_crash_at_any_step_or_ctrl_c_leaves_the_warehouse_and_the_next_run_succeeds(
    run: Run, tmp_path: Path
) -> None:
    landing = copy_fixture(tmp_path / "landing")
    warehouse, outbox = tmp_path / "warehouse.duckdb", tmp_path / "outbox"
    shutil.copy2(run.warehouse, warehouse)  # the last good warehouse
    good = _sha256(warehouse)
    runs_dir = tmp_path / "warehouse.duckdb.runs"
    # Ctrl-C in the middle of dbt (the terminal sends SIGINT to the whole group): the run
    # stops, its processes with it, and the warehouse is as it was.
    interrupted = _start(landing, warehouse, outbox)
    _wait_for_dbt(interrupted)
    os.killpg(interrupted.pid, signal.SIGINT)
    output = interrupted.communicate(timeout=CLI_TIMEOUT_SECONDS)[0]
    assert interrupted.returncode == 130, output
    assert _process_group(interrupted.pid) == [], "processes left behind"
    assert _sha256(warehouse) == good, "an interrupted run changed the warehouse"
    for point in CRASH_POINTS:
        crashed = _start(landing, warehouse, outbox, CHANNEL_LEDGER_CRASH_AT=point)
        output = crashed.communicate(timeout=CLI_TIMEOUT_SECONDS)[0]
        assert crashed.returncode == -9, f"{point}: not killed where asked\n{output}"
        # As a machine crash would, take the dead run's children too (dbt goes on otherwise,
        # writing into the folder the next run clears).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(crashed.pid, signal.SIGKILL)
        assert _sha256(warehouse) == good, f"a crash at {point} changed the warehouse"
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM marts.fct_sell_through").fetchone()[0] > 0
        with hold_warehouse(warehouse, "test"):  # the dead run's lock went with it
            pass
        # Its own folder is left; the one of the run that crashed before it was cleared.
        assert len(list(runs_dir.iterdir())) == 1
    (crashed_folder,) = runs_dir.iterdir()
    # The warehouse alone, no statement rendered: the same marts as a whole run.
    output = run_cli(landing, warehouse, outbox, "--no-statements")
    assert "not rendered (--no-statements)" in output
    assert not (outbox / expected.AS_OF_QUARTER).exists(), "statements were rendered"
    assert all_marts(warehouse) == all_marts(run.warehouse)
    assert not crashed_folder.exists(), "the next run clears the folder of a crashed run"


def test_the_published_warehouse_reads_on_its_own(run: Run, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "copy.duckdb"
    copy.parent.mkdir()
    shutil.copy2(run.warehouse, copy)
    runs = tmp_path / "runs-moved-away"
    shutil.copytree(run.warehouse.with_name(run.warehouse.name + ".runs"), runs)
    shutil.rmtree(run.warehouse.with_name(run.warehouse.name + ".runs"))
    try:
        with duckdb.connect(str(copy), read_only=True) as con:
            relations = con.execute(
                "SELECT schema_name, table_name FROM duckdb_tables()"
                " UNION ALL SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
            assert {schema for schema, _ in relations} >= {"marts", "program_config"}
            for schema, name in relations:
                con.execute(f'SELECT count(*) FROM "{schema}"."{name}"').fetchone()
    finally:  # the session's run folder back, for the tests after this one
        shutil.copytree(runs, run.warehouse.with_name(run.warehouse.name + ".runs"))


def test_a_refused_run_changes_nothing(run: Run, tmp_path: Path) -> None:
    landing = copy_fixture(tmp_path / "landing")
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(run.warehouse, warehouse)
    before = _sha256(warehouse)
    with hold_warehouse(warehouse, "held-by-the-test"):
        refused = _start(landing, warehouse, tmp_path / "outbox")
        output = refused.communicate(timeout=CLI_TIMEOUT_SECONDS)[0]
    assert refused.returncode == 1
    assert "held-by-the-test" in " ".join(output.split())
    assert _sha256(warehouse) == before
    assert not (tmp_path / "warehouse.duckdb.runs").exists()
    assert not (tmp_path / "outbox").exists()
