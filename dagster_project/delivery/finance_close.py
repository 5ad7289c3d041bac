"""The finance close of one quarter: `channel-ledger finance --quarter FY2027-Q1`.

From the published warehouse (marts rebate_reconciliation, claim_decisions, rebate_payments,
payment_quarantine, reconciliation_tie_outs, program_quarters; nothing is computed here) it writes
three files finance can book and file, for a quarter closed at the warehouse's as-of time:

- `payables_<quarter>.csv`: one row per partner whose outstanding amount is positive. A text cell
  that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
  return) is neutralised with a leading apostrophe (OWASP's advice for CSV injection).
- `reconciliation_<quarter>.xlsx`: the same tables, one sheet each (openpyxl): money as numbers
  in a currency format, headers frozen; text is stored as text, never as a formula.
- `summary_<quarter>.html`: one page: whether the quarter is closed (its figures final, spec
  section 12) or may still change, totals, each tie-out with pass or fail, the adjustments to
  closed quarters it holds, overpayments and unmatched and unreadable payments, unreadable claims.

Nothing is written while a claims or payments file was rejected as a whole: every payment in it
would be missing, every approved amount would show as outstanding, and finance would pay twice.
"""

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Font

from dagster_project.closing.register import CloseRecord, active_closes, read_register
from dagster_project.delivery.templates import template_environment
from dagster_project.fiscal_calendar import quarter_index

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CURRENCY_FORMAT = '"$"#,##0.00;-"$"#,##0.00'
SUMMARY_TEMPLATE = "finance_summary.html.j2"


class CloseRefused(Exception):
    """The quarter cannot be closed from this warehouse (not a quarter, or not closed yet)."""


@dataclass(frozen=True)
class Table:
    """A table of the close: its title, column headers, rows; which columns hold money."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple]
    money: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class FinanceClose:
    fiscal_quarter: str
    as_of_utc: datetime
    totals: dict[str, Decimal]
    payables: Table
    reconciliation: Table
    claims: Table
    overpaid: Table
    unmatched_payments: Table
    unreadable_payments: Table
    unreadable_claims: Table
    tie_outs: Table
    adjustments: Table
    close_record: CloseRecord | None  # the close in force (spec section 12); none: not closed

    @property
    def tables(self) -> tuple[Table, ...]:
        return (
            self.payables,
            self.reconciliation,
            self.claims,
            self.adjustments,
            self.unmatched_payments,
            self.unreadable_payments,
            self.unreadable_claims,
            self.tie_outs,
        )

    def status_text(self) -> str:
        """Whether the quarter's figures are final (closed in the close register)."""
        record = self.close_record
        if record is None:
            return (
                f"{self.fiscal_quarter} is not closed: its figures may still change with late"
                " reports (channel-ledger close books later changes as adjustments instead)."
            )
        return (
            f"{self.fiscal_quarter} is closed (by {record.by} on {record.at[:10]}, figures as of"
            f" {(record.figures_as_of or '')[:16].replace('T', ' ')} UTC): its figures are final."
        )

    @property
    def ties_out(self) -> bool:
        passed = self.tie_outs.columns.index("passed")
        return all(row[passed] for row in self.tie_outs.rows)


def _table(
    con: duckdb.DuckDBPyConnection,
    title: str,
    sql: str,
    params: Sequence[object],
    money: Sequence[str] = (),
) -> Table:
    result = con.execute(sql, list(params))
    columns = tuple(d[0] for d in result.description)
    return Table(title, columns, result.fetchall(), frozenset(money))


def _check_closed(con: duckdb.DuckDBPyConnection, quarter: str) -> datetime:
    """The warehouse's as-of time, once `quarter` is known to have closed before it."""
    if quarter_index(quarter) is None:
        raise CloseRefused(f"{quarter!r} is not a fiscal quarter: write it as FY2027-Q1")
    row = con.execute(
        "SELECT fiscal_quarter, as_of_utc FROM marts.program_quarters WHERE is_open"
    ).fetchone()
    if row is None:
        raise CloseRefused("the warehouse holds no program quarter yet: run the pipeline first")
    open_quarter, as_of = row
    # Quarter labels of one form sort as the quarters do (FY2026-Q4 < FY2027-Q1).
    if quarter >= open_quarter:
        state = "still open" if quarter == open_quarter else "not over yet"
        raise CloseRefused(
            f"{quarter} is {state} at the warehouse's as-of time {as_of:%Y-%m-%d %H:%M} UTC"
            f" (the open quarter is {open_quarter}): only a closed quarter can be closed."
            " Run the pipeline with a later --as-of once the quarter is over."
        )
    return as_of


