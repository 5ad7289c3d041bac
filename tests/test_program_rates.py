"""Rules are data, and they change over time (overview: Rules over time): a program manager changes
a rate from a quarter on by adding one row with its effective_from, no SQL. The run takes program
files of its own (`--program`): the base-rate file with GOLD DATA_CENTER 3.0% from FY2027-Q2 and
AUTHORIZED PC 0.5% from FY2027-Q1 added (the fixture's history runs FY2026-Q3 .. FY2027-Q3). Exactly
the ledger lines of those keys from those quarters on change; the same keys' lines before them, and
everything else, do not; the statements of the partners concerned tell of the change. The same run
is the rerun of the session's: every other row of every mart comes out identical, so reruns give the
same cents. The Spark run (test_spark_engine) takes the same program files and is held to the same
changes."""

from decimal import Decimal
from pathlib import Path

from dagster_project.paths import SEEDS_DIR
from tests import expected_small as expected
from tests.pipeline_runs import Run, all_marts, run_cli

DATED_ROWS = "GOLD,DATA_CENTER,0.030,FY2027-Q2\nAUTHORIZED,PC,0.005,FY2027-Q1\n"
Marts = dict[str, tuple[list[str], list[tuple]]]


def dated_program(folder: Path) -> Path:
    """A program folder: the shipped base-rate file with the two dated rows added."""
    folder.mkdir(parents=True, exist_ok=True)
    shipped = (SEEDS_DIR / "base_rebate_rates.csv").read_text(encoding="utf-8")
    (folder / "base_rebate_rates.csv").write_text(shipped + DATED_ROWS, encoding="utf-8")
    return folder


