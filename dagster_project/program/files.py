"""The program's dated rule files (overview: Rules over time): which files hold rules, their keys
and values, and how a row is read. Every rule file (a dbt seed under `seeds/`) holds rows of a key
with an `effective_from` fiscal quarter (empty: since the program began); dbt gives the rule in
force per quarter (the macro rules_in_force). `checks` refuses files that cannot be run, `changes`
tells what one version of a file changes against another.
"""

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dagster_project.fiscal_calendar import quarter_index
from dagster_project.paths import SEEDS_DIR

EFFECTIVE_FROM = "effective_from"

Check = Callable[[Decimal], bool]


@dataclass(frozen=True)
class Value:
    """A value column: what it must be (`check`, in words `must`); `optional` may be empty."""

    column: str
    check: Check
    must: str
    optional: bool = False
    integer: bool = False


def _fraction(value: Decimal) -> bool:
    return 0 <= value <= 1


def _not_negative(value: Decimal) -> bool:
    return value >= 0


def _positive(value: Decimal) -> bool:
    return value > 0


FRACTION = "a fraction between 0 and 1 (0.025 = 2.5%)"
NOT_NEGATIVE = "a number not below 0"


@dataclass(frozen=True)
class RuleFile:
    """A dated program file: the columns naming its key and the values it holds."""

    name: str
    keys: tuple[str, ...]
    values: tuple[Value, ...]
    # Another file whose keys (a column of it) every key of this one must come from.
    key_domain: tuple[tuple[str, str], ...] = ()
    # Every combination of these (file, column) values needs a row (no key may be left out).
    complete_over: tuple[tuple[str, str], ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.keys, *(v.column for v in self.values), EFFECTIVE_FROM)


TIERS = ("tier_thresholds", "tier")
PRODUCT_LINES = ("product_lines", "product_line")
SEGMENTS = ("customer_segments", "end_customer_segment")

RULE_FILES: dict[str, RuleFile] = {
    rule.name: rule
    for rule in (
        RuleFile(
            "tier_thresholds",
            ("tier",),
            (
                Value("tier_rank", _positive, "a whole number from 1", integer=True),
                Value("threshold_usd", _not_negative, NOT_NEGATIVE),
                Value("display_name", lambda _: True, "a name"),
            ),
        ),
        RuleFile(
            "tier_review_rules",
            (),
            (
                Value("review_window_quarters", _positive, "a whole number from 1", integer=True),
                Value("grace_quarters", _not_negative, "a whole number from 0", integer=True),
            ),
        ),
        RuleFile(
            "base_rebate_rates",
            ("tier", "product_line"),
            (Value("rate", _fraction, FRACTION),),
            key_domain=(TIERS, PRODUCT_LINES),
            complete_over=(TIERS, PRODUCT_LINES),
        ),
        RuleFile(
            "growth_bonus_rates",
            ("tier",),
            (Value("rate", _fraction, FRACTION),),
            key_domain=(TIERS,),
            complete_over=(TIERS,),
        ),
        RuleFile(
            "new_logo_amounts",
            ("end_customer_segment",),
            (Value("amount_usd", _not_negative, NOT_NEGATIVE),),
            key_domain=(SEGMENTS,),
            complete_over=(SEGMENTS,),
        ),
        RuleFile("solution_rates", ("solution",), (Value("rate", _fraction, FRACTION),)),
        RuleFile(
            "reward_rules",
            (),
            (
                Value("coverage_gate_share", _fraction, FRACTION),
                Value("growth_prior_minimum_usd", _not_negative, NOT_NEGATIVE),
                Value("new_logo_minimum_basis_usd", _not_negative, NOT_NEGATIVE),
                Value(
                    "new_logo_lookback_quarters", _positive, "a whole number from 1", integer=True
                ),
                Value("services_rate", _fraction, FRACTION),
            ),
        ),
        RuleFile(
            "request_types",
            ("request_type",),
            (
                Value("display_name", lambda _: True, "a name"),
                Value("target_hours", _positive, "a whole number of hours from 1", integer=True),
                Value("country_attainment_floor", _fraction, FRACTION, optional=True),
            ),
        ),
        RuleFile("claim_rules", (), (Value("claim_tolerance_usd", _not_negative, NOT_NEGATIVE),)),
    )
}
TEXT_VALUES = {"display_name"}


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def key(self, rule: RuleFile) -> tuple[str, ...]:
        return tuple(self.values[k] for k in rule.keys)

    @property
    def effective_from(self) -> str:
        return self.values[EFFECTIVE_FROM].upper()


def key_text(rule: RuleFile, key: tuple[str, ...]) -> str:
    if not rule.keys:
        return "the program"
    return ", ".join(f"{column} {value}" for column, value in zip(rule.keys, key, strict=True))


def read_rows(path: Path) -> tuple[list[str], list[Row]]:
    """The header and the rows of a program file, each with its line number (blank lines skipped,
    values trimmed)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        rows = []
        for record in reader:
            if not any(field.strip() for field in record):
                continue
            padded = [*record, *[""] * (len(header) - len(record))]
            values = {name: value.strip() for name, value in zip(header, padded, strict=False)}
            rows.append(Row(reader.line_num, values))
    return header, rows


def program_files(overrides: Mapping[str, Path] | None = None) -> dict[str, Path]:
    """Every program file by name: the seeds', with `overrides` (a scenario's) in their place."""
    return folder_files(SEEDS_DIR) | dict(overrides or {})


def folder_files(folder: Path) -> dict[str, Path]:
    """The CSV files of a folder of program files, by name (the file name without .csv)."""
    return {path.stem: path for path in sorted(folder.glob("*.csv"))}


BEGINNING = -1  # the quarter index of "since the program began", before every real one


def start_index(row: Row) -> int:
    index = quarter_index(row.effective_from) if row.effective_from else None
    return BEGINNING if index is None else index


def row_in_force(rows: list[Row], index: int) -> Row | None:
    """Of one key's rows, the one in force in quarter `index`: the latest started by then."""
    started = [row for row in rows if start_index(row) <= index]
    return max(started, key=start_index) if started else None


def is_whole_number(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]+", text))


def is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False
