"""What a version of a program file changes against another (overview: Rules over time), quarter by
quarter: the what-if's list of the rules a scenario changes."""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from dagster_project.fiscal_calendar import quarter_label
from dagster_project.program.files import (
    BEGINNING,
    RuleFile,
    is_number,
    key_text,
    read_rows,
    row_in_force,
    start_index,
)


@dataclass(frozen=True)
class RuleChange:
    """A value of a rule that differs between two versions of a program file, from a quarter."""

    file: str
    key: str  # in words: "tier GOLD, product_line DATA_CENTER"
    column: str
    since: str  # "FY2028-Q1", or "since the program began"
    before: str  # "" when the key had no row in force then
    after: str
    key_values: tuple[tuple[str, str], ...] = ()  # (column, code) of the key: named in words

    def sentence(self) -> str:
        since = self.since if self.since.startswith("since") else f"from {self.since}"
        was = self.before or "no row in force"
        now = self.after or "no row in force"
        return f"{self.file}, {self.key}: {self.column} {was} -> {now} {since}"


def rule_changes(rule: RuleFile, before: Path, after: Path) -> list[RuleChange]:
    """Where `after` (a scenario's file) gives a key other values than `before` (the program's),
    quarter by quarter: at every quarter where a row of either starts, the values in force under
    both, compared as numbers where they are numbers."""
    _, old_rows = read_rows(before)
    _, new_rows = read_rows(after)
    keys = sorted({row.key(rule) for row in old_rows + new_rows})
    changes = []
    for key in keys:
        old = [r for r in old_rows if r.key(rule) == key]
        new = [r for r in new_rows if r.key(rule) == key]
        for start in sorted({start_index(r) for r in old + new}):
            was, now = row_in_force(old, start), row_in_force(new, start)
            for value in rule.values:
                before_text = was.values[value.column] if was else ""
                after_text = now.values[value.column] if now else ""
                if _same(before_text, after_text):
                    continue
                changes.append(
                    RuleChange(
                        rule.file,
                        key_text(rule, key),
                        value.column,
                        quarter_label(start) if start > BEGINNING else "since the program began",
                        _shown(before_text),
                        _shown(after_text),
                        tuple(zip(rule.keys, key, strict=True)),
                    )
                )
    return changes


def _shown(text: str) -> str:
    """A number as written without trailing zeros (0.0250 -> 0.025), other text as it is."""
    return format(Decimal(text).normalize(), "f") if is_number(text) else text


def _same(a: str, b: str) -> bool:
    if is_number(a) and is_number(b):
        return Decimal(a) == Decimal(b)
    return a == b
