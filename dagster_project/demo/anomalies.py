"""Planted bad lines: a few of every quarantine reason (overview: The landing folder).

Each planted line gets exactly one defect, so it lands on the intended reason whatever the order
of the checks. Lines are picked by hash among untouched, positive, on-time lines of one report
file, and flagged `used` so no later step touches them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from dagster_project.ingest.mappings import ReportFormat

from .dimensions import Account
from .periods import Month
from .sell_through import lit

REASONS: tuple[str, ...] = (
    "MISSING_REPORT_LINE_ID",
    "DUPLICATE_LINE_IN_FILE",
    "INVALID_DATE",
    "INVALID_QUANTITY",
    "INVALID_PRICE",
    "UNKNOWN_RESELLER_ACCOUNT",
    "UNKNOWN_SKU",
    "MISSING_FX_RATE",
)

# The reseller accounts, SKUs and values below are outside everything the demo generates.
UNKNOWN_ACCOUNTS = {"ALSTON": "ALS-999001", "PACIFICA": "99999999", "CORVID": "C0000000X"}


@dataclass
class Planted:
    """One planted line (or duplicate pair) and how it is expected to end."""

    reason: str
    distributor_id: str
    file: str  # relative to the landing folder, '/'-separated
    report_line_id: str | None
    column: str  # canonical column that carries the defect
    value: str | None  # the text written (None: empty field)
    quarantined: int  # lines of it that end QUARANTINED (0 once a later file fixes it)
    rowids: list[int] = field(default_factory=list)


def file_name(dist: str, month: Month, part: int) -> str:
    """Report file names sort in report order: `X_2025-05.csv` < `X_2025-05_r1.csv` < June."""
    suffix = "" if part == 0 else f"_r{part}"
    return f"sell_through/{dist}/{dist}_{month.key}{suffix}.csv"


def month_at(months: list[Month], at: float) -> Month:
    return months[round(at * (len(months) - 1))]


def pick(
    con: duckdb.DuckDBPyConnection, dist: str, month: Month, n: int, salt: int, where: str = "TRUE"
) -> list[int]:
    """Row ids of n untouched lines of one original report file, chosen by hash."""
    rows = con.execute(
        f"""SELECT rowid FROM out
            WHERE dist = ? AND file_month = ? AND part = 0 AND NOT used
              AND month_idx = file_month AND qty > 0 AND ({where})
            ORDER BY h(gid, {int(salt)}), gid LIMIT {int(n)}""",
        [dist, month.idx],
    ).fetchall()
    ids = [r[0] for r in rows]
    if ids:
        con.execute(f"UPDATE out SET used = TRUE WHERE rowid IN ({ids_sql(ids)})")
    return ids


def ids_sql(ids: list[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)


def _written(con: duckdb.DuckDBPyConnection, rowid: int, column: str) -> tuple[str | None, str]:
    """(report_line_id, value of column) of one row as it will be written."""
    return con.execute(f"SELECT c_id, {column} FROM out WHERE rowid = ?", [rowid]).fetchone()


def _invalid_date_sql(fmt: ReportFormat) -> str:
    """A day that does not exist (the day after month end) in the distributor's date format."""
    marker = fmt.date_format.replace("%d", "@@")
    return (
        f"replace(strftime(invoice_date, {lit(marker)}), '@@', "
        "(day(last_day(invoice_date)) + 1)::VARCHAR)"
    )


# (reason, distributor, position in the demo, out column, SQL value). Values are SQL so they can
# derive from the row (e.g. the lower-cased SKU of the line itself).
def _specs(formats: dict[str, ReportFormat], accounts: list[Account]) -> list[tuple]:
    other_dist = next(a.reseller_account for a in accounts if a.distributor_id == "EUROLINK")
    fmt = formats.get
    canonical = ReportFormat()
    return [
        ("MISSING_REPORT_LINE_ID", "ALSTON", 0.10, "c_id", "NULL"),
        ("MISSING_REPORT_LINE_ID", "BRIXTON", 0.30, "c_id", "'   '"),  # blank after trimming
        ("MISSING_REPORT_LINE_ID", "EUROLINK", 0.50, "c_id", "NULL"),
        ("MISSING_REPORT_LINE_ID", "DUNMORE", 0.70, "c_id", "NULL"),
        ("DUPLICATE_LINE_IN_FILE", "CORVID", 0.20, "adjacent", ""),
        ("DUPLICATE_LINE_IN_FILE", "PACIFICA", 0.40, "end_changed", ""),
        ("DUPLICATE_LINE_IN_FILE", "BRIXTON", 0.60, "end", ""),
        ("INVALID_DATE", "ALSTON", 0.30, "c_date", _invalid_date_sql(fmt("ALSTON", canonical))),
        ("INVALID_DATE", "BRIXTON", 0.45, "c_date", "strftime(invoice_date, '%m/%d/%Y')"),
        ("INVALID_DATE", "EUROLINK", 0.65, "c_date", _invalid_date_sql(fmt("EUROLINK", canonical))),
        ("INVALID_DATE", "PACIFICA", 0.80, "c_date", _invalid_date_sql(fmt("PACIFICA", canonical))),
        ("INVALID_QUANTITY", "ALSTON", 0.55, "c_qty", "'2.5'"),
        ("INVALID_QUANTITY", "EUROLINK", 0.25, "c_qty", "'0.5'"),
        ("INVALID_QUANTITY", "CORVID", 0.75, "c_qty", "'-1.5'"),
        ("INVALID_QUANTITY", "DUNMORE", 0.35, "c_qty", "'3.25'"),
        ("INVALID_PRICE", "ALSTON", 0.65, "c_price", "NULL"),
        ("INVALID_PRICE", "BRIXTON", 0.15, "c_price", "'-' || c_price"),
        ("INVALID_PRICE", "DUNMORE", 0.50, "c_price", "'abc'"),
        ("INVALID_PRICE", "EUROLINK", 0.35, "c_price", "'-' || c_price"),
        ("INVALID_PRICE", "CORVID", 0.90, "c_price", "'N/A'"),
        ("INVALID_PRICE", "PACIFICA", 0.20, "c_price", "'abc'"),  # fixed by a restatement
        ("UNKNOWN_RESELLER_ACCOUNT", "ALSTON", 0.45, "c_acct", lit(UNKNOWN_ACCOUNTS["ALSTON"])),
        # An account that exists, but at another distributor.
        ("UNKNOWN_RESELLER_ACCOUNT", "BRIXTON", 0.80, "c_acct", lit(other_dist)),
        ("UNKNOWN_RESELLER_ACCOUNT", "PACIFICA", 0.60, "c_acct", lit(UNKNOWN_ACCOUNTS["PACIFICA"])),
        ("UNKNOWN_RESELLER_ACCOUNT", "CORVID", 0.40, "c_acct", lit(UNKNOWN_ACCOUNTS["CORVID"])),
        ("UNKNOWN_SKU", "ALSTON", 0.85, "c_sku", "'NB-14G9-TS'"),
        ("UNKNOWN_SKU", "EUROLINK", 0.75, "c_sku", "lower(c_sku)"),  # SKUs match exactly
        ("UNKNOWN_SKU", "DUNMORE", 0.90, "c_sku", "'SR-R9-CTO'"),
        ("UNKNOWN_SKU", "PACIFICA", 0.50, "c_sku", "'ZZ-DEMO-01'"),
    ]


