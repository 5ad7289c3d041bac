"""The files written from the landing contract and the seeds (ingest/contract_files.py) are up to
date, and what they draw from the seeds follows the seeds."""

import json
import re
from pathlib import Path

from dagster_project.ingest.contract import SOURCES
from dagster_project.ingest.contract_files import stale_files, suite_json
from dagster_project.paths import EXPECTATIONS_DIR

CLAIMS = next(source for source in SOURCES if source.name == "claims")
CONTACTS = next(source for source in SOURCES if source.name == "contacts")


def test_the_written_files_are_up_to_date() -> None:
    stale = stale_files()
    assert not stale, (
        f"stale: {', '.join(map(str, stale))}; run python -m dagster_project.ingest.contract_files"
    )


def _expectation(text: str, kind: str, column: str) -> dict:
    (found,) = [
        e
        for e in json.loads(text)["expectations"]
        if e["type"] == kind and e["kwargs"].get("column") == column
    ]
    return found


def test_value_sets_and_the_persona_pattern_follow_the_seeds(tmp_path: Path) -> None:
    (tmp_path / "reward_types.csv").write_text(
        "reward_type,display_name,description\nBASE,Base,b\nREFERRAL,Referral,r\nBASE,Again,x\n",
        encoding="utf-8",
    )
    (tmp_path / "personas.csv").write_text(
        "persona,statement_preference,description\nowner,1,o\nbuyer,,b\n", encoding="utf-8"
    )
    claims = json.loads((EXPECTATIONS_DIR / "claims.json").read_text(encoding="utf-8"))
    reward_types = _expectation(
        suite_json(CLAIMS, claims, seeds=tmp_path),
        "expect_column_values_to_be_in_set",
        "reward_type",
    )
    assert reward_types["kwargs"]["value_set"] == ["BASE", "REFERRAL"]  # distinct, seed order
    contacts = json.loads((EXPECTATIONS_DIR / "contacts.json").read_text(encoding="utf-8"))
    personas = _expectation(
        suite_json(CONTACTS, contacts, seeds=tmp_path),
        "expect_column_values_to_match_regex",
        "personas",
    )
    pattern = re.compile(personas["kwargs"]["regex"])
    assert pattern.match("owner ; buyer") and pattern.match("buyer")
    assert not pattern.match("incentives") and not pattern.match("owner-team")


def test_a_suite_keeps_its_own_expectations_and_gets_the_critical_ones_first() -> None:
    claims = json.loads((EXPECTATIONS_DIR / "claims.json").read_text(encoding="utf-8"))
    without = {
        **claims,
        "expectations": [e for e in claims["expectations"] if e["severity"] != "critical"],
    }
    written = json.loads(suite_json(CLAIMS, without))
    assert written == claims  # the critical ones are written again, the same
    severities = [e["severity"] for e in written["expectations"]]
    assert severities == sorted(severities, key=lambda s: s != "critical")
