"""The fault suite end to end: one real `channel-ledger run` on the fault landing folder
(tests/fault_landing.py). The run goes on past every bad file and line, and each ends where
the overview puts it (The landing folder); the figures are worked out by hand below."""

from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.fault_landing import IGNORED, LINES, REJECTED, write_fault_landing
from tests.pipeline_runs import run_cli

# (file under sell_through/, report_line_id) -> (outcome, reason)
OUTCOMES = {
    ("ZED/UPPER.CSV", "U1"): ("FACT", None),
    ("ZED/blanks.csv", "B1"): ("FACT", None),
    ("ZED/blanks.csv", "B2"): ("FACT", None),
    ("ZED/crlf.csv", "C1"): ("FACT", None),
    ("ZED/crlf.csv", "C2"): ("FACT", None),
    ("ZED/cr.csv", "R1"): ("FACT", None),
    ("ZED/cr.csv", "R2"): ("FACT", None),
    ("ZED/mixed.csv", "X1"): ("FACT", None),
    ("ZED/mixed.csv", "X2"): ("FACT", None),
    ("ZED/mixed.csv", "X3"): ("FACT", None),
    ("ZED/quoted.csv", "Q1"): ("FACT", None),
    ("ZED/long_field.csv", "F1"): ("FACT", None),
    ("ZED/thousands_quoted.csv", "T2"): ("QUARANTINED", "INVALID_PRICE"),
    ("ZED/exponent.csv", "E1"): ("QUARANTINED", "INVALID_PRICE"),
    ("ZED/future.csv", "FU1"): ("FACT", None),  # in the fact, counted in no quarter yet
    ("ZED/Bericht März 2026 [1] *.csv", "M1"): ("FACT", None),
    ("NOMAPPING/report.csv", "NM1"): ("FACT", None),  # no mapping: the canonical columns
    ("ZED/twice_a.csv", "D1"): ("SUPERSEDED", None),
    ("ZED/twice_b.csv", "D1"): ("FACT", None),  # the later name
    ("ZED/removal.csv", "RM1"): ("REMOVED", None),  # unknown SKU and currency are not checked
}
# FY2027-Q3 (Oct-Dec 2026, April fiscal years) to date for P1: every FACT line dated 2026-10-01,
# USD x quantity: U1 10, B1 10, B2 20, C1 10, C2 1, R1 10, R2 1, X1 10, X2 20, X3 1, Q1 10,
# F1 10, M1 10, NM1 10, D1 30 = 163.00. FU1 (2027-06-30) is in no quarter up to the as-of.
OPEN_QUARTER_REVIEW_USD = Decimal("163.00")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fault_run")
    write_fault_landing(base / "landing")
    warehouse = base / "warehouse.duckdb"
    run_cli(base / "landing", warehouse, base / "outbox")
    return warehouse


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_line_read_ends_where_the_spec_puts_it(warehouse: Path) -> None:
    got = _rows(
        warehouse,
        "SELECT source_file, report_line_id, outcome, reason FROM marts.sell_through_line_outcomes",
    )
    wanted = {(f"sell_through/{name}", line): fate for (name, line), fate in OUTCOMES.items()}
    assert {(f, line): (o, r) for f, line, o, r in got} == wanted
    assert len(got) == len(wanted), "a line has more than one outcome"
    per_file = Counter(f for f, *_ in got)
    assert per_file == Counter({f: n for f, n in LINES.items() if n})


def test_files_are_rejected_and_ignored_in_the_marts(warehouse: Path) -> None:
    rejected = _rows(warehouse, "SELECT source_file, reason FROM marts.rejected_files")
    assert dict(rejected) == REJECTED
    ignored = _rows(warehouse, "SELECT source_file, reason FROM marts.ignored_files")
    assert dict(ignored) == IGNORED


def test_a_partner_id_given_twice_keeps_its_first_row_and_is_reported(warehouse: Path) -> None:
    assert _rows(warehouse, "SELECT * FROM marts.master_data_duplicates") == [
        ("partners", "partners.csv", 3, "P1", 2)
    ]
    assert _rows(
        warehouse,
        "SELECT partner_id, fiscal_quarter, review_revenue_usd FROM marts.partner_tiers"
        " WHERE is_open",
    ) == [("P1", "FY2027-Q3", OPEN_QUARTER_REVIEW_USD)]
