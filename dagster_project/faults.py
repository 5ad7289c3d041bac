"""Fault injection for the crash tests (tests/test_run_safety.py, tests/test_closing.py).

`CHANNEL_LEDGER_CRASH_AT=<point>` makes a run kill its own process with SIGKILL at that point, as
the OOM killer or a power cut would: no handler, no cleanup. Unset (always, outside those tests)
a crash point does nothing.
"""

import os
import signal

CRASH_POINTS = (
    "landing",  # master files landed, the reports not yet
    "dbt",  # dbt started building into the run's file
    "publish",  # the built file made self-contained, not yet in place of the warehouse
)
# Where `channel-ledger close` can be killed (tests/test_closing.py).
CLOSE_CRASH_POINTS = (
    "close",  # a close's record written and flushed, not yet renamed into the register
)


def crash_point(name: str) -> None:
    assert name in CRASH_POINTS + CLOSE_CRASH_POINTS, name
    if os.environ.get("CHANNEL_LEDGER_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