CANONICAL_OF = {
    "c_id": "report_line_id",
    "c_date": "invoice_date",
    "c_acct": "reseller_account",
    "c_sku": "sku",
    "c_qty": "quantity",
    "c_price": "unit_price",
    "c_cur": "currency",
}


def plant_defects(
    con: duckdb.DuckDBPyConnection,
    months: list[Month],
    formats: dict[str, ReportFormat],
    accounts: list[Account],
) -> list[Planted]:
    planted: list[Planted] = []
    for salt, (reason, dist, at, column, value) in enumerate(_specs(formats, accounts), 200):
        month = month_at(months, at)
        ids = pick(con, dist, month, 1, salt)
        if not ids:  # a tiny demo may have no line there; the summary counts what exists
            continue
        rowid = ids[0]
        if reason == "DUPLICATE_LINE_IN_FILE":
            planted.append(_duplicate(con, rowid, dist, month, column))
            continue
        before = _written(con, rowid, "c_id")[0]
        con.execute(f"UPDATE out SET {column} = {value} WHERE rowid = ?", [rowid])
        line_id, written = _written(con, rowid, column)
        planted.append(
            Planted(
                reason,
                dist,
                file_name(dist, month, 0),
                line_id if line_id else before,
                CANONICAL_OF[column],
                written,
                1,
                [rowid],
            )
        )
    return planted


def _duplicate(
    con: duckdb.DuckDBPyConnection, rowid: int, dist: str, month: Month, placement: str
) -> Planted:
    """A second copy of a line in the same file: next to it, or re-sent at the end of the file."""
    ord_sql = "ord + 1" if placement == "adjacent" else "ord + 1000000000"
    qty_sql = "c_qty"
    if placement == "end_changed":  # same id, different content: still both copies are suspect
        qty_sql = "(qty + 1)::VARCHAR"
    con.execute(
        f"""INSERT INTO out SELECT * REPLACE ({ord_sql} AS ord, {qty_sql} AS c_qty)
            FROM out WHERE rowid = ?""",
        [rowid],
    )
    line_id = _written(con, rowid, "c_id")[0]
    return Planted(
        "DUPLICATE_LINE_IN_FILE",
        dist,
        file_name(dist, month, 0),
        line_id,
        "report_line_id",
        line_id,
        2,
        [rowid],
    )


def plant_missing_fx(
    con: duckdb.DuckDBPyConnection,
    months: list[Month],
    fx_rows: list[tuple[str, str, str]],
    hole: tuple[str, str],
) -> list[Planted]:
    """EUROLINK bills a few lines in CHF: in the hole month they lack a rate, elsewhere not."""
    currency, hole_key = hole
    rates = {m: float(r) for m, c, r in fx_rows if c == currency}
    by_key = {m.key: m for m in months}
    hole_month = by_key[hole_key]
    neighbours = [m for m in months if abs(m.idx - hole_month.idx) == 1]
    planted: list[Planted] = []
    for month, n in [(hole_month, 4), *[(m, 2) for m in neighbours]]:
        # The hole month has no CHF rate: price it like the month before, as a distributor would.
        rate = rates.get(month.key) or rates[months[max(0, month.idx - 1)].key]
        for rowid in pick(con, "EUROLINK", month, n, 260 + month.idx, "currency = 'EUR'"):
            con.execute(
                f"""UPDATE out SET currency = {lit(currency)}, c_cur = {lit(currency)},
                        local_cents = greatest(1, round(usd_cents / {rate!r}))::BIGINT,
                        c_price = money(greatest(1, round(usd_cents / {rate!r}))::BIGINT)
                    WHERE rowid = ?""",
                [rowid],
            )
            if month is hole_month:
                line_id = _written(con, rowid, "c_id")[0]
                planted.append(
                    Planted(
                        "MISSING_FX_RATE",
                        "EUROLINK",
                        file_name("EUROLINK", month, 0),
                        line_id,
                        "currency",
                        currency,
                        1,
                        [rowid],
                    )
                )
    return planted
