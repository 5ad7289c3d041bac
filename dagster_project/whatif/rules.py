"""A scenario's rules (issue 17): a folder of program CSVs in the seeds' own format, each
replacing the program's file of its name. Checked before anything is built, so that a bad
scenario gets a clear error, not a half-built warehouse.
"""

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dagster_project.paths import PROJECT_ROOT

SEEDS_DIR = PROJECT_ROOT / "seeds"
# The rates a scenario may change, per file: the column that holds a rate (never below 0).
RATE_COLUMNS = {
    "base_rebate_rates": ("rate",),
    "growth_bonus_rates": ("rate",),
    "solution_rates": ("rate",),
    "new_logo_amounts": ("amount_usd",),
    "reward_rules": ("services_rate", "coverage_gate_share"),
    "tier_thresholds": ("threshold_usd",),
}
# The files whose rows name every tier: a scenario must keep a rate for each.
PER_TIER = ("base_rebate_rates", "growth_bonus_rates")


class ScenarioError(Exception):
    """A scenario that cannot be run, with what is wrong and where."""


@dataclass(frozen=True)
class Scenario:
    rules_dir: Path
    files: dict[str, Path]  # seed name -> the scenario's file replacing it

    def rows(self, seed: str) -> list[dict[str, str]]:
        """The seed's rows under the scenario: its file if it has one, the program's else."""
        return _read(self.files.get(seed, SEEDS_DIR / f"{seed}.csv"))


def program_seeds() -> dict[str, list[str]]:
    """The program's files and their columns."""
    return {path.stem: _header(path) for path in sorted(SEEDS_DIR.glob("*.csv"))}


def load_scenario(rules_dir: Path) -> Scenario:
    if not rules_dir.is_dir():
        raise ScenarioError(f"{rules_dir}: not a folder of program rules")
    seeds = program_seeds()
    files: dict[str, Path] = {}
    for path in sorted(p for p in rules_dir.iterdir() if not p.name.startswith(".")):
        if path.suffix.lower() in (".yml", ".yaml"):
            raise ScenarioError(
                f"{path.name}: the program's dbt vars hold the fiscal calendar and the landing"
                " limits, which change how lines are read, not a rule: a scenario cannot"
                " change them (re-run the pipeline with the new values instead)"
            )
        if path.suffix != ".csv" or path.stem not in seeds:
            raise ScenarioError(
                f"{path.name}: no program file has this name; a scenario replaces some of "
                + ", ".join(f"{name}.csv" for name in seeds)
            )
        columns = _header(path)
        if sorted(columns) != sorted(seeds[path.stem]):
            raise ScenarioError(
                f"{path.name}: columns {', '.join(columns)}; the program's file has "
                + ", ".join(seeds[path.stem])
            )
        files[path.stem] = path
    scenario = Scenario(rules_dir, files)
    _check_rates(scenario)
    _check_tiers(scenario)
    return scenario


def _check_rates(scenario: Scenario) -> None:
    for seed, columns in RATE_COLUMNS.items():
        for line, row in enumerate(scenario.rows(seed), start=2):
            for column in columns:
                value = _decimal(row[column], seed, line, column)
                if value < 0:
                    raise ScenarioError(
                        f"{seed}.csv line {line}: {column} is {row[column]}, below 0"
                    )


def _check_tiers(scenario: Scenario) -> None:
    tiers = scenario.rows("tier_thresholds")
    names = {row["tier"] for row in tiers}
    ranked = sorted(tiers, key=lambda row: int(row["tier_rank"]))
    for lower, higher in zip(ranked, ranked[1:], strict=False):
        if Decimal(higher["threshold_usd"]) <= Decimal(lower["threshold_usd"]):
            raise ScenarioError(
                f"tier_thresholds.csv: thresholds out of order: {higher['tier']} (rank"
                f" {higher['tier_rank']}) needs more than {lower['tier']}'s"
                f" {lower['threshold_usd']}, not {higher['threshold_usd']}"
            )
    for seed in PER_TIER:
        rated = {row["tier"] for row in scenario.rows(seed)}
        missing = sorted(names - rated)
        if missing:
            raise ScenarioError(f"{seed}.csv: no rate for the tier {', '.join(missing)}")
        unknown = sorted(rated - names)
        if unknown:
            raise ScenarioError(f"{seed}.csv: {', '.join(unknown)} is not a tier")


def _decimal(text: str, seed: str, line: int, column: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise ScenarioError(f"{seed}.csv line {line}: {column} {text!r} is not a number") from None


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as file:
        return [name.strip() for name in next(csv.reader(file), [])]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as file:
        return [
            {key.strip(): (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(file)
        ]
