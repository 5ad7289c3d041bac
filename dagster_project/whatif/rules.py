"""A scenario's rules: a folder of program CSVs in the seeds' own format, each
replacing the program's file of its name. Checked before anything is built, so that a bad
scenario gets a clear error, not a half-built warehouse.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dagster_project.program.changes import RuleChange, rule_changes
from dagster_project.program.checks import (
    ProgramConfigError,
    check_program,
    check_program_folder,
)
from dagster_project.program.files import RULE_FILES, program_files


class ScenarioError(Exception):
    """A scenario that cannot be run, with what is wrong and where."""


@dataclass(frozen=True)
class Scenario:
    rules_dir: Path
    files: dict[str, Path]  # seed name -> the scenario's file replacing it
    # Which rule the scenario changes, from when, from what to what (overview: Rules over time).
    changes: tuple[RuleChange, ...] = ()


def load_scenario(rules_dir: Path, program: Mapping[str, Path] | None = None) -> Scenario:
    """The scenario of `rules_dir`, against `program` (the files the compared warehouse was
    built with; default: the shipped ones)."""
    base = program_files() if program is None else dict(program)
    if not rules_dir.is_dir():
        raise ScenarioError(f"{rules_dir}: not a folder of program rules")
    for path in sorted(p for p in rules_dir.iterdir() if not p.name.startswith(".")):
        if path.suffix.lower() in (".yml", ".yaml"):
            raise ScenarioError(
                f"{path.name}: the program's dbt vars hold the fiscal calendar and the landing"
                " limits, which change how lines are read, not a rule: a scenario cannot"
                " change them (re-run the pipeline with the new values instead)"
            )
        if path.suffix != ".csv":
            raise ScenarioError(f"{path.name}: no program file has this name (not a .csv)")
    try:
        files = check_program_folder(rules_dir)
        # The program's own checks (overview: Rules over time), on the files as the scenario leaves
        # them.
        check_program(base | files)
    except ProgramConfigError as error:
        raise ScenarioError("\n".join(error.problems)) from None
    changes = tuple(
        change
        for name, path in files.items()
        if name in RULE_FILES
        for change in rule_changes(RULE_FILES[name], base[name], path)
    )
    return Scenario(rules_dir, files, changes)
