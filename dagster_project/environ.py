"""The process's environment variables, which every thread shares.

dagster-dbt starts dbt with a copy of os.environ, so the dbt step sets dbt's variables in it while
dbt starts and restores them after (`environment`). Another thread that copies os.environ then
(GX renders Data Docs beside the run, substituting variables from a copy of it) can see a key
vanish between listing and reading it, and fail with KeyError: both hold ENVIRON_LOCK.
"""

import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

ENVIRON_LOCK = threading.RLock()


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for what runs inside (dbt reads its paths from them), the
    environment held by this thread until they are restored."""
    with ENVIRON_LOCK:
        saved = {k: os.environ.get(k) for k in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
