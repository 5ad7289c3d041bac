"""One writer per warehouse: a run holds `<warehouse>.lock` from its first step to its last.

The lock is an advisory `flock` on that file, so it holds across processes (`channel-ledger run`,
`dg dev`, the schedule, the sensor) and the kernel releases it when its holder dies, even by
SIGKILL: a stale lock is never left behind. The file itself only says who holds it (run id,
process, start), for the message a refused run prints. Holding the lock, a run knows that every
other folder under `<warehouse>.runs/` belongs to a run that ended (finished or crashed), and
clears them.
"""

import fcntl
import json
import os
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from dagster import InitResourceContext, resource

_NAME_WAITS = 40  # x 50 ms: how long a refused run waits for the holder to write its name


class WarehouseBusy(Exception):
    """Another run holds the warehouse: this one is refused before touching anything."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def hold_warehouse(warehouse: Path, run_id: str) -> Iterator[None]:
    """Hold the warehouse's lock for `run_id`, or raise WarehouseBusy naming the holder."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WarehouseBusy(
                f"the warehouse {warehouse} is being written by another run ({_holder(path)});"
                " this run was refused and changed nothing. Run again when that run has ended."
            ) from None
        holder = {
            "run_id": run_id,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # released: the file no longer names a holder
    finally:
        os.close(fd)  # closing releases the lock


def _holder(path: Path) -> str:
    # The holder writes its name right after it takes the lock: a run refused in between waits
    # for the name a moment rather than report a nameless holder.
    holder: dict[str, object] = {}
    for _ in range(_NAME_WAITS):
        try:
            holder = json.loads(path.read_text() or "{}")
        except (OSError, ValueError):  # read while being written
            holder = {}
        if holder:
            break
        time.sleep(0.05)
    if not holder:
        return "one that is starting"
    return (
        f"run {holder.get('run_id')}, process {holder.get('pid')} on {holder.get('host')},"
        f" started {holder.get('started_at')}"
    )


def clear_ended_runs(runs_dir: Path, keep: Path) -> list[Path]:
    """Remove the folders of runs that ended (finished or crashed): all but `keep`. Only the
    lock's holder may call this: no other run can be writing."""
    cleared = []
    if runs_dir.is_dir():
        for run_dir in runs_dir.iterdir():
            if run_dir.is_dir() and run_dir != keep:
                shutil.rmtree(run_dir, ignore_errors=True)
                cleared.append(run_dir)
    return cleared


@resource(
    required_resource_keys={"settings"},
    description="Holds the warehouse's lock for the whole run (one writer per warehouse).",
)
def warehouse_lock(context: InitResourceContext) -> Iterator[None]:
    settings = context.resources.settings
    run_id = context.run_id or "unknown"
    with hold_warehouse(settings.warehouse, run_id):
        for run_dir in clear_ended_runs(settings.runs_dir, keep=settings.run_dir(run_id)):
            context.log.info(f"cleared the folder of an ended run: {run_dir}")
        yield
