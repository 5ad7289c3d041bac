"""The finance close of one quarter: `channel-ledger finance --quarter FY2027-Q1`.

From the published warehouse (marts rebate_reconciliation, claim_decisions, rebate_payments,
payment_quarantine, reconciliation_tie_outs, program_quarters; nothing is computed here) it writes
three files finance can book and file, for a quarter closed at the warehouse's as-of time:

- `payables_<quarter>.csv`: one row per partner whose outstanding amount is positive. A text cell
  that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
  return) is neutralised with a leading apostrophe (OWASP's advice for CSV injection).
- `reconciliation_<quarter>.xlsx`: the same tables, one sheet each (openpyxl), for people:
  headings and codes in words (the CSV keeps the machine columns), money as numbers in a
  currency format, a total row (SUBTOTAL, so a filter keeps it right), autofilters, the header
  frozen and repeated on every printed page, landscape and one page wide; text is stored as
  text, never as a formula.
- `summary_<quarter>.html`: one page: whether the quarter is closed (its figures final, overview:
  Closing a quarter) or may still change, the totals from accrued to payable (what is earned and not
  yet claimed, what an overpayment holds back), each tie-out with pass or fail, the adjustments to
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
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dagster_project.closing.register import CloseRecord, active_closes, read_register
from dagster_project.delivery.statement_data import (
    display_names,
    load_program,
    partner_words,
)
from dagster_project.duckdb_connection import connect
from dagster_project.fiscal_calendar import quarter_index
from dagster_project.presentation.formatting import words
from dagster_project.presentation.templates import template_environment

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CURRENCY_FORMAT = '"$"#,##0.00;-"$"#,##0.00'
COUNT_FORMAT = "#,##0"
SUMMARY_TEMPLATE = "finance_summary.html.j2"
WIDEST_COLUMN = 48  # characters; longer text wraps
# The workbook's headings in words (the CSV keeps the column names).
HEADINGS = {
    "partner_id": "Partner",
    "partner_name": "Partner name",
    "fiscal_quarter": "Quarter",
    "accrued_usd": "Accrued",
    "approved_usd": "Approved",
    "paid_usd": "Paid",
    "outstanding_usd": "Outstanding",
    "overpaid": "Overpaid",
    "unmatched_payments": "Payments matching no claim",
    "claims": "Claims",
    "payments": "Payments",
    "payable_usd": "Payable",
    "overpaid_usd": "Overpaid by",
    "claim_id": "Claim",
    "reward_type": "Reward",
    "submitted_at": "Submitted (UTC)",
    "amount_claimed_usd": "Claimed",
    "entitlement_usd": "Earned (entitlement)",
    "decision": "Decision",
    "amount_approved_usd": "Approved",
    "reason": "Reason",
    "payment_id": "Payment",
    "amount_usd": "Amount",
    "paid_on": "Paid on",
    "amount_usd_text": "Amount as sent",
    "paid_on_text": "Paid on as sent",
    "source_file": "File",
    "line_number": "Line",
    "adjusts_quarter": "Corrects quarter",
    "reference": "For",
    "booked_amount_usd": "Booked",
    "recomputed_amount_usd": "Now",
    "adjustment_usd": "Adjustment",
    "explanation": "Why",
    "description": "Tie-out",
    "unit": "Counts",
    "expected_value": "Expected",
    "actual_value": "Actual",
    "passed": "Result",
}
# Columns whose figures are counts, not money.
COUNTS = frozenset({"unmatched_payments", "claims", "payments", "line_number"})


class CloseRefused(Exception):
    """The quarter cannot be closed from this warehouse (not a quarter, or not closed yet)."""


@dataclass(frozen=True)
class Table:
    """A table of the close: its title, column names, rows; which columns hold money."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple]
    money: frozenset[str] = field(default_factory=frozenset)
    totalled: bool = True  # a total row under its money (not for rows that count nowhere)

    def column(self, name: str) -> list:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


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
    # the close in force (overview: Closing a quarter); none: not closed
    close_record: CloseRecord | None
    # A column's codes in words (reward types, claim decisions), as the statements word them.
    code_names: dict[str, dict[str, str]] = field(default_factory=dict)
    program: str = ""

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
    totalled: bool = True,
) -> Table:
    result = con.execute(sql, list(params))
    columns = tuple(d[0] for d in result.description)
    return Table(title, columns, result.fetchall(), frozenset(money), totalled)


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
    with connect(warehouse, read_only=True) as con:
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
            totalled=False,  # approved for nothing: counted in no total
        )
        # What the quarter holds that corrects closed quarters (overview: Closing a quarter).
        adjustments = _table(
            con,
            "Adjustments",
            """SELECT a.partner_id, p.partner_name, a.adjusts_quarter, a.reward_type,
                      coalesce(line.display_name, solution.display_name, a.reference)
                          AS reference,
                      a.booked_amount_usd, a.recomputed_amount_usd,
                      a.amount_usd AS adjustment_usd, a.reason, a.explanation
               FROM marts.ledger_adjustments AS a
               LEFT JOIN marts.partners AS p USING (partner_id)
               LEFT JOIN program_config.product_lines AS line
                 ON line.product_line = a.product_line
               LEFT JOIN program_config.solutions AS solution
                 ON a.reward_type = 'SOLUTION' AND solution.solution = a.reference
               WHERE a.fiscal_quarter = ?
               ORDER BY a.partner_id, a.adjusts_quarter, a.reward_type, a.reference""",
            q,
            ("booked_amount_usd", "recomputed_amount_usd", "adjustment_usd"),
        )
        tie_outs = _table(
            con,
            "Tie-outs",
            """SELECT tie_out, description, unit, expected_value, actual_value, passed
               FROM marts.reconciliation_tie_outs WHERE fiscal_quarter = ? ORDER BY tie_out""",
            q,
        )
        (accrued, approved, paid, outstanding) = con.execute(
            """SELECT coalesce(sum(accrued_usd), 0), coalesce(sum(approved_usd), 0),
                      coalesce(sum(paid_usd), 0), coalesce(sum(outstanding_usd), 0)
               FROM marts.rebate_reconciliation WHERE fiscal_quarter = ?""",
            q,
        ).fetchone()
        # Earned and still claimable: no claim of its key approved yet (partner_next_actions).
        (claimable, claimable_partners) = con.execute(
            """SELECT coalesce(sum(amount_usd), 0), count(DISTINCT partner_id)
               FROM marts.partner_next_actions
               WHERE fiscal_quarter = ? AND action = 'CLAIM_REWARD'""",
            q,
        ).fetchone()
        program, _ = load_program(con)
        code_names = {
            "reward_type": display_names(con, "reward_types", "reward_type"),
            "decision": partner_words(con, "claim_decision"),
        }
    totals = {
        "accrued_usd": accrued,
        "claimable_usd": claimable,
        "claimable_partners": claimable_partners,
        "approved_usd": approved,
        "paid_usd": paid,
        "outstanding_usd": outstanding,
        "overpaid_usd": sum(overpaid.column("overpaid_usd"), Decimal(0)),
        "payable_usd": sum(payables.column("payable_usd"), Decimal(0)),
    }
    return FinanceClose(
        quarter, as_of, totals, payables, reconciliation, claims, overpaid, unmatched,
        unreadable, unreadable_claims, tie_outs, adjustments, record, code_names, program,
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


def write_workbook(
    path: Path, tables: Sequence[Table], code_names: dict[str, dict[str, str]]
) -> None:
    """One sheet per table, for a person to read, filter and print (see the module's doc)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        shown = [c for c in table.columns if c not in HIDDEN]
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append([HEADINGS.get(c, words(c)) for c in shown])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        indexes = [table.columns.index(c) for c in shown]
        unit = table.columns.index("unit") if "unit" in table.columns else None
        for row in table.rows:
            sheet.append(
                [_in_words(c, row[i], code_names) for c, i in zip(shown, indexes, strict=True)]
            )
            for name, cell in zip(shown, sheet[sheet.max_row], strict=True):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even one that reads like a formula
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                elif name in table.money:
                    cell.number_format = CURRENCY_FORMAT
                elif name in COUNTS:
                    cell.number_format = COUNT_FORMAT
                elif name in ("expected_value", "actual_value") and unit is not None:
                    usd_row = row[unit] == "usd"
                    cell.number_format = CURRENCY_FORMAT if usd_row else COUNT_FORMAT
        _total_row(sheet, table, shown)
        _layout(sheet, table, shown)
    workbook.save(path)


# Machine columns a person does not need beside their words.
HIDDEN = frozenset({"tie_out"})


def _in_words(column: str, value: object, code_names: dict[str, dict[str, str]]) -> object:
    """A cell as a person reads it: codes in words, flags as yes or pass."""
    if value is None or isinstance(value, Decimal | int | datetime):
        return _cell_value(value)
    if column in code_names:
        return code_names[column].get(str(value), words(str(value)))
    if column == "passed":
        return "pass" if value else "FAIL"
    if column == "overpaid":
        return "yes" if value else "no"
    if column == "unit":
        return "USD" if value == "usd" else "count"
    if column == "reason" and isinstance(value, str):
        return words(value)
    return _cell_value(value)


def _total_row(sheet: Worksheet, table: Table, shown: list[str]) -> None:
    """A total under every money column, as SUBTOTAL: it follows an autofilter."""
    money = [i for i, c in enumerate(shown, start=1) if c in table.money]
    if not money or not table.rows or not table.totalled:
        return
    last = sheet.max_row
    total = last + 1
    sheet.cell(row=total, column=1, value="Total").font = Font(bold=True)
    for index in money:
        letter = get_column_letter(index)
        cell = sheet.cell(row=total, column=index, value=f"=SUBTOTAL(109,{letter}2:{letter}{last})")
        cell.number_format = CURRENCY_FORMAT
        cell.font = Font(bold=True)


def _layout(sheet: Worksheet, table: Table, shown: list[str]) -> None:
    """Widths from the content, wrapped beyond WIDEST_COLUMN; filter, frozen header, printed
    landscape, one page wide, the header on every page."""
    for index, name in enumerate(shown, start=1):
        values = [HEADINGS.get(name, name)] + [str(r) for r in table.column(name)[:200]]
        width = max(len(value) for value in values)
        sheet.column_dimensions[get_column_letter(index)].width = min(WIDEST_COLUMN, width + 2)
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(shown))}{len(table.rows) + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = f"&[Tab] · {table.title}"
    sheet.oddFooter.right.text = "Page &[Page] of &[Pages]"


def _cell_value(value: object) -> object:
    # Excel has no time zones: the UTC instants are written as such (the header says UTC).
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def write_summary(path: Path, close: FinanceClose) -> None:
    html = (
        template_environment().get_template(SUMMARY_TEMPLATE).render(c=close, program=close.program)
    )
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
    tables = (*close.tables[:3], close.overpaid, *close.tables[3:])
    write_workbook(xlsx_path, tables, close.code_names)
    write_summary(html_path, close)
    return close, [csv_path, xlsx_path, html_path]
