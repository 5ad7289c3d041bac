"""End to end: the real `channel-ledger run` on the hand-made landing folder, checked row by row.

The expected rows live in tests/expected_small.py, worked out by hand from the specification.
The pipeline runs once per session on a copy of the fixture (tests/conftest.py; it must never
write into tests/).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import yaml

from tests import expected_small as expected
from tests.pipeline_runs import (
    CLI_TIMEOUT_SECONDS,
    PROJECT_ROOT,
    Run,
    all_marts,
    cli_command,
    copy_fixture,
)

DISTRIBUTORS_FILE = PROJECT_ROOT / "config" / "distributors.yml"

REQUIRED_MARTS = (
    "fct_sell_through",
    "sell_through_line_outcomes",
    "sell_through_quarantine",
    "rejected_files",
    "partner_tiers",
    "rebate_ledger",
    "pending_rewards",
    "partner_statements",
    "sla_requests",
    "request_quarantine",
    "sla_attainment",
    "sla_attainment_by_country",
)


# --- reading the warehouse ------------------------------------------------------------------------


def normalize(value: object) -> object:
    """Dates as ISO text, empty text as missing (NULL and '' both mean 'no value')."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if value == "":
        return None
    return value


def fetch(warehouse: Path, relation: str, columns: tuple[str, ...]) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(f"select {', '.join(columns)} from marts.{relation}").fetchall()
    return [tuple(normalize(value) for value in row) for row in rows]


def assert_same_rows(actual: list[tuple], wanted: list[tuple], relation: str) -> None:
    """Order-independent multiset comparison; Decimals compare by value (1.50 == 1.5)."""
    missing = Counter(wanted) - Counter(actual)
    unexpected = Counter(actual) - Counter(wanted)
    lines = [f"marts.{relation} differs from tests/expected_small.py"]
    for label, rows in (("missing:   ", missing), ("unexpected:", unexpected)):
        lines += [f"  {label} {row} x{count}" for row, count in sorted(rows.items(), key=repr)]
    assert not missing and not unexpected, "\n".join(lines)


def assert_money(rows: list[tuple], columns: tuple[str, ...], money: tuple[str, ...]) -> None:
    """Money must arrive as Decimal (a DECIMAL column), never as a float."""
    for name in money:
        index = columns.index(name)
        kinds = {type(row[index]).__name__ for row in rows if row[index] is not None}
        assert kinds <= {"Decimal"}, f"{name} is not DECIMAL: values arrive as {kinds}"


# --- the marts, row by row ------------------------------------------------------------------------


def test_fct_sell_through(run: Run) -> None:
    rows = fetch(run.warehouse, "fct_sell_through", expected.FCT_COLUMNS)
    assert_money(rows, expected.FCT_COLUMNS, ("net_revenue_usd",))
    assert_same_rows(rows, expected.FCT_SELL_THROUGH, "fct_sell_through")


def test_sell_through_line_outcomes(run: Run) -> None:
    rows = fetch(run.warehouse, "sell_through_line_outcomes", expected.OUTCOME_COLUMNS)
    assert_same_rows(rows, expected.LINE_OUTCOMES, "sell_through_line_outcomes")


def test_sell_through_quarantine(run: Run) -> None:
    columns = ("distributor_id", "report_line_id", "source_file", "reason")
    wanted = [
        (distributor, line_id, source_file, reason)
        for distributor, line_id, source_file, outcome, reason in expected.LINE_OUTCOMES
        if outcome == "QUARANTINED"
    ]
    rows = fetch(run.warehouse, "sell_through_quarantine", columns)
    assert_same_rows(rows, wanted, "sell_through_quarantine")


def test_rejected_files(run: Run) -> None:
    rows = fetch(run.warehouse, "rejected_files", expected.REJECTED_COLUMNS)
    assert_same_rows(rows, expected.REJECTED_FILES, "rejected_files")


def test_partner_tiers(run: Run) -> None:
    rows = fetch(run.warehouse, "partner_tiers", expected.TIER_COLUMNS)
    assert_money(rows, expected.TIER_COLUMNS, ("review_revenue_usd", "gap_to_next_tier_usd"))
    at_risk = expected.TIER_COLUMNS.index("at_risk")
    assert {type(row[at_risk]) for row in rows} <= {bool}, "at_risk must be a boolean"
    assert_same_rows(rows, expected.PARTNER_TIERS, "partner_tiers")


