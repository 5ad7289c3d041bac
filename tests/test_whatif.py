"""What-if: the program under a scenario's rules, on the session run's warehouse.

By hand, from tests/expected_small.py: the only ledger line at GOLD's DATA_CENTER base rate is
P003's in FY2027-Q3 (basis 6,050.00 at 2.5% = 151.25); at 3.0% it is 181.50, 30.25 more.
"""

import hashlib
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from dagster_project.paths import SEEDS_DIR
from dagster_project.whatif.report import write_report
from dagster_project.whatif.rules import ScenarioError, load_scenario
from dagster_project.whatif.scenario import parse_quarters, run_scenario
from tests import expected_small as expected
from tests.browser import CHROMIUM, layouts
from tests.pipeline_runs import Run


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rules(tmp_path: Path, seed: str, old: str, new: str) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    text = (SEEDS_DIR / f"{seed}.csv").read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is one line of {seed}.csv"
    (rules / f"{seed}.csv").write_text(text.replace(old, new), encoding="utf-8")
    return rules


def test_an_empty_scenario_changes_nothing(run: Run, tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    result = run_scenario(tmp_path / "rules", run.warehouse, tmp_path / "out")
    assert len(result.rows) == len(expected.PARTNER_NAMES) * len(expected.QUARTERS)
    assert all(row.difference_usd == 0 and not row.changes_tier for row in result.rows)
    assert all(set(row.difference_by_reward.values()) == {0} for row in result.rows)
    assert result.changed_lines == []
    totals = {(row.partner_id, row.fiscal_quarter): row.program_rewards_usd for row in result.rows}
    assert totals == {key: expected.TOTAL_REWARDS.get(key, Decimal(0)) for key in totals}, (
        "the program's totals are the ledger's"
    )
    assert result.csv_path.read_text(encoding="utf-8").count("\n") == len(result.rows) + 1


def test_one_rate_changes_exactly_its_lines_and_the_warehouse_stays(
    run: Run, tmp_path: Path
) -> None:
    # A dated row (overview: Rules over time): 3.0% from FY2027-Q2 on, the program's 2.5% before.
    rules = _rules(
        tmp_path,
        "base_rebate_rates",
        "GOLD,DATA_CENTER,0.025,\n",
        "GOLD,DATA_CENTER,0.025,\nGOLD,DATA_CENTER,0.03,FY2027-Q2\n",
    )
    assert [c.sentence() for c in load_scenario(rules).changes] == [
        "base_rebate_rates.csv, tier GOLD, product_line DATA_CENTER: rate 0.025 -> 0.03 from"
        " FY2027-Q2"
    ]
    before = _sha256(run.warehouse)
    outbox = sorted(p.relative_to(run.outbox) for p in run.outbox.rglob("*"))
    result = run_scenario(rules, run.warehouse, tmp_path / "out")
    assert _sha256(run.warehouse) == before
    assert sorted(p.relative_to(run.outbox) for p in run.outbox.rglob("*")) == outbox

    # Line by line: that one line, its rate and amount; no other line of the ledger.
    assert [
        (c.partner_id, c.fiscal_quarter, c.reward_type, c.reference, c.program_basis_usd,
         c.scenario_basis_usd, c.program_rate, c.scenario_rate, c.program_amount_usd,
         c.scenario_amount_usd)
        for c in result.changed_lines
    ] == [
        ("P003", "FY2027-Q3", "BASE", "DATA_CENTER", Decimal("6050"), Decimal("6050"),
         Decimal("0.025"), Decimal("0.03"), Decimal("151.25"), Decimal("181.50")),
    ]  # fmt: skip
    lines = result.lines_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    # Exact figures as a person writes them: money with cents, rates without trailing zeros.
    assert lines[1] == "P003,FY2027-Q3,BASE,DATA_CENTER,6050.00,6050.00,0.025,0.03,151.25,181.50"
    changed = {
        (row.partner_id, row.fiscal_quarter): row for row in result.rows if row.difference_usd
    }
    assert list(changed) == [("P003", "FY2027-Q3")]
    row = changed[("P003", "FY2027-Q3")]
    assert row.difference_usd == Decimal("30.25")
    assert {k: v for k, v in row.difference_by_reward.items() if v} == {"BASE": Decimal("30.25")}
    assert row.scenario_rewards_usd == row.program_rewards_usd + Decimal("30.25")
    assert not any(r.changes_tier for r in result.rows)
    assert result.cost_by_quarter()["FY2027-Q3"][2] == Decimal("30.25")
    csv_row = next(
        line
        for line in result.csv_path.read_text(encoding="utf-8").splitlines()
        if line.startswith("P003,") and ",FY2027-Q3," in line
    )
    assert ",30.25," in csv_row
    page = write_report(result, tmp_path / "out").read_text(encoding="utf-8")
    # Titled by what changes, in words; the open quarter said to be counted to date.
    assert (
        "<title>What-if: Gold · Data center: base rebate rate 2.5% -&gt; 3% from FY2027-Q2</title>"
        in page
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert (
        "Cost of the change over the quarters compared: $30.25 , with FY2027-Q3 counted to date"
        " (it is still open)" in text
    )
    assert "FY2027-Q3 (open: to date)" in text
    cost = text[text.index("Cost per quarter") : text.index("Partners who gain most")]
    assert cost.rstrip().endswith("$30.25")  # the total row's difference
    assert "<svg" in page and "<script" not in page and "http" not in page.split("<svg")[0]
    gainers = page.split("Partners who gain most")[1].split("Partners who lose most")[0]
    assert "P003" in gainers and "$30.25" in gainers
    if CHROMIUM:  # as a reader sees it, on a phone and a desktop
        path = tmp_path / "out" / "whatif.html"
        for width in (390, 1200):
            seen = layouts([path], (width,), tmp_path)[(path, width)]
            assert seen.scroll_width <= seen.client_width, width
            assert not re.findall(r"\b[A-Z]+_[A-Z_]+\b", seen.text), width


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rates.csv", "tier,rate\n", "rates.csv: no program file has this name"),
        ("growth_bonus_rates.csv", "tier,bonus\nGOLD,0.01\n", "columns tier, bonus"),
        ("vars.yml", "fiscal_year_start_month: 1\n", "vars.yml: the program's dbt vars"),
    ],
)
def test_files_that_are_no_program_file_are_refused(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(ScenarioError, match=message):
        load_scenario(tmp_path)


@pytest.mark.parametrize(
    ("seed", "old", "new", "message"),
    [
        (
            "base_rebate_rates", "GOLD,DATA_CENTER,0.025", "GOLD,DATA_CENTER,-0.01",
            "base_rebate_rates.csv line 7: tier GOLD, product_line DATA_CENTER: rate is -0.01;"
            " it must be a fraction between 0 and 1",
        ),
        (
            "growth_bonus_rates", "GOLD,", "GOLDEN,",
            "growth_bonus_rates.csv: no row for tier GOLD; every quarter needs one",
        ),
        (
            "tier_thresholds", "GOLD,3,1000000", "GOLD,3,200000",
            r"tier_thresholds.csv line 4: tier GOLD: since the program began the threshold of GOLD"
            r" \(rank 3, 200000, line 4\) is not above SILVER's \(rank 2, 250000, line 3\)",
        ),
    ],
)  # fmt: skip
def test_bad_rules_are_refused_before_anything_is_built(
    tmp_path: Path, seed: str, old: str, new: str, message: str
) -> None:
    rules = _rules(tmp_path, seed, old, new)
    with pytest.raises(ScenarioError, match=message):
        load_scenario(rules)


def test_quarters_read_as_a_range() -> None:
    assert parse_quarters("fy2026-q1..FY2027-Q2") == ("FY2026-Q1", "FY2027-Q2")
    assert parse_quarters("FY2027-Q3") == ("FY2027-Q3", "FY2027-Q3")
    with pytest.raises(ScenarioError, match="comes after"):
        parse_quarters("FY2027-Q3..FY2027-Q1")


def test_the_scratch_is_removed(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot and the scenario's warehouse live in a scratch folder, gone afterwards."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    (tmp_path / "rules").mkdir()
    out = tmp_path / "out"
    run_scenario(tmp_path / "rules", run.warehouse, out)
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["whatif.csv", "whatif_ledger_lines.csv"]


def test_a_threshold_moves_exactly_the_partners_between_old_and_new(
    run: Run, tmp_path: Path
) -> None:
    """SILVER at 310,000 instead of 250,000. Reviews in [250,000, 310,000) no longer earn SILVER:
    P001's of FY2027-Q1 and -Q2 (250,000.00) and -Q3 (252,500.00), P007's of FY2026-Q3 to
    FY2027-Q2 (300,000.00); P002's 999,999.99 still does. The tier in force is the higher of the
    two reviews before (overview: Tiers), so P001 loses SILVER in FY2027-Q2 and -Q3, P007 in
    FY2026-Q4 to FY2027-Q3; their BASE rates follow: P001 FY2027-Q3 2,500.00 x 1% = 25.00 -> 0%,
    P007 FY2027-Q3 25,000.00 x 1% = 250.00 -> 0%. Nothing else changes."""
    rules = _rules(tmp_path, "tier_thresholds", "SILVER,2,250000", "SILVER,2,310000")
    result = run_scenario(rules, run.warehouse, tmp_path / "out")
    earned = {
        (r.partner_id, r.fiscal_quarter): (r.program_earned_tier, r.scenario_earned_tier)
        for r in result.rows
        if r.program_earned_tier != r.scenario_earned_tier
    }
    assert earned == {
        ("P001", "FY2027-Q1"): ("SILVER", "AUTHORIZED"),
        ("P001", "FY2027-Q2"): ("SILVER", "AUTHORIZED"),
        ("P001", "FY2027-Q3"): ("SILVER", "AUTHORIZED"),
        ("P007", "FY2026-Q3"): ("SILVER", "AUTHORIZED"),
        ("P007", "FY2026-Q4"): ("SILVER", "AUTHORIZED"),
        ("P007", "FY2027-Q1"): ("SILVER", "AUTHORIZED"),
        ("P007", "FY2027-Q2"): ("SILVER", "AUTHORIZED"),
    }
    in_force = {
        (r.partner_id, r.fiscal_quarter): (r.program_tier, r.scenario_tier)
        for r in result.rows
        if r.changes_tier
    }
    assert in_force == {
        ("P001", "FY2027-Q2"): ("SILVER", "AUTHORIZED"),
        ("P001", "FY2027-Q3"): ("SILVER", "AUTHORIZED"),
        ("P007", "FY2026-Q4"): ("SILVER", "AUTHORIZED"),
        ("P007", "FY2027-Q1"): ("SILVER", "AUTHORIZED"),
        ("P007", "FY2027-Q2"): ("SILVER", "AUTHORIZED"),
        ("P007", "FY2027-Q3"): ("SILVER", "AUTHORIZED"),
    }
    costs = {
        (r.partner_id, r.fiscal_quarter): {k: v for k, v in r.difference_by_reward.items() if v}
        for r in result.rows
        if r.difference_usd
    }
    assert costs == {
        ("P001", "FY2027-Q3"): {"BASE": Decimal("-25.00")},
        ("P007", "FY2027-Q3"): {"BASE": Decimal("-250.00")},
    }
    assert result.cost_by_quarter()["FY2027-Q3"][2] == Decimal("-275.00")
    assert [
        (c.partner_id, c.fiscal_quarter, c.reward_type, c.reference, c.program_rate,
         c.scenario_rate, c.program_amount_usd, c.scenario_amount_usd)
        for c in result.changed_lines
    ] == [
        ("P001", "FY2027-Q3", "BASE", "PC", Decimal("0.01"), Decimal("0"), Decimal("25.00"),
         Decimal("0.00")),
        ("P007", "FY2027-Q3", "BASE", "PC", Decimal("0.01"), Decimal("0"), Decimal("250.00"),
         Decimal("0.00")),
    ]  # fmt: skip


def test_the_dagster_job_runs_a_scenario_from_its_config(run: Run, tmp_path: Path) -> None:
    """The job the UI launches, with the rules folder and the output folder as config (an
    empty scenario: what the job adds is its wiring; the rules' effects are tested above)."""
    from dagster_project.definitions import defs
    from dagster_project.transform.project import prepare_manifest

    prepare_manifest()
    (tmp_path / "rules").mkdir()
    job = defs.resolve_job_def("whatif")
    assert [k.to_user_string() for k in job.asset_layer.executable_asset_keys] == [
        "whatif_scenario"
    ]
    result = job.execute_in_process(
        run_config={
            "ops": {
                "whatif_scenario": {
                    "config": {
                        "rules_dir": str(tmp_path / "rules"),
                        "out_dir": str(tmp_path / "out"),
                        "quarters": "FY2027-Q2..FY2027-Q3",
                    }
                }
            },
            "resources": {"settings": {"config": {"warehouse_path": str(run.warehouse)}}},
        }
    )
    assert result.success
    (materialization,) = result.asset_materializations_for_node("whatif_scenario")
    metadata = {key: value.value for key, value in materialization.metadata.items()}
    assert metadata["cost_usd"] == "$0.00"
    assert metadata["cost_by_quarter"] == {"FY2027-Q2": "$0.00", "FY2027-Q3": "$0.00"}
    rows = (tmp_path / "out" / "whatif.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 2 * len(expected.PARTNER_NAMES)
    assert (tmp_path / "out" / "whatif.html").is_file()
