"""Writing the landing folder: small files with the csv module, report files with DuckDB COPY."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb

from dagster_project.ingest.contract import SELL_THROUGH
from dagster_project.ingest.mappings import ReportFormat

from .anomalies import file_name
from .catalog import DISTRIBUTORS, DistributorProfile
from .periods import Month

# The canonical sell-through columns, in contract order.
CANONICAL_COLUMNS = tuple(column.name for column in SELL_THROUGH.columns)

# out column that holds each canonical column's text.
TEXT_COLUMN = {
    "report_line_id": "c_id",
    "invoice_date": "c_date",
    "reseller_account": "c_acct",
    "end_customer_id": "c_cid",
    "end_customer_name": "c_cname",
    "end_customer_country": "c_ccountry",
    "end_customer_segment": "c_cseg",
    "sku": "c_sku",
    "quantity": "c_qty",
    "unit_price": "c_price",
    "currency": "c_cur",
    "deal_id": "c_deal",
    "branch": "c_branch",
}


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = False
) -> int:
    """A UTF-8 CSV with `\\n` line ends; returns the number of data rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def report_columns(prof: DistributorProfile, fmt: ReportFormat) -> list[tuple[str, str]]:
    """(out column, header) in the order this distributor prints them."""
    order = list(prof.column_order or CANONICAL_COLUMNS) + list(prof.extra_columns)
    return [(TEXT_COLUMN[c], fmt.header(c)) for c in order]


def _copy(
    con: duckdb.DuckDBPyConnection, target: Path, select: str, where: str, delimiter: str
) -> None:
    delim = delimiter.replace("'", "''")
    con.execute(
        f"COPY (SELECT {select} FROM out WHERE {where} ORDER BY ord) TO '{target.as_posix()}' "
        f"(FORMAT csv, HEADER true, DELIMITER '{delim}', QUOTE '\"')"
    )


def write_reports(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    months: list[Month],
    formats: dict[str, ReportFormat],
) -> list[str]:
    """One file per distributor and month plus the restatement files; returns their paths.

    One COPY per file: `out` is sorted by (dist, file_month), so each COPY reads only its own
    row groups and the ORDER BY fixes the byte order of every file.
    """
    parts = {
        (d, m, p)
        for d, m, p in con.execute("SELECT DISTINCT dist, file_month, part FROM out").fetchall()
    }
    written: list[str] = []
    for prof in DISTRIBUTORS:
        dist = prof.distributor_id
        fmt = formats.get(dist, ReportFormat())
        select = ", ".join(f'{col} AS "{head}"' for col, head in report_columns(prof, fmt))
        (root / "sell_through" / dist).mkdir(parents=True, exist_ok=True)
        for month in months:
            for part in (0, 1, 2):
                if part and (dist, month.idx, part) not in parts:
                    continue
                rel = file_name(dist, month, part)
                where = f"dist = '{dist}' AND file_month = {month.idx} AND part = {part}"
                _copy(con, root / rel, select, where, fmt.delimiter)
                written.append(rel)
    return written