def _check_feeds_read(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse while a claims or payments file was rejected as a whole, naming it and why."""
    rejected = con.execute(
        """SELECT source_file, reason, detail FROM marts.rejected_files
           WHERE landed_source IN ('claims', 'payments') ORDER BY source_file"""
    ).fetchall()
    if rejected:
        files = "; ".join(f"{name} ({reason}: {detail})" for name, reason, detail in rejected)
        raise CloseRefused(
            f"{files} was rejected as a whole, so none of its rows count: every approved amount"
            " it pays would show as outstanding and be paid twice. Fix the file, run the"
            " pipeline again, then close the quarter."
        )


def load_close(warehouse: Path, quarter: str, register: Path) -> FinanceClose:
    """The quarter's close, read from the published marts; whether it is closed, from the close
    register (PipelineSettings.closes), which a close updates before any run."""
    closes = read_register(register)
    record = active_closes(closes).get(quarter)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        as_of = _check_closed(con, quarter)
        _check_feeds_read(con)
        q = [quarter]
        money = ("accrued_usd", "approved_usd", "paid_usd", "outstanding_usd")
        reconciliation = _table(
            con,
            "Reconciliation",
            """SELECT r.partner_id, p.partner_name, r.fiscal_quarter, r.accrued_usd,
                      r.approved_usd, r.paid_usd, r.outstanding_usd, r.overpaid,
                      r.unmatched_payments, r.claims, r.payments
               FROM marts.rebate_reconciliation AS r
               LEFT JOIN marts.partners AS p USING (partner_id)
               WHERE r.fiscal_quarter = ? ORDER BY r.partner_id""",
            q,
            money,
        )
        payables = _table(
            con,
            "Payables",
            """SELECT r.partner_id, p.partner_name, r.fiscal_quarter, r.accrued_usd,
                      r.approved_usd, r.paid_usd, r.outstanding_usd AS payable_usd
               FROM marts.rebate_reconciliation AS r
               LEFT JOIN marts.partners AS p USING (partner_id)
               WHERE r.fiscal_quarter = ? AND r.outstanding_usd > 0 ORDER BY r.partner_id""",
            q,
            (*money[:3], "payable_usd"),
        )
        overpaid = _table(
            con,
            "Overpaid",
            """SELECT r.partner_id, p.partner_name, r.approved_usd, r.paid_usd,
                      -r.outstanding_usd AS overpaid_usd
               FROM marts.rebate_reconciliation AS r
               LEFT JOIN marts.partners AS p USING (partner_id)
               WHERE r.fiscal_quarter = ? AND r.overpaid ORDER BY r.partner_id""",
            q,
            ("approved_usd", "paid_usd", "overpaid_usd"),
        )
        claims = _table(
            con,
            "Claims",
            """SELECT claim_id, partner_id, reward_type, submitted_at, amount_claimed_usd,
                      entitlement_usd, decision, amount_approved_usd, reason
               FROM marts.claim_decisions WHERE fiscal_quarter = ?
               ORDER BY partner_id, reward_type, order_in_key""",
            q,
            ("amount_claimed_usd", "entitlement_usd", "amount_approved_usd"),
        )
        unmatched = _table(
            con,
            "Unmatched payments",
            """SELECT payment_id, partner_id, claim_id, amount_usd, paid_on
               FROM marts.rebate_payments WHERE fiscal_quarter = ? AND NOT is_matched
               ORDER BY partner_id, payment_id""",
            q,
            ("amount_usd",),
        )
        # Unreadable payments of the quarter, and those whose quarter cannot be read.
        unreadable = _table(
            con,
            "Unreadable payments",
            """SELECT payment_id, reason, partner_id, claim_id, fiscal_quarter, amount_usd_text,
                      paid_on_text, source_file, line_number
               FROM marts.payment_quarantine
               WHERE fiscal_quarter = ? OR reason = 'INVALID_FISCAL_QUARTER'
               ORDER BY source_file, line_number""",
            q,
        )
        # Unreadable claims of the quarter, and those whose quarter cannot be read.
        unreadable_claims = _table(
            con,
            "Unreadable claims",
            """SELECT claim_id, unreadable_reason AS reason, partner_id, reward_type,
                      fiscal_quarter, amount_claimed_usd, source_file, line_number
               FROM marts.claim_decisions
               WHERE unreadable_reason IS NOT NULL
                 AND (fiscal_quarter = ? OR unreadable_reason = 'INVALID_FISCAL_QUARTER')
               ORDER BY source_file, line_number""",
            q,
            ("amount_claimed_usd",),
        )
        # What the quarter holds that corrects closed quarters (spec section 12).
        adjustments = _table(
            con,
            "Adjustments",
            """SELECT a.partner_id, p.partner_name, a.adjusts_quarter, a.reward_type,
                      a.reference, a.booked_amount_usd, a.recomputed_amount_usd,
                      a.amount_usd AS adjustment_usd, a.reason, a.explanation
               FROM marts.ledger_adjustments AS a
               LEFT JOIN marts.partners AS p USING (partner_id)
               WHERE a.fiscal_quarter = ?
               ORDER BY a.partner_id, a.adjusts_quarter, a.reward_type, a.reference""",
            q,
            ("booked_amount_usd", "recomputed_amount_usd", "adjustment_usd"),
        )
        tie_outs = _table(
            con,
            "Tie-outs",
            """SELECT tie_out, description, expected_value, actual_value, passed
               FROM marts.reconciliation_tie_outs WHERE fiscal_quarter = ? ORDER BY tie_out""",
            q,
        )
        (accrued, approved, paid, outstanding) = con.execute(
            """SELECT coalesce(sum(accrued_usd), 0), coalesce(sum(approved_usd), 0),
                      coalesce(sum(paid_usd), 0), coalesce(sum(outstanding_usd), 0)
               FROM marts.rebate_reconciliation WHERE fiscal_quarter = ?""",
            q,
        ).fetchone()
    payable = payables.columns.index("payable_usd")
    totals = {
        "accrued_usd": accrued,
        "approved_usd": approved,
        "paid_usd": paid,
        "outstanding_usd": outstanding,
        "payable_usd": sum((row[payable] for row in payables.rows), Decimal(0)),
    }
    return FinanceClose(
        quarter, as_of, totals, payables, reconciliation, claims, overpaid, unmatched,
        unreadable, unreadable_claims, tie_outs, adjustments, record,
    )  # fmt: skip


def inert(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made plain text (CSV)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_payables_csv(path: Path, payables: Table) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(payables.columns)
        writer.writerows([inert(value) for value in row] for row in payables.rows)


def write_workbook(path: Path, tables: Sequence[Table]) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append([_cell_value(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even one that reads like a formula
        for index, name in enumerate(table.columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            width = max([len(name)] + [len(str(r[index - 1])) for r in table.rows[:200]])
            sheet.column_dimensions[letter].width = min(60, width + 2)
            if name in table.money:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = CURRENCY_FORMAT
    workbook.save(path)


def _cell_value(value: object) -> object:
    # Excel has no time zones: the UTC instants are written as such (the header says UTC).
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def write_summary(path: Path, close: FinanceClose) -> None:
    html = template_environment().get_template(SUMMARY_TEMPLATE).render(c=close)
    path.write_text(html, encoding="utf-8")


def write_finance_close(
    warehouse: Path, quarter: str, out_dir: Path, register: Path
) -> tuple[FinanceClose, list[Path]]:
    """Write the quarter's three files into `out_dir`; return what they hold and their paths."""
    close = load_close(warehouse, quarter, register)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / f"payables_{quarter}.csv"
    xlsx_path = out_dir / f"reconciliation_{quarter}.xlsx"
    html_path = out_dir / f"summary_{quarter}.html"
    write_payables_csv(csv_path, close.payables)
    write_workbook(xlsx_path, (*close.tables[:3], close.overpaid, *close.tables[3:]))
    write_summary(html_path, close)
    return close, [csv_path, xlsx_path, html_path]
