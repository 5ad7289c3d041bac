"""Restatement files: later reports that re-send report_line_ids with new values.

ALSTON corrects a quarter-end report (quantities, invoice dates moved into the next quarter,
removals, a line moved to another partner, unchanged re-sends); EUROLINK corrects quantities and
prices; PACIFICA sends two corrections of one month, the second one replacing part of the first,
including a fix of a line that was bad before and a bad version that is fixed again.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from dagster_project.ingest.mappings import ReportFormat

from .anomalies import Planted, file_name, ids_sql, month_at, pick
from .periods import Month
from .sell_through import date_format_sql

# Restated versions keep the order of the lines they replace.
_ORD = "file_month * 1000000000 + ord"

_QTY_CHANGE = "CASE WHEN qty > 1 THEN qty - 1 ELSE qty + 2 END"


def restated_per_file(lines: int) -> int:
    return max(8, min(400, lines // 2500))


def extra_rows(lines: int) -> int:
    """Rows that restatements, duplicates and the broken file add on top of the base lines."""
    n = restated_per_file(lines)
    pacifica = (n - 2) + 1 + 2 + (n // 3) + 1  # corrections, the fix, two bad versions; r2
    return 2 * n + pacifica + DUPLICATES + BROKEN_ROWS


BROKEN_ROWS = 10
DUPLICATES = 3  # planted by anomalies.py

# A vendor's realistic shape (`corrections=True`): besides its monthly report, every distributor
# sends a corrections file each month that restates about 1.5% of the month's lines with a new
# quantity and removes about 0.2% (quantity 0). In basis points of the month's untouched lines.
CORRECTED_BP = 150
REMOVED_BP = 20


@dataclass(frozen=True)
class Resend:
    file: str
    lines: int


def _resend(
    con: duckdb.DuckDBPyConnection,
    rowids: list[int],
    month: Month,
    part: int,
    replace: dict[str, str],
) -> int:
    """Copy lines into restatement file `part` of `month`, with some columns replaced."""
    if not rowids:
        return 0
    columns = {
        **replace,
        "file_month": str(month.idx),
        "part": str(part),
        "ord": _ORD,
        "used": "TRUE",
    }
    exprs = ", ".join(f"{expr} AS {col}" for col, expr in columns.items())
    con.execute(
        f"INSERT INTO out SELECT * REPLACE ({exprs}) FROM out WHERE rowid IN ({ids_sql(rowids)})"
    )
    return len(rowids)


def _quarter_end(months: list[Month], at: float) -> Month:
    """A fiscal quarter's last month near `at`, not the demo's last month (lines move forward)."""
    target = month_at(months, at).idx
    ends = [m for m in months[:-1] if m.month_in_quarter == 2]
    if not ends:
        return months[max(0, len(months) - 2)]
    return min(ends, key=lambda m: (abs(m.idx - target), m.idx))


def _split(ids: list[int], shares: list[int]) -> list[list[int]]:
    """Deal ids out to kinds in proportion to `shares`, interleaved (smooth weighted round
    robin) so that even a handful of lines gets every kind."""
    out: list[list[int]] = [[] for _ in shares]
    credit = [0] * len(shares)
    for rowid in ids:
        credit = [c + s for c, s in zip(credit, shares, strict=True)]
        kind = max(range(len(shares)), key=lambda i: (credit[i], -i))
        credit[kind] -= sum(shares)
        out[kind].append(rowid)
    return out


def monthly_corrections(con: duckdb.DuckDBPyConnection) -> int:
    """Every distributor's corrections file of every month (part 1, `_r1`), set-based: lines are
    drawn by hash among the untouched, positive, on-time lines of the month's report, so they
    never collide with the planted defects and the hand-made restatements. Returns its rows."""
    drawn = f"h(gid, 340) % 10000 < {CORRECTED_BP + REMOVED_BP}"
    untouched = f"part = 0 AND NOT used AND month_idx = file_month AND qty > 0 AND {drawn}"
    new_qty = f"CASE WHEN h(gid, 340) % 10000 < {REMOVED_BP} THEN 0 ELSE {_QTY_CHANGE} END"
    (rows,) = con.execute(
        f"""INSERT INTO out SELECT * REPLACE ({new_qty} AS qty, ({new_qty})::VARCHAR AS c_qty,
                1 AS part, {_ORD} AS ord, TRUE AS used)
            FROM out WHERE {untouched}"""
    ).fetchone()
    con.execute(f"UPDATE out SET used = TRUE WHERE {untouched}")
    return int(rows)


def restate_alston(
    con: duckdb.DuckDBPyConnection, months: list[Month], n: int, formats: dict[str, ReportFormat]
) -> Resend:
    month = _quarter_end(months, 0.4)
    ids = pick(con, "ALSTON", month, n, 300)
    qty, moved, removed, other_partner, same = _split(ids, [8, 4, 3, 2, 3])
    new_date = "(last_day(invoice_date) + 1 + (h(gid, 301) % 10)::INT)"
    other_account = (
        "(SELECT list(a.reseller_account ORDER BY a.account_idx) FROM accounts a "
        "WHERE a.distributor_id = 'ALSTON' AND a.partner_idx <> out.partner_idx)"
    )
    count = _resend(con, qty, month, 1, {"qty": _QTY_CHANGE, "c_qty": f"({_QTY_CHANGE})::VARCHAR"})
    count += _resend(
        con,
        moved,
        month,
        1,
        {
            "invoice_date": new_date,
            "month_idx": "month_idx + 1",
            "c_date": date_format_sql(new_date, formats),
        },
    )
    count += _resend(con, removed, month, 1, {"qty": "0", "c_qty": "'0'"})
    count += _resend(
        con,
        other_partner,
        month,
        1,
        {
            "c_acct": f"coalesce(list_extract({other_account}, "
            f"1 + (h(gid, 302) % greatest(1, len({other_account})))::BIGINT), c_acct)",
        },
    )
    count += _resend(con, same, month, 1, {})
    return Resend(file_name("ALSTON", month, 1), count)


def restate_eurolink(con: duckdb.DuckDBPyConnection, months: list[Month], n: int) -> Resend:
    month = month_at(months, 0.6)
    qty, removed, price = _split(pick(con, "EUROLINK", month, n, 310), [10, 5, 5])
    fixed = "greatest(1, round(local_cents * 0.95))::BIGINT"
    count = _resend(con, qty, month, 1, {"qty": _QTY_CHANGE, "c_qty": f"({_QTY_CHANGE})::VARCHAR"})
    count += _resend(con, removed, month, 1, {"qty": "0", "c_qty": "'0'"})
    count += _resend(con, price, month, 1, {"local_cents": fixed, "c_price": f"money({fixed})"})
    return Resend(file_name("EUROLINK", month, 1), count)


def restate_pacifica(
    con: duckdb.DuckDBPyConnection, months: list[Month], n: int, planted: list[Planted]
) -> tuple[list[Resend], list[Planted]]:
    """r1 corrects quantities, fixes a bad price sent earlier, and sends two bad versions; r2
    corrects some r1 lines again and repairs one of the bad versions."""
    month = month_at(months, 0.75)
    r1, r2 = file_name("PACIFICA", month, 1), file_name("PACIFICA", month, 2)
    ids = pick(con, "PACIFICA", month, n, 320)
    bad_qty, bad_sku, qty = ids[:1], ids[1:2], ids[2:]
    count1 = _resend(con, qty, month, 1, {"qty": _QTY_CHANGE, "c_qty": f"({_QTY_CHANGE})::VARCHAR"})
    new: list[Planted] = []
    for p in planted:  # the planted bad price of PACIFICA, now sent with its real price
        if p.distributor_id == "PACIFICA" and p.reason == "INVALID_PRICE":
            count1 += _resend(con, p.rowids, month, 1, {"c_price": "money(local_cents)"})
            p.quarantined = 0
    if bad_qty:
        count1 += _resend(con, bad_qty, month, 1, {"c_qty": "'1.5'"})
        new.append(_record(con, bad_qty[0], "INVALID_QUANTITY", r1, "quantity", "1.5", 1))
    if bad_sku:
        count1 += _resend(con, bad_sku, month, 1, {"c_sku": "'PAC-TMP-0001'"})
        new.append(_record(con, bad_sku[0], "UNKNOWN_SKU", r1, "sku", "PAC-TMP-0001", 0))
    # r2: some original lines once more with yet another quantity, and the bad SKU repaired.
    again = {"qty": "qty + 1", "c_qty": "(qty + 1)::VARCHAR"}
    count2 = _resend(con, qty[: n // 3], month, 2, again)
    count2 += _resend(con, bad_sku, month, 2, {})
    return [Resend(r1, count1), Resend(r2, count2)], new


def _record(
    con: duckdb.DuckDBPyConnection,
    rowid: int,
    reason: str,
    file: str,
    column: str,
    value: str,
    quarantined: int,
) -> Planted:
    line_id = con.execute("SELECT c_id FROM out WHERE rowid = ?", [rowid]).fetchone()[0]
    return Planted(reason, "PACIFICA", file, line_id, column, value, quarantined, [rowid])


def broken_file(
    con: duckdb.DuckDBPyConnection, months: list[Month], header: list[str], part: int = 1
) -> tuple[str, str]:
    """A CORVID correction file in which one row has 13 fields under a 12-column header: an end
    customer name with an unquoted comma. Returns (relative path, file text); the whole file must
    be rejected.

    The broken row is one with an empty deal_id, so it ends in a delimiter: DuckDB's CSV reader
    takes such a row for a "trailing delimiter" and silently reads 12 shifted fields even in
    strict mode. A reader must count fields itself to reject the file.
    """
    month = month_at(months, 0.5)
    ids = pick(con, "CORVID", month, BROKEN_ROWS, 330, "c_cid IS NOT NULL")
    cols = ", ".join(
        f"coalesce({c}, '')"
        for c in (
            "c_id",
            "c_date",
            "c_acct",
            "c_cid",
            "c_cname",
            "c_ccountry",
            "c_cseg",
            "c_sku",
            f"({_QTY_CHANGE})::VARCHAR",
            "c_price",
            "c_cur",
            "c_deal",
        )
    )
    rows = con.execute(
        f"SELECT {cols} FROM out WHERE rowid IN ({ids_sql(ids) or 'NULL'}) ORDER BY ord"
    ).fetchall()
    lines = [",".join(header)]
    broken = next((i for i, r in enumerate(rows) if i >= 3 and r[-1] == ""), min(3, len(rows) - 1))
    for i, row in enumerate(rows):
        fields = list(row)
        if i == broken:  # what a hand-edited export looks like: the comma is not quoted
            fields[4] = "Hartmann, Lutz & Soehne KG"
        lines.append(",".join(f if i == broken else _quote(f) for f in fields))
    return file_name("CORVID", month, part), "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value
