"""The program's dated rule files (spec section 11), read and checked before anything is built.

Every rule file (a dbt seed under `seeds/`) holds rows of a key with an `effective_from` fiscal
quarter (empty: since the program began). dbt gives the rule in force per quarter (the macro
rules_in_force); this module refuses, with the file, the line and the key, what dbt could only
get wrong or stop on half-way: a quarter that is no quarter, two rows of one key from the same
quarter, a value out of its range, a tier whose rank moves, thresholds that do not rise with the
rank in some quarter, a key that has no row at all. Whether a key has a row in force in every
quarter that needs it depends on the data (the history's first quarter): dbt's test
`rule_in_force` decides that, and `locate_gap` adds the line to its message.

A run checks the program's files (`check_program`), a what-if its scenario's (the same checks on
the files as the scenario leaves them).
"""

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dagster_project.paths import SEEDS_DIR

EFFECTIVE_FROM = "effective_from"
QUARTER = re.compile(r"FY(\d{4})-Q([1-4])")

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


class ProgramConfigError(Exception):
    """Program files that cannot be run, each problem with its file, line and key."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "the program configuration has errors; nothing was built:\n"
            + "\n".join(f"  {p}" for p in problems)
        )


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def key(self, rule: RuleFile) -> tuple[str, ...]:
        return tuple(self.values[k] for k in rule.keys)

    @property
    def effective_from(self) -> str:
        return self.values[EFFECTIVE_FROM].upper()


def quarter_index(text: str) -> int | None:
    """FY2027-Q1 -> 2027 * 4 + 0 (the models' quarter index); None for no quarter."""
    match = QUARTER.fullmatch(text.strip().upper())
    return int(match[1]) * 4 + int(match[2]) - 1 if match else None


def quarter_label(index: int) -> str:
    return f"FY{index // 4}-Q{index % 4 + 1}"


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
    files = {path.stem: path for path in sorted(SEEDS_DIR.glob("*.csv"))}
    return files | dict(overrides or {})


def check_program(files: Mapping[str, Path] | None = None) -> None:
    """Raise ProgramConfigError listing every problem of the program files (default: the
    program's own seeds); return when they can be run."""
    files = program_files() if files is None else dict(files)
    problems: list[str] = []
    loaded: dict[str, list[Row]] = {}
    for name, rule in RULE_FILES.items():
        path = files.get(name)
        if path is None or not path.is_file():
            problems.append(f"{rule.file}: missing; the program needs it")
            continue
        header, rows = read_rows(path)
        missing = [c for c in rule.columns if c not in header]
        if missing:
            problems.append(
                f"{rule.file} line 1: no column {', '.join(missing)}; the file's columns are "
                + ", ".join(rule.columns)
            )
            continue
        problems += _check_rows(rule, rows)
        loaded[name] = rows
    domains = {
        name: _column_values(files, name, column)
        for name, column in (TIERS, PRODUCT_LINES, SEGMENTS)
    }
    for name, rows in loaded.items():
        problems += _check_keys(RULE_FILES[name], rows, domains)
    if "tier_thresholds" in loaded:
        problems += _check_tiers(loaded["tier_thresholds"])
    if problems:
        raise ProgramConfigError(problems)


def _column_values(files: Mapping[str, Path], name: str, column: str) -> set[str]:
    path = files.get(name)
    if path is None or not path.is_file():
        return set()
    _, rows = read_rows(path)
    return {row.values.get(column, "") for row in rows} - {""}


def _check_rows(rule: RuleFile, rows: list[Row]) -> list[str]:
    problems = []
    first_of: dict[tuple[tuple[str, ...], str], Row] = {}
    for row in rows:
        where = f"{rule.file} line {row.line}: {key_text(rule, row.key(rule))}"
        for column in rule.keys:
            if not row.values[column]:
                problems.append(f"{rule.file} line {row.line}: {column} is empty")
        effective_from = row.effective_from
        if effective_from and quarter_index(effective_from) is None:
            problems.append(
                f"{where}: effective_from {row.values[EFFECTIVE_FROM]!r} is not a fiscal"
                " quarter; write it like FY2028-Q1, or leave it empty (since the program began)"
            )
        else:
            earlier = first_of.setdefault((row.key(rule), effective_from), row)
            if earlier is not row:
                since = f"from {effective_from}" if effective_from else "since the program began"
                problems.append(
                    f"{where}: a second row in force {since} (line {earlier.line} is the first);"
                    " a key has one row per effective_from"
                )
        for value in rule.values:
            problems += _check_value(rule, row, value, where)
    return problems


def _check_value(rule: RuleFile, row: Row, value: Value, where: str) -> list[str]:
    text = row.values[value.column]
    if not text:
        return [] if value.optional else [f"{where}: {value.column} is empty"]
    if value.column in TEXT_VALUES:
        return []
    try:
        number = Decimal(text)
    except InvalidOperation:
        return [f"{where}: {value.column} {text!r} is not a number"]
    if not number.is_finite() or (value.integer and number != number.to_integral_value()):
        return [f"{where}: {value.column} is {text}; it must be {value.must}"]
    if not value.check(number):
        return [f"{where}: {value.column} is {text}; it must be {value.must}"]
    return []


def _check_keys(rule: RuleFile, rows: list[Row], domains: dict[str, set[str]]) -> list[str]:
    problems = []
    for (domain_file, column), known in zip(
        rule.key_domain, [domains[name] for name, _ in rule.key_domain], strict=True
    ):
        for row in rows:
            if row.values[column] and row.values[column] not in known:
                problems.append(
                    f"{rule.file} line {row.line}: {column} {row.values[column]} is not in"
                    f" {domain_file}.csv"
                )
    if rule.complete_over:
        present = {row.key(rule) for row in rows}
        needed: list[tuple[str, ...]] = [()]
        for name, _ in rule.complete_over:
            needed = [(*key, value) for key in needed for value in sorted(domains[name])]
        for key in needed:
            if key not in present:
                problems.append(
                    f"{rule.file}: no row for {key_text(rule, key)}; every quarter needs one"
                    " (a rate of 0 is written, never left out)"
                )
    return problems


def _check_tiers(rows: list[Row]) -> list[str]:
    """A tier keeps its rank; tiers have distinct ranks; in every quarter the thresholds in force
    rise strictly with the rank (a later rank needs more revenue)."""
    rule = RULE_FILES["tier_thresholds"]
    readable = [
        r for r in rows if _is_int(r.values["tier_rank"]) and _is_number(r.values["threshold_usd"])
    ]
    problems = []
    rank_of: dict[str, Row] = {}
    tier_of_rank: dict[int, Row] = {}
    for row in readable:
        tier, rank = row.values["tier"], int(row.values["tier_rank"])
        first = rank_of.setdefault(tier, row)
        if int(first.values["tier_rank"]) != rank:
            problems.append(
                f"{rule.file} line {row.line}: tier {tier}: rank {rank}, where line {first.line}"
                f" gives it rank {first.values['tier_rank']}; a tier keeps its rank"
            )
        holder = tier_of_rank.setdefault(rank, row)
        if holder.values["tier"] != tier:
            problems.append(
                f"{rule.file} line {row.line}: tier {tier}: rank {rank} is tier"
                f" {holder.values['tier']}'s (line {holder.line}); each tier has a rank of its own"
            )
    if problems:
        return problems
    dated = [
        r for r in readable if quarter_index(r.effective_from) is not None or not r.effective_from
    ]
    starts = sorted({_start(r) for r in dated})
    reported: set[tuple[int, int]] = set()
    for start in starts:
        in_force: dict[str, Row] = {}
        for row in sorted(dated, key=_start):
            if _start(row) <= start:
                in_force[row.values["tier"]] = row
        ranked = sorted(in_force.values(), key=lambda r: int(r.values["tier_rank"]))
        for lower, higher in zip(ranked, ranked[1:], strict=False):
            if Decimal(higher.values["threshold_usd"]) > Decimal(lower.values["threshold_usd"]):
                continue
            pair = (lower.line, higher.line)
            if pair in reported:
                continue
            reported.add(pair)
            since = (
                f"from {quarter_label(start)}" if start > _BEGINNING else "since the program began"
            )
            culprit = higher if _start(higher) == start else lower
            problems.append(
                f"{rule.file} line {culprit.line}: tier {culprit.values['tier']}: {since} the"
                f" threshold of {higher.values['tier']} (rank {higher.values['tier_rank']},"
                f" {higher.values['threshold_usd']}, line {higher.line}) is not above"
                f" {lower.values['tier']}'s (rank {lower.values['tier_rank']},"
                f" {lower.values['threshold_usd']}, line {lower.line}); thresholds rise with the"
                " tier rank in every quarter"
            )
    return problems


_BEGINNING = -1  # the quarter index of "since the program began", before every real one


def _start(row: Row) -> int:
    index = quarter_index(row.effective_from) if row.effective_from else None
    return _BEGINNING if index is None else index


def _is_int(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]+", text))


def _is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


GAP = re.compile(r"(?P<file>[a-z_]+)\.csv: no row in force in (?P<quarter>FY\d{4}-Q[1-4]) for ")


def locate_gap(message: str, files: Mapping[str, Path] | None = None) -> str | None:
    """dbt's message for a quarter without a rule in force, with the line of each key that starts
    too late (its earliest row) in that file; None when the message is no such gap."""
    match = GAP.search(message)
    if not match or match["file"] not in RULE_FILES:
        return None
    rule = RULE_FILES[match["file"]]
    path = (program_files() if files is None else dict(files)).get(rule.name)
    if path is None or not path.is_file():
        return None
    needed = quarter_index(match["quarter"])
    assert needed is not None
    _, rows = read_rows(path)
    earliest: dict[tuple[str, ...], Row] = {}
    for row in rows:
        if quarter_index(row.effective_from) is None and row.effective_from:
            continue
        kept = earliest.setdefault(row.key(rule), row)
        if _start(row) < _start(kept):
            earliest[row.key(rule)] = row
    late = [row for row in earliest.values() if _start(row) > needed]
    if not late:
        return None
    return "\n".join(
        f"{rule.file} line {row.line}: {key_text(rule, row.key(rule))}: no row in force in"
        f" {match['quarter']}, a quarter of the history that needs one: the key's first row is"
        f" effective from {row.effective_from}; make it start earlier, or add a row for the"
        " quarters before it"
        for row in sorted(late, key=lambda r: r.line)
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
        old = sorted((r for r in old_rows if r.key(rule) == key), key=_start)
        new = sorted((r for r in new_rows if r.key(rule) == key), key=_start)
        for start in sorted({_start(r) for r in old + new}):
            was, now = _in_force(old, start), _in_force(new, start)
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
                        quarter_label(start) if start > _BEGINNING else "since the program began",
                        _shown(before_text),
                        _shown(after_text),
                    )
                )
    return changes


def _in_force(rows: list[Row], start: int) -> Row | None:
    started = [row for row in rows if _start(row) <= start]
    return started[-1] if started else None


def _shown(text: str) -> str:
    """A number as written without trailing zeros (0.0250 -> 0.025), other text as it is."""
    return format(Decimal(text).normalize(), "f") if _is_number(text) else text


def _same(a: str, b: str) -> bool:
    if _is_number(a) and _is_number(b):
        return Decimal(a) == Decimal(b)
    return a == b
