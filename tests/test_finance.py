"""Claims and the finance close end to end on the hand-made fixture: the decisions and
the reconciliation row by row (tests/expected_small.py works them out by hand from overview:
Claims), the tie-outs, and `channel-ledger finance`'s three files read back with the libraries that
read them."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
from openpyxl import load_workbook

from tests import expected_small as expected
from tests.pipeline_runs import CLI_TIMEOUT_SECONDS, PROJECT_ROOT, Run
from tests.test_end_to_end import assert_money, assert_same_rows, fetch

CLOSED = "FY2026-Q4"  # P003 is owed 50.00 there: approved 170.00, paid 120.00


def finance(warehouse: Path, quarter: str, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable, "-m", "dagster_project.cli", "finance", "--quarter", quarter,
            "--warehouse", str(warehouse), "--out", str(out),
        ],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=CLI_TIMEOUT_SECONDS,
    )  # fmt: skip


def test_claim_decisions(run: Run) -> None:
    rows = fetch(run.warehouse, "claim_decisions", expected.CLAIM_COLUMNS)
    assert_money(rows, expected.CLAIM_COLUMNS, ("amount_claimed_usd", "entitlement_usd"))
    assert_same_rows(rows, expected.CLAIM_DECISIONS, "claim_decisions")


def test_claim_reasons_name_the_figures(run: Run) -> None:
    reasons = dict(fetch(run.warehouse, "claim_decisions", ("claim_id", "reason")))
    assert "10001.00" in reasons["C01"] and "10000.00" in reasons["C01"]
    assert "216.83" in reasons["C03"] and "approved USD 215.82" in reasons["C03"]
    assert "C01" in reasons["C02"]  # the approved claim it duplicates
    assert '"20,00"' in reasons["C05"]  # the amount as sent
    assert "FY2027-Q3 has not closed yet" in reasons["C08"]


def test_payments_and_reconciliation(run: Run) -> None:
    rows = fetch(run.warehouse, "payment_quarantine", ("payment_id", "reason"))
    assert_same_rows(rows, expected.PAYMENT_QUARANTINE, "payment_quarantine")
    rows = fetch(run.warehouse, "rebate_reconciliation", expected.RECONCILIATION_COLUMNS)
    assert_money(rows, expected.RECONCILIATION_COLUMNS, ("accrued_usd", "paid_usd"))
    assert_same_rows(rows, expected.REBATE_RECONCILIATION, "rebate_reconciliation")


def test_every_tie_out_holds_on_every_quarter(run: Run) -> None:
    rows = fetch(run.warehouse, "reconciliation_tie_outs", ("fiscal_quarter", "tie_out", "passed"))
    assert {q for q, _, _ in rows} == set(expected.QUARTERS)
    assert len(rows) == 4 * len(expected.QUARTERS)
    assert all(passed for _, _, passed in rows)


def test_finance_close_writes_the_three_files(run: Run, tmp_path: Path) -> None:
    done = finance(run.warehouse, CLOSED, tmp_path)
    assert done.returncode == 0, done.stderr
    # Over, but never closed by finance (overview: Closing a quarter): its figures may still change.
    assert f"{CLOSED} is not closed: its figures may still change" in " ".join(
        (done.stdout + done.stderr).split()
    )
    with (tmp_path / f"payables_{CLOSED}.csv").open(encoding="utf-8", newline="") as f:
        payables = list(csv.DictReader(f))
    assert payables == [
        {
            "partner_id": "P003",
            "partner_name": "Cobalt Solutions",
            "fiscal_quarter": CLOSED,
            "accrued_usd": "170.00",
            "approved_usd": "170.00",
            "paid_usd": "120.00",
            "payable_usd": "50.00",
        }
    ]

    workbook = load_workbook(tmp_path / f"reconciliation_{CLOSED}.xlsx")
    assert workbook.sheetnames == [
        "Payables", "Reconciliation", "Claims", "Overpaid", "Adjustments",
        "Unmatched payments", "Unreadable payments", "Unreadable claims", "Tie-outs",
    ]  # fmt: skip
    sheet = workbook["Reconciliation"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    # Headings in words; the total row under the figures sums the money columns.
    assert header == [
        "Partner", "Partner name", "Quarter", "Accrued", "Approved", "Paid", "Outstanding",
        "Overpaid", "Payments matching no claim", "Claims", "Payments",
    ]  # fmt: skip
    *body, total = list(sheet.iter_rows(min_row=2, values_only=True))
    assert total[0] == "Total"
    last = len(body) + 1
    assert total[header.index("Paid")] == f"=SUBTOTAL(109,F2:F{last})"
    found = {(row[0], row[header.index("Quarter")]): row for row in body}
    marts = {
        (r[0], r[1]): r
        for r in fetch(run.warehouse, "rebate_reconciliation", expected.RECONCILIATION_COLUMNS)
        if r[1] == CLOSED
    }
    assert set(found) == set(marts)
    for key, row in marts.items():
        headings = {"accrued_usd": "Accrued", "approved_usd": "Approved", "paid_usd": "Paid",
                    "outstanding_usd": "Outstanding"}  # fmt: skip
        for name, heading in headings.items():
            value = found[key][header.index(heading)]
            assert isinstance(value, int | float), f"{name} is not a number in the workbook"
            assert Decimal(str(value)) == row[expected.RECONCILIATION_COLUMNS.index(name)]
    money_cell = sheet.cell(row=2, column=header.index("Paid") + 1)
    assert "$" in money_cell.number_format and "0.00" in money_cell.number_format
    # Printed landscape, one page wide, the header on every page; filtered by its header.
    for each in workbook.worksheets:
        assert each.page_setup.orientation == "landscape", each.title
        assert each.page_setup.fitToWidth == 1 and each.sheet_properties.pageSetUpPr.fitToPage
        assert each.print_title_rows == "$1:$1", each.title
    assert sheet.auto_filter.ref == f"A1:K{last}"
    # Tie-outs: a count of payments reads as a count, money as money.
    tie_outs = workbook["Tie-outs"]
    counted = [r for r in tie_outs.iter_rows(min_row=2) if r[1].value == "count"]
    assert counted and all(r[2].number_format == "#,##0" for r in counted)
    unmatched = workbook["Unmatched payments"]
    assert [r[0] for r in unmatched.iter_rows(min_row=2, values_only=True)] == [
        "PM3", "PM4", "Total",
    ]  # fmt: skip
    # The quarter's unreadable claim (C05's amount `20,00`) and the one whose quarter cannot be
    # read (C14's `FY2027-Q5`), with their reasons.
    unreadable = workbook["Unreadable claims"]
    assert [r[:2] for r in unreadable.iter_rows(min_row=2, values_only=True)] == [
        ("C05", "Invalid amount"),
        ("C14", "Invalid fiscal quarter"),
    ]

    summary = (tmp_path / f"summary_{CLOSED}.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    assert "Every tie-out passes." in text and "FAIL" not in text
    # From accrued to payable: P003's 170.00 approved, 120.00 paid (PM3 and PM4 name no claim
    # of the quarter), no overpayment.
    assert (
        "Accrued (the rebate ledger) $170.00 Earned and not yet claimed (0 partners; no claim of"
        " the reward approved yet) $0.00 Approved (claims) $170.00 Paid $120.00 Outstanding, net"
        " (approved - paid) $50.00 Plus what overpaid partners were paid over their approval"
        " (not netted against others) $0.00 Payable now (1 partner) $50.00"
    ) in text
    assert (
        "Every payment is matched to a claim of its partner and quarter or counted unmatched"
        " 2 2 pass" in text
    )
    assert "PM3" in text and "PM4" in text
    claims = text[text.index("Claims that could not be read") :]
    assert "C05 Invalid amount P003 Services deal FY2026-Q4" in claims
    assert "C14 Invalid fiscal quarter P001 Base rebate FY2027-Q5" in claims


def test_no_close_while_a_payments_file_is_rejected(run: Run, tmp_path: Path) -> None:
    """A payments file rejected as a whole would leave every approved amount outstanding: the
    close is refused, naming the file and why, and writes nothing."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(run.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            """INSERT INTO marts.rejected_files (source_file, landed_source, reason, detail)
               VALUES ('payments.csv', 'payments', 'NOT_UTF8', 'byte 0xff at offset 10')"""
        )
    done = finance(warehouse, CLOSED, tmp_path / "out")
    assert done.returncode == 2
    assert "payments.csv (NOT_UTF8: byte 0xff at offset 10) was rejected as a whole" in " ".join(
        done.stderr.split()
    )
    assert not (tmp_path / "out").exists()


def test_an_open_quarter_is_refused(run: Run, tmp_path: Path) -> None:
    done = finance(run.warehouse, expected.AS_OF_QUARTER, tmp_path)
    assert done.returncode == 2
    assert "FY2027-Q3 is still open" in " ".join(done.stderr.split())
    assert not any(tmp_path.iterdir())


def test_a_partner_named_like_a_formula_comes_out_inert(run: Run, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(run.warehouse, warehouse)
    name = '=HYPERLINK("x")'
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE marts.partners SET partner_name = ? WHERE partner_id = 'P003'", [name])
    assert finance(warehouse, CLOSED, tmp_path / "out").returncode == 0

    with (tmp_path / "out" / f"payables_{CLOSED}.csv").open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["partner_name"] == "'" + name  # a spreadsheet shows it as text
    sheet = load_workbook(tmp_path / "out" / f"reconciliation_{CLOSED}.xlsx")["Payables"]
    cell = sheet.cell(row=2, column=2)
    assert cell.value == name and cell.data_type == "s"  # text, not a formula


def test_statement_shows_claims_and_payments(run: Run) -> None:
    html = (run.outbox / expected.AS_OF_QUARTER / "P001.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    section = text[text.index("Claims and payments") : text.index("How fast we answered you")]
    assert "C08 Base rebate $25.00 Rejected $0.00" in section
    assert "FY2027-Q3 was still open: its rewards are claimed once the quarter is over." in section
