"""The demo's late restatement (overview: Closing a quarter): once the demo's history is closed, one
line of a closed quarter is re-sent by its distributor with one unit more, so that the next run
books the difference as an adjustment in the quarter that is open to change."""

import csv
from pathlib import Path

from dagster_project.duckdb_connection import connect

DISTRIBUTOR = "ALSTON"  # sends the canonical columns: its lines are rewritten as they came


def write_late_restatement(landing: Path, warehouse: Path, quarter: str) -> Path | None:
    """Re-send ALSTON's largest line of `quarter` of a partner earning a base rebate on its
    product line, with one unit more, in a file applied after every ALSTON report; None when
    there is no such line."""
    with connect(warehouse, read_only=True) as con:
        found = con.execute(
            """SELECT f.report_line_id, f.source_file
               FROM marts.fct_sell_through AS f
               JOIN marts.rebate_ledger AS l
                 ON l.partner_id = f.partner_id AND l.fiscal_quarter = f.fiscal_quarter
                AND l.reward_type = 'BASE' AND l.reference = f.product_line
                AND l.adjusts_quarter IS NULL AND l.amount_usd > 0
               WHERE f.distributor_id = ? AND f.fiscal_quarter = ? AND f.quantity > 0
               ORDER BY f.net_revenue_usd DESC, f.report_line_id LIMIT 1""",
            [DISTRIBUTOR, quarter],
        ).fetchone()
    if found is None:
        return None
    line_id, source_file = found
    with (landing / source_file).open(encoding="utf-8-sig", newline="") as report:
        reader = csv.DictReader(report)
        row = next(r for r in reader if r["report_line_id"].strip() == line_id)
        columns = list(reader.fieldnames or [])
    row["quantity"] = str(int(row["quantity"].strip()) + 1)
    folder = landing / "sell_through" / DISTRIBUTOR
    # Applied in file-name order: after the last report of the distributor.
    last = sorted(p.name for p in folder.iterdir() if p.name.lower().endswith(".csv"))[-1]
    path = folder / f"{Path(last).stem}_late.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerow(row)
    return path
