"""Rules over time (overview): the program files are checked before anything is built, and each
configuration error names its file, line and key.

The checks run on copies of the program's own seeds with one change each. Two runs take such a
file as their program (`--program`) and are refused: one before any step (a file that cannot be
run), one when dbt finds a quarter of the history without a rule in force; both leave the
previous warehouse as it was.
"""

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dagster_project.paths import SEEDS_DIR
from dagster_project.program.checks import ProgramConfigError, check_program, locate_gap
from dagster_project.program.files import program_files
from tests.pipeline_runs import CLI_TIMEOUT_SECONDS, PROJECT_ROOT, Run, cli_command


def _changed(tmp_path: Path, seed: str, old: str, new: str) -> dict[str, Path]:
    """The program's files with one line of `seed` replaced (or, with `old` empty, added)."""
    text = (SEEDS_DIR / f"{seed}.csv").read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1, f"{old!r} is one line of {seed}.csv"
        text = text.replace(old, new)
    else:
        text += new + "\n"
    path = tmp_path / f"{seed}.csv"
    path.write_text(text, encoding="utf-8")
    return program_files({seed: path})


def test_the_programs_own_files_pass() -> None:
    check_program()


@pytest.mark.parametrize(
    ("seed", "old", "new", "message"),
    [
        # Two rows of one key from the same quarter (in any case).
        (
            "base_rebate_rates", "",
            "GOLD,DATA_CENTER,0.030,FY2028-Q1\nGOLD,DATA_CENTER,0.035,fy2028-q1",
            "base_rebate_rates.csv line 11: tier GOLD, product_line DATA_CENTER: a second row in"
            " force from FY2028-Q1 (line 10 is the first); a key has one row per effective_from",
        ),
        # Two rows since the program began.
        (
            "growth_bonus_rates", "", "SILVER,0.012,",
            "growth_bonus_rates.csv line 6: tier SILVER: a second row in force since the program"
            " began (line 3 is the first)",
        ),
        # An effective_from that is no fiscal quarter.
        (
            "request_types", "", "CLAIM,Claim,480,,2028-Q1",
            "request_types.csv line 5: request_type CLAIM: effective_from '2028-Q1' is not a"
            " fiscal quarter; write it like FY2028-Q1, or leave it empty",
        ),
        # Thresholds that stop rising with the rank from a quarter on.
        (
            "tier_thresholds", "", "GOLD,3,5000000,Gold,FY2028-Q1",
            "tier_thresholds.csv line 6: tier GOLD: from FY2028-Q1 the threshold of PLATINUM"
            " (rank 4, 5000000, line 5) is not above GOLD's (rank 3, 5000000, line 6);"
            " thresholds rise with the tier rank in every quarter",
        ),
        # A tier whose rank moves.
        (
            "tier_thresholds", "", "SILVER,3,300000,Silver,FY2028-Q1",
            "tier_thresholds.csv line 6: tier SILVER: rank 3, where line 3 gives it rank 2; a tier"
            " keeps its rank",
        ),
        # A key with no row at all.
        (
            "new_logo_amounts", "EDUCATION,300,\n", "",
            "new_logo_amounts.csv: no row for end_customer_segment EDUCATION; every quarter needs"
            " one",
        ),
        # A value out of its range, in a program-wide rule.
        (
            "reward_rules", "", "1.5,10000,1000,4,0.020,FY2028-Q1",
            "reward_rules.csv line 3: the program: coverage_gate_share is 1.5; it must be a"
            " fraction between 0 and 1",
        ),
    ],
)  # fmt: skip
def test_a_configuration_error_names_its_file_line_and_key(
    tmp_path: Path, seed: str, old: str, new: str, message: str
) -> None:
    with pytest.raises(ProgramConfigError, match=re.escape(message)):
        check_program(_changed(tmp_path, seed, old, new))


def test_a_key_that_starts_after_a_quarter_needing_it_is_located(tmp_path: Path) -> None:
    """dbt names the file, the key and the first quarter without a rule; the line comes from the
    file: every key whose first row starts after that quarter."""
    files = _changed(
        tmp_path,
        "base_rebate_rates",
        "SILVER,DATA_CENTER,0.015,",
        "SILVER,DATA_CENTER,0.015,FY2027-Q1",
    )
    dbt_says = (
        "Runtime Error in test rule_in_force_int_base_rebate_rates_in_force ...:"
        " base_rebate_rates.csv: no row in force in FY2026-Q3 for tier SILVER, product_line"
        " DATA_CENTER, a quarter that needs it"
    )
    assert locate_gap(dbt_says, files) == (
        "base_rebate_rates.csv line 5: tier SILVER, product_line DATA_CENTER: no row in force in"
        " FY2026-Q3, a quarter of the history that needs one: the key's first row is effective"
        " from FY2027-Q1; make it start earlier, or add a row for the quarters before it"
    )
    assert locate_gap("Failure in test unique_partner_tiers", files) is None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run_with(run: Run, tmp_path: Path, seed: str, old: str, new: str) -> tuple[str, Path]:
    """Run on the fixture with program files of its own (`--program`): the shipped `seed` with
    one line changed, over a copy of the session run's warehouse; return what it printed and
    that warehouse."""
    program = tmp_path / "program"
    program.mkdir()
    text = (SEEDS_DIR / f"{seed}.csv").read_text(encoding="utf-8")
    assert text.count(old) == 1
    (program / f"{seed}.csv").write_text(text.replace(old, new), encoding="utf-8")
    warehouse = Path(shutil.copy(run.warehouse, tmp_path / "warehouse.duckdb"))
    done = subprocess.run(
        cli_command(run.landing, warehouse, tmp_path / "outbox", "--program", str(program)),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_SECONDS,
    )
    assert done.returncode != 0, done.stdout
    return " ".join((done.stdout + done.stderr).split()), warehouse


def test_a_run_refuses_bad_rule_files_before_any_step(run: Run, tmp_path: Path) -> None:
    before = _sha256(run.warehouse)
    output, warehouse = _run_with(run, tmp_path, "claim_rules", "1.00,", "1.00,\n2.00,FY2027-Q5")
    assert (
        "the program configuration has errors; nothing was built: claim_rules.csv line 3: the"
        " program: effective_from 'FY2027-Q5' is not a fiscal quarter" in output
    )
    assert "landing_files" not in output, "no step ran"
    assert _sha256(warehouse) == before
    assert not (tmp_path / "outbox").exists()


def test_a_run_stops_on_a_quarter_without_a_rule_and_publishes_nothing(
    run: Run, tmp_path: Path
) -> None:
    before = _sha256(run.warehouse)
    output, warehouse = _run_with(
        run, tmp_path, "base_rebate_rates", "SILVER,DATA_CENTER,0.015,",
        "SILVER,DATA_CENTER,0.015,FY2027-Q1",
    )  # fmt: skip
    assert (
        "the program configuration has an error; nothing was published: base_rebate_rates.csv"
        " line 5: tier SILVER, product_line DATA_CENTER: no row in force in FY2026-Q3, a quarter"
        " of the history that needs one: the key's first row is effective from FY2027-Q1"
    ) in output
    assert _sha256(warehouse) == before
    assert not (tmp_path / "outbox").exists()
