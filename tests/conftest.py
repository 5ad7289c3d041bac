"""Fixtures shared across modules."""

import pytest

from tests.pipeline_runs import Run, copy_fixture, run_cli


@pytest.fixture(scope="session")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One run on the fixture for the whole session: other modules read it too (never write)."""
    base = tmp_path_factory.mktemp("end_to_end")
    landing = copy_fixture(base / "landing")
    warehouse, outbox = base / "warehouse.duckdb", base / "outbox"
    output = run_cli(landing, warehouse, outbox)
    return Run(landing=landing, warehouse=warehouse, outbox=outbox, output=output)
