"""`channel-ledger docs`: dbt's documentation site beside the warehouse, opening from disk."""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.pipeline_runs import CLI_TIMEOUT_SECONDS, PROJECT_ROOT, Run


def test_docs_builds_dbt_static_site_beside_the_gx_data_docs(run: Run, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(run.warehouse, warehouse)
    before = warehouse.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "dagster_project.cli", "docs", "--warehouse", str(warehouse)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_SECONDS,
        check=True,
    )
    page = tmp_path / "warehouse.duckdb.docs" / "dbt" / "index.html"
    assert str(page) in " ".join(done.stderr.split())
    html = page.read_text()
    # One page holding the manifest and the catalog: models, column docs, the rules overview.
    for text in ("fct_sell_through", "master_data_duplicates", "MISSING_FX_RATE", "Restatements"):
        assert text in html, text
    assert warehouse.read_bytes() == before, "the docs read a copy, never the warehouse"


def test_each_run_publishes_its_gx_data_docs_beside_the_warehouse(run: Run) -> None:
    docs = run.warehouse.with_name(run.warehouse.name + ".docs") / "great_expectations"
    assert (docs / "index.html").is_file()
    suites = sorted(p.stem for p in (docs / "expectations").glob("*.html"))
    assert suites == sorted(p.stem for p in (PROJECT_ROOT / "expectations").glob("*.json"))
    assert str(docs / "index.html") in " ".join(run.output.split())
