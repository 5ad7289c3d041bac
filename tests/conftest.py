"""Fixtures shared across modules."""

import pytest

from tests.pipeline_runs import UNIT_TESTS, Run, copy_fixture, run_cli


@pytest.fixture(scope="session")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One run on the fixture for the whole session: other modules read it too (never write)."""
    base = tmp_path_factory.mktemp("end_to_end")
    landing = copy_fixture(base / "landing")
    warehouse, outbox = base / "warehouse.duckdb", base / "outbox"
    # dbt's unit tests test the code, not the data: this run and the Spark run hold them.
    output = run_cli(landing, warehouse, outbox, UNIT_TESTS)
    return Run(landing=landing, warehouse=warehouse, outbox=outbox, output=output)
