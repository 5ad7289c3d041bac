"""The fault suite at the ingestion level: the fault landing folder
(tests/fault_landing.py), landed once. Each case asserts the outcome the spec gives
it, and the folder as a whole that nothing is lost: every file and folder in it is LOADED,
REJECTED with a reason or IGNORED with a reason, and every non-blank record of a loaded report is
a line. What the models make of the lines is in tests/test_fault_run.py."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest.landing import land_folder
from dagster_project.ingest.mappings import load_report_formats
from tests.fault_landing import (
    IGNORED,
    LINES,
    LONG_NAME,
    REJECTED,
    REPORTS,
    write_fault_landing,
)

AS_OF = datetime(2026, 11, 15, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple]]:
    root = tmp_path_factory.mktemp("faults")
    write_fault_landing(root / "landing")
    raw = root / "raw"
    land_folder(root / "landing", raw, AS_OF, load_report_formats())
    files = duckdb.sql(
        f"SELECT source_file, status, reason, detail, lines FROM '{raw}/landing_files.parquet'"
    ).fetchall()
    return raw, {row[0]: row[1:] for row in files}


def test_every_entry_of_the_folder_is_loaded_rejected_or_ignored(landed) -> None:
    _, files = landed
    reports = {f"sell_through/{name}" for name in REPORTS}
    masters = {"partners.csv", "partner_accounts.csv", "products.csv"}
    assert set(files) == reports | masters | set(IGNORED)
    for source_file, (status, reason, detail, _) in files.items():
        assert (status == "LOADED") == (reason is None), source_file
        assert status == "LOADED" or detail, f"{source_file}: a reason needs words"


def test_unreadable_files_are_rejected_with_their_reason(landed) -> None:
    _, files = landed
    rejected = {f: r[1] for f, r in files.items() if r[0] == "REJECTED"}
    assert rejected == REJECTED
    assert "NUL byte at byte" in files["sell_through/ZED/nul.csv"][2]
    assert "UTF-16" in files["sell_through/ZED/utf16.csv"][2]
    assert "line 2" in files["sell_through/ZED/thousands_unquoted.csv"][2]


def test_what_is_not_a_landing_file_is_reported_as_ignored(landed) -> None:
    _, files = landed
    ignored = {f: r[1] for f, r in files.items() if r[0] == "IGNORED"}
    assert ignored == IGNORED


def test_loaded_reports_keep_every_non_blank_record(landed) -> None:
    raw, files = landed
    loaded = {f: r[3] for f, r in files.items() if r[0] == "LOADED" and f.startswith("sell")}
    assert loaded == LINES
    per_file = dict(
        duckdb.sql(
            f"SELECT source_file, count(*) FROM '{raw}/sell_through_lines/*.parquet' GROUP BY ALL"
        ).fetchall()
    )
    assert per_file == {f: n for f, n in LINES.items() if n}


def _line(raw: Path, report_line_id: str, columns: str) -> tuple:
    with duckdb.connect() as con:
        return con.execute(
            f"SELECT {columns} FROM '{raw}/sell_through_lines/*.parquet' WHERE report_line_id = ?",
            [report_line_id],
        ).fetchone()


def test_blank_lines_are_skipped_and_line_numbers_stay_true(landed) -> None:
    raw, _ = landed
    assert _line(raw, "B1", "line_number") == (5,)  # three blank lines, then the header
    assert _line(raw, "B2", "line_number") == (9,)


def test_line_ends_quotes_and_long_fields_are_read_as_written(landed) -> None:
    raw, _ = landed
    assert _line(raw, "C2", "unit_price, line_number") == (Decimal("1"), 3)
    assert _line(raw, "R2", "unit_price, line_number") == (Decimal("1"), 3)
    # CRLF, LF, CR, CRLF in one file: each a line end.
    assert _line(raw, "X2", "quantity, line_number") == (2, 3)
    assert _line(raw, "X3", "unit_price, line_number") == (Decimal("1"), 4)
    assert _line(raw, "Q1", "end_customer_name") == ('Smith, Jones\nand "Sons", Ltd',)
    assert _line(raw, "F1", "length(end_customer_name)") == (len(LONG_NAME),)


def test_prices_that_are_no_plain_decimal_are_kept_as_text_only(landed) -> None:
    raw, _ = landed
    assert _line(raw, "T2", "unit_price, unit_price_text") == (None, "1,234.00")
    assert _line(raw, "E1", "unit_price, unit_price_text") == (None, "1e3")


def test_odd_names_and_unmapped_distributors_are_read(landed) -> None:
    raw, _ = landed
    assert _line(raw, "M1", "distributor_id, source_file") == (
        "ZED",
        "sell_through/ZED/Bericht März 2026 [1] *.csv",
    )
    assert _line(raw, "NM1", "distributor_id, quantity") == ("NOMAPPING", 1)
    assert _line(raw, "FU1", "invoice_date") == (datetime(2027, 6, 30).date(),)