def test_partner_tiers_grid_is_complete() -> None:
    """Guards the expected data itself: every partner x every quarter, exactly once."""
    keys = [(row[0], row[1]) for row in expected.PARTNER_TIERS]
    grid = [(p, q) for p in expected.PARTNER_NAMES for q in expected.QUARTERS]
    assert sorted(keys) == sorted(grid)


# --- the rebate ledger ----------------------------------------------------------------------------


def test_rebate_ledger(run: Run) -> None:
    rows = fetch(run.warehouse, "rebate_ledger", expected.LEDGER_COLUMNS)
    assert_money(rows, expected.LEDGER_COLUMNS, ("basis_usd", "rate", "amount_usd"))
    assert_same_rows(rows, expected.REBATE_LEDGER, "rebate_ledger")


def test_pending_rewards(run: Run) -> None:
    rows = fetch(run.warehouse, "pending_rewards", expected.PENDING_COLUMNS)
    assert_same_rows(rows, expected.PENDING_REWARDS, "pending_rewards")


def test_partner_statements_total_the_ledger(run: Run) -> None:
    columns = ("partner_id", "fiscal_quarter", "tier_in_force", "total_rewards_usd")
    rows = fetch(run.warehouse, "partner_statements", columns)
    wanted = [
        (partner, quarter, in_force, expected.TOTAL_REWARDS.get((partner, quarter), Decimal(0)))
        for partner, quarter, _, _, in_force, *_ in expected.PARTNER_TIERS
    ]
    assert_same_rows(rows, wanted, "partner_statements")
    # ... and every total is the sum of that key's rounded ledger lines, as read from the marts.
    ledger = fetch(run.warehouse, "rebate_ledger", ("partner_id", "fiscal_quarter", "amount_usd"))
    sums: Counter = Counter()
    for partner, quarter, amount in ledger:
        sums[(partner, quarter)] += amount
    assert {(p, q): t for p, q, _, t in rows if t} == {k: v for k, v in sums.items() if v}


def test_trace_names_the_lines_of_a_reward(run: Run) -> None:
    """The README's query: where the 131.00 of P003's services deal D-77 comes from."""
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        lines = con.execute(
            "SELECT source_file, line_number, net_revenue_usd, basis_usd, amount_usd"
            " FROM marts.rebate_ledger_lines WHERE partner_id = 'P003'"
            " AND fiscal_quarter = 'FY2027-Q3' AND reward_type = 'SERVICES'"
            " AND reference = 'D-77' ORDER BY source_file"
        ).fetchall()
    assert lines == [
        (expected.BR3, 2, Decimal("6000"), Decimal("6550"), Decimal("131.00")),
        (expected.EL2, 2, Decimal("550"), Decimal("6550"), Decimal("131.00")),
    ]


def test_every_ledger_line_traces_to_its_basis(run: Run) -> None:
    """Every ledger line of every reward type: its traced fact lines sum to its basis."""
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        untraced = con.execute(
            """SELECT l.partner_id, l.fiscal_quarter, l.reward_type, l.reference, l.basis_usd,
                      t.traced_usd
               FROM marts.rebate_ledger AS l
               LEFT JOIN (SELECT partner_id, fiscal_quarter, reward_type, reference,
                                 sum(net_revenue_usd) AS traced_usd
                          FROM marts.rebate_ledger_lines GROUP BY ALL) AS t
               USING (partner_id, fiscal_quarter, reward_type, reference)
               WHERE t.traced_usd IS DISTINCT FROM l.basis_usd"""
        ).fetchall()
        reward_types = {
            kind
            for (kind,) in con.execute(
                "SELECT DISTINCT reward_type FROM marts.rebate_ledger"
            ).fetchall()
        }
    assert untraced == []
    assert reward_types == {"BASE", "GROWTH_AT_MARKET", "NEW_LOGO", "SERVICES", "SOLUTION"}


# --- every line read ends in exactly one place ----------------------------------------------------


def data_rows_per_file(landing: Path, rejected: set[str]) -> Counter:
    """Count the data rows of every sell-through file that is not rejected, straight from disk."""
    config = yaml.safe_load(DISTRIBUTORS_FILE.read_text(encoding="utf-8"))["distributors"]
    counts: Counter = Counter()
    for path in sorted((landing / "sell_through").glob("*/*.csv")):
        source_file = path.relative_to(landing).as_posix()
        if source_file in rejected:
            continue
        delimiter = config.get(path.parent.name, {}).get("delimiter", ",")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [row for row in csv.reader(handle, delimiter=delimiter) if row]
        counts[source_file] = len(rows) - 1  # minus the header
    return counts


