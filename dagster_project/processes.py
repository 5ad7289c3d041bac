"""No process left behind: when a command returns, every process it started has ended and been
waited for, also on failure and on Ctrl-C.

Two kinds of process outlive their work without this. multiprocessing's resource tracker, which
the main process starts as soon as dbt's adapter makes a lock (spawn context), lives until its
parent exits. And the dbt build Dagster starts has a tracker of its own, which ends a moment
after dbt does: orphaned, it goes to init, which in a container may never wait for it (a
zombie left in the run's process group). So the command stops its own tracker, and, on Linux,
makes itself the "child subreaper" of what it starts: orphans come back to it, and it waits for
them before it returns.
"""

import contextlib
import ctypes
import os
import signal
import sys
import time
from collections.abc import Iterator
from multiprocessing import resource_tracker
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
INTERRUPTED = 130  # the exit code of a command stopped by Ctrl-C (SIGINT)
GRACE_SECONDS = 10.0  # how long a child may take to end before it is told to (SIGTERM)


@contextlib.contextmanager
def children_reaped() -> Iterator[None]:
    """Run the block; then end and wait for every process it started (its children and, on
    Linux, their orphans)."""
    _become_subreaper()
    try:
        yield
    finally:
        # Closing its pipe ends the tracker; _stop() waits for it (the only way to stop it
        # short of exiting, in Python 3.11 to 3.13).
        resource_tracker._resource_tracker._stop()
        _wait_for_children()


def _become_subreaper() -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _wait_for_children() -> None:
    deadline = time.monotonic() + GRACE_SECONDS
    told = False
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid:
            continue
        if not told and time.monotonic() > deadline:
            for child in _living_children():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGTERM)
            told = True
        time.sleep(0.05)


def _living_children() -> list[int]:
    """The pids whose parent is this process (from /proc; none where there is no /proc)."""
    children = []
    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after it
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == me:
                children.append(int(stat.parent.name))
    return children