def test_a_rate_changed_from_a_quarter_reprices_that_quarter_and_later_only(
    run: Run, tmp_path: Path
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    program = dated_program(tmp_path / "program")
    run_cli(run.landing, warehouse, tmp_path / "outbox", "--program", str(program))
    assert_repriced_from_their_quarters(all_marts(run.warehouse), all_marts(warehouse))


def assert_repriced_from_their_quarters(before: Marts, after: Marts) -> None:
    """`after` (the dated program) against `before` (the shipped one), on the fixture."""
    changed = {name for name in before if before[name] != after[name]}
    # The ledger (and its trace view), the statement totals, what finance accrues and what is
    # left to claim, the quarters' tie-out figures and the changes statements tell of: no tier,
    # no fact, no claim decision (P003's FY2026-Q4 BASE claim C07 is still decided on 0.00),
    # nothing else.
    assert changed == {
        "rebate_ledger",
        "rebate_ledger_lines",
        "partner_statements",
        "rebate_reconciliation",
        "reconciliation_tie_outs",
        "partner_rule_changes",
        "partner_next_actions",  # the rewards still to claim (CLAIM_REWARD) follow the ledger
    }

    # The statements that tell of a change: of the quarters up to the one it takes effect in, to
    # the partners with that tier in force (tiers worked out by hand in expected_small).
    columns, rows = after["partner_rule_changes"]
    told = {tuple(row[columns.index(c)] for c in ("partner_id", "fiscal_quarter", "tier",
                                                  "effective_from", "value_before", "value_after"))
            for row in rows}  # fmt: skip
    starts = {"GOLD": ("FY2027-Q2", "0.0250", "0.0300"),
              "AUTHORIZED": ("FY2027-Q1", "0.0000", "0.0050")}  # fmt: skip
    assert told == {
        (partner, quarter, tier, *starts[tier])
        for partner, quarter, _, _, tier, *_ in expected.PARTNER_TIERS
        if tier in starts and quarter <= starts[tier][0]
    }

    columns = before["rebate_ledger"][0]
    old_rows, new_rows = set(before["rebate_ledger"][1]), set(after["rebate_ledger"][1])
    key = [columns.index(c) for c in ("partner_id", "fiscal_quarter", "reward_type", "reference")]
    amount, rate = columns.index("amount_usd"), columns.index("rate")
    gone = {tuple(row[i] for i in key): (row[rate], row[amount]) for row in old_rows - new_rows}
    came = {tuple(row[i] for i in key): (row[rate], row[amount]) for row in new_rows - old_rows}
    assert set(gone) == set(came)
    assert {k: (gone[k], came[k]) for k in came} == {
        # AUTHORIZED PC from FY2027-Q1: 100,000.00 x 0.5% = 500.00; 21,582.49817286 x 0.5% =
        # 107.9124... -> 107.91; 999,999.99 x 0.5% = 4,999.99995 -> 5,000.00 (half away).
        ("P001", "FY2027-Q1", "BASE", "PC"): ((0, 0), (Decimal("0.005"), Decimal("500.00"))),
        ("P003", "FY2027-Q1", "BASE", "PC"): ((0, 0), (Decimal("0.005"), Decimal("107.91"))),
        ("P002", "FY2027-Q2", "BASE", "PC"): ((0, 0), (Decimal("0.005"), Decimal("5000.00"))),
        # GOLD DATA_CENTER from FY2027-Q2: P003's FY2027-Q3 line, 6,050 x 3.0% = 181.50.
        ("P003", "FY2027-Q3", "BASE", "DATA_CENTER"): (
            (Decimal("0.025"), Decimal("151.25")),
            (Decimal("0.03"), Decimal("181.50")),
        ),
    }
    # The fact lines behind the ledger: only those of the repriced lines show other figures.
    columns = before["rebate_ledger_lines"][0]
    line_key = [columns.index(c) for c in ("partner_id", "fiscal_quarter", "reward_type",
                                           "reference")]  # fmt: skip
    old_lines, new_lines = (
        set(before["rebate_ledger_lines"][1]),
        set(after["rebate_ledger_lines"][1]),
    )
    assert len(old_lines) == len(new_lines)
    assert {tuple(row[i] for i in line_key) for row in old_lines ^ new_lines} == set(came)

    # The same key's lines before the change keep the rate they had: AUTHORIZED PC at 0.
    authorized_pc_before = {
        tuple(row[i] for i in key): (row[rate], row[amount])
        for row in new_rows
        if row[key[2]] == "BASE" and row[key[3]] == "PC" and row[key[1]] < "FY2027-Q1"
    }
    assert authorized_pc_before == {
        ("P001", "FY2026-Q4", "BASE", "PC"): (0, 0),
        ("P003", "FY2026-Q4", "BASE", "PC"): (0, 0),
        ("P006", "FY2026-Q3", "BASE", "PC"): (0, 0),
        ("P007", "FY2026-Q3", "BASE", "PC"): (0, 0),
    }

    # The statements: those partners and quarters only, each total higher by its line.
    columns, old_rows = before["partner_statements"]
    total = columns.index("total_rewards_usd")
    changed_rows = sorted(row for row in after["partner_statements"][1] if row not in set(old_rows))
    raised = {
        ("P001", "FY2027-Q1"): Decimal("500.00"),
        ("P002", "FY2027-Q2"): Decimal("5000.00"),
        ("P003", "FY2027-Q1"): Decimal("107.91"),
        ("P003", "FY2027-Q3"): Decimal("30.25"),
    }
    assert [(row[0], row[1], row[total]) for row in changed_rows] == [
        (*k, expected.TOTAL_REWARDS.get(k, Decimal(0)) + v) for k, v in sorted(raised.items())
    ]
    assert len(old_rows) == len(after["partner_statements"][1])

    # Finance: the accruals of those partners and quarters, and each quarter's ledger =
    # statements tie-out, both sides moved together (it still holds).
    columns, old_rows = before["rebate_reconciliation"]
    changed_rows = [row for row in after["rebate_reconciliation"][1] if row not in set(old_rows)]
    accrued = columns.index("accrued_usd")
    assert sorted((row[0], row[1], row[accrued]) for row in changed_rows) == [
        ("P001", "FY2027-Q1", Decimal("500.00")),
        ("P002", "FY2027-Q2", Decimal("15000.00")),
        ("P003", "FY2027-Q1", Decimal("323.73")),
        ("P003", "FY2027-Q3", Decimal("512.50")),
    ]
    columns, old_rows = before["reconciliation_tie_outs"]
    changed_rows = [row for row in after["reconciliation_tie_outs"][1] if row not in set(old_rows)]
    figures = [columns.index(c) for c in ("fiscal_quarter", "tie_out", "passed")]
    assert sorted(tuple(row[i] for i in figures) for row in changed_rows) == [
        ("FY2027-Q1", "LEDGER_EQUALS_STATEMENTS", True),
        ("FY2027-Q2", "LEDGER_EQUALS_STATEMENTS", True),
        ("FY2027-Q3", "LEDGER_EQUALS_STATEMENTS", True),
    ]