def test_every_line_read_has_exactly_one_outcome(run: Run) -> None:
    rejected = {source_file for source_file, _ in expected.REJECTED_FILES}
    columns = ("distributor_id", "report_line_id", "source_file", "outcome")
    outcomes = fetch(run.warehouse, "sell_through_line_outcomes", columns)

    per_file = Counter(source_file for _, _, source_file, _ in outcomes)
    assert per_file == data_rows_per_file(run.landing, rejected)
    assert not rejected & set(per_file), "lines of a rejected file must appear in no outcome"
    assert {outcome for *_, outcome in outcomes} <= {"FACT", "SUPERSEDED", "REMOVED", "QUARANTINED"}

    # The fact holds exactly the FACT outcomes, and at most one version of each line.
    fact_keys = fetch(run.warehouse, "fct_sell_through", columns[:3])
    fact_outcomes = [row[:3] for row in outcomes if row[3] == "FACT"]
    assert Counter(fact_keys) == Counter(fact_outcomes)
    identities = Counter((distributor, line_id) for distributor, line_id, _ in fact_keys)
    assert max(identities.values()) == 1


# --- statements -----------------------------------------------------------------------------------


def test_statements_for_the_as_of_quarter(run: Run) -> None:
    quarter_dir = run.outbox / expected.AS_OF_QUARTER
    html_files = {path.name for path in quarter_dir.glob("*.html")}
    assert html_files == {f"{partner_id}.html" for partner_id in expected.PARTNER_NAMES}

    partner_id = "P006"
    tier = next(
        row[4]
        for row in expected.PARTNER_TIERS
        if row[0] == partner_id and row[1] == expected.AS_OF_QUARTER
    )
    html = (quarter_dir / f"{partner_id}.html").read_text(encoding="utf-8")
    assert expected.PARTNER_NAMES[partner_id] in html
    assert tier.lower() in html.lower()
    # Its rewards from the ledger, each amount and the total as a reader sees money.
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for amount in ("$630.00", "$160.00", "$420.00", "$500.00", "$1,710.00"):
        assert amount in text, f"{amount} is missing from {partner_id}'s statement"
    assert "Growth at market" in text and "New customer" in text
    for other_id, other_name in expected.PARTNER_NAMES.items():
        if other_id != partner_id:
            assert other_name not in html, f"{partner_id}'s statement names {other_name}"


# --- determinism and failure ----------------------------------------------------------------------


def test_the_contract_relations_are_published(run: Run) -> None:
    """Spec section 10's relations (a rerun's determinism: tests/test_program_rates.py)."""
    assert set(REQUIRED_MARTS) <= set(all_marts(run.warehouse))


def test_missing_products_fails_and_leaves_warehouse_untouched(tmp_path: Path) -> None:
    landing = copy_fixture(tmp_path / "landing")
    (landing / "products.csv").unlink()
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.sentinel as select 42 as answer")
    before = warehouse.read_bytes()

    result = subprocess.run(
        cli_command(landing, warehouse, tmp_path / "outbox"),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_SECONDS,
    )

    assert result.returncode != 0, "a landing folder without products.csv must fail the run"
    assert "products.csv" in result.stdout + result.stderr
    assert warehouse.read_bytes() == before, "the failed run changed the warehouse"


def test_summary_reports_what_the_run_did(run: Run) -> None:
    def figure(label: str) -> str:
        found = re.search(rf"{label}\s*│\s*([0-9,]+)", run.output)
        assert found, f"the summary has no '{label}' line:\n{run.output}"
        return found.group(1)

    outcomes = Counter(outcome for *_, outcome, _ in expected.LINE_OUTCOMES)
    assert figure("lines read") == str(len(expected.LINE_OUTCOMES))
    assert figure(r"loaded \(fact\)") == str(outcomes["FACT"])
    assert figure("superseded") == str(outcomes["SUPERSEDED"])
    assert figure("removed") == str(outcomes["REMOVED"])
    assert figure("quarantined") == str(outcomes["QUARANTINED"])
    assert figure("files rejected") == str(len(expected.REJECTED_FILES))
    assert f"warehouse: {run.warehouse}" in run.output
