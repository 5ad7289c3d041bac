"""Rules are data: a program manager changes a rate by editing one seed row, no SQL. The project is
copied, GOLD's DATA_CENTER base rate raised from 2.5% to 3.0% in the copy's seed, and the copy run
on the fixture: exactly the ledger lines that rate governs change, and nothing else does. The same
run is the rerun of the session's: every other row of every mart comes out identical, so reruns
give the same cents."""

import csv
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

from tests import expected_small as expected
from tests.pipeline_runs import CLI_TIMEOUT_SECONDS, PROJECT_ROOT, Run, all_marts, cli_command

NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "var", "target", "logs", "__pycache__")


def _set_rate(seed: Path, tier: str, product_line: str, rate: str) -> None:
    with seed.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    changed = [r for r in rows if r["tier"] == tier and r["product_line"] == product_line]
    assert len(changed) == 1, "the seed has one row per tier and product line"
    changed[0]["rate"] = rate
    with seed.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_rerun_with_one_rate_changed_changes_exactly_its_lines(run: Run, tmp_path: Path) -> None:
    project = Path(shutil.copytree(PROJECT_ROOT, tmp_path / "project", ignore=NOT_COPIED))
    _set_rate(project / "seeds" / "base_rebate_rates.csv", "GOLD", "DATA_CENTER", "0.030")
    landing = Path(shutil.copytree(run.landing, tmp_path / "landing"))
    warehouse = tmp_path / "warehouse.duckdb"
    # `-m` runs the copy's package: the working directory comes first on the import path.
    command = cli_command(landing, warehouse, tmp_path / "outbox")
    done = subprocess.run(
        command, cwd=project, capture_output=True, text=True, timeout=CLI_TIMEOUT_SECONDS
    )
    assert done.returncode == 0, done.stdout + done.stderr

    before, after = all_marts(run.warehouse), all_marts(warehouse)
    changed = {name for name in before if before[name] != after[name]}
    # The ledger (and its trace view), the statement totals, what finance accrues and the
    # quarter's tie-out figures: no tier, no fact, no claim decision, nothing else.
    assert changed == {
        "rebate_ledger",
        "rebate_ledger_lines",
        "partner_statements",
        "rebate_reconciliation",
        "reconciliation_tie_outs",
    }

    columns = before["rebate_ledger"][0]
    old_rows, new_rows = set(before["rebate_ledger"][1]), set(after["rebate_ledger"][1])
    key = [columns.index(c) for c in ("partner_id", "fiscal_quarter", "reward_type", "reference")]
    amount, rate = columns.index("amount_usd"), columns.index("rate")
    gone = {tuple(row[i] for i in key): row for row in old_rows - new_rows}
    came = {tuple(row[i] for i in key): row for row in new_rows - old_rows}
    # One line: P003's FY2027-Q3 DATA_CENTER base, GOLD in force: 6,050 x 3.0% = 181.50.
    only = ("P003", "FY2027-Q3", "BASE", "DATA_CENTER")
    assert set(gone) == set(came) == {only}
    assert (gone[only][rate], gone[only][amount]) == (Decimal("0.025"), Decimal("151.25"))
    assert (came[only][rate], came[only][amount]) == (Decimal("0.03"), Decimal("181.50"))

    # The statements: that partner and quarter only, its total 30.25 higher.
    columns, old_rows = before["partner_statements"]
    new_rows = after["partner_statements"][1]
    total = columns.index("total_rewards_usd")
    changed_rows = [row for row in new_rows if row not in set(old_rows)]
    assert [(row[0], row[1], row[total]) for row in changed_rows] == [
        ("P003", "FY2027-Q3", expected.TOTAL_REWARDS[("P003", "FY2027-Q3")] + Decimal("30.25"))
    ]
    assert len(old_rows) == len(new_rows)

    # Finance: P003's FY2027-Q3 accrual, and the quarter's ledger = statements tie-out, both
    # sides 30.25 higher (it still holds).
    columns, old_rows = before["rebate_reconciliation"]
    changed_rows = [row for row in after["rebate_reconciliation"][1] if row not in set(old_rows)]
    accrued = columns.index("accrued_usd")
    assert [(row[0], row[1], row[accrued]) for row in changed_rows] == [
        ("P003", "FY2027-Q3", Decimal("512.50"))
    ]
    columns, old_rows = before["reconciliation_tie_outs"]
    changed_rows = [row for row in after["reconciliation_tie_outs"][1] if row not in set(old_rows)]
    figures = [columns.index(c) for c in ("fiscal_quarter", "tie_out", "expected_value",
                                          "actual_value", "passed")]  # fmt: skip
    assert [tuple(row[i] for i in figures) for row in changed_rows] == [
        ("FY2027-Q3", "LEDGER_EQUALS_STATEMENTS", Decimal("2697.50"), Decimal("2697.50"), True)
    ]
