"""The program files checked before anything is built (overview: Rules over time): each problem with
its file, line and key. What dbt could only get wrong or stop on half-way is refused here: a quarter
that is no quarter, two rows of one key from the same quarter, a value out of its range, a tier
whose rank moves, thresholds that do not rise with the rank in some quarter, a key that has no row
at all. Whether a key has a row in force in every quarter that needs it depends on the data (the
history's first quarter): dbt's test `rule_in_force` decides that, and `locate_gap` adds the line to
its message. A run checks its program files (`check_program`), a what-if its scenario's.
"""

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dagster_project.fiscal_calendar import QUARTER_TEXT, quarter_index, quarter_label
from dagster_project.program.files import (
    BEGINNING,
    EFFECTIVE_FROM,
    PRODUCT_LINES,
    RULE_FILES,
    SEGMENTS,
    TEXT_VALUES,
    TIERS,
    Row,
    RuleFile,
    Value,
    folder_files,
    is_number,
    is_whole_number,
    key_text,
    program_files,
    read_rows,
    start_index,
)


class ProgramConfigError(Exception):
    """Program files that cannot be run, each problem with its file, line and key."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "the program configuration has errors; nothing was built:\n"
            + "\n".join(f"  {p}" for p in problems)
        )


def check_program_folder(folder: Path) -> dict[str, Path]:
    """The CSV files of a folder that replace shipped program files of their name (a run's
    `--program`, a what-if's scenario), by name; refused, naming the file, when its name or its
    columns are no program file's."""
    if not folder.is_dir():
        raise ProgramConfigError([f"{folder}: not a folder of program files"])
    shipped = program_files()
    files = folder_files(folder)
    for name, path in files.items():
        if name not in shipped:
            raise ProgramConfigError(
                [
                    f"{path.name}: no program file has this name; a folder of program files"
                    " replaces some of " + ", ".join(f"{known}.csv" for known in shipped)
                ]
            )
        columns, expected = read_rows(path)[0], read_rows(shipped[name])[0]
        if sorted(columns) != sorted(expected):
            raise ProgramConfigError(
                [
                    f"{path.name}: columns {', '.join(columns)}; the program's file has "
                    + ", ".join(expected)
                ]
            )
    return files


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
    fits = number.is_finite() and value.check(number)
    if not fits or (value.integer and number != number.to_integral_value()):
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
        r
        for r in rows
        if is_whole_number(r.values["tier_rank"]) and is_number(r.values["threshold_usd"])
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
    starts = sorted({start_index(r) for r in dated})
    reported: set[tuple[int, int]] = set()
    for start in starts:
        in_force: dict[str, Row] = {}
        for row in sorted(dated, key=start_index):
            if start_index(row) <= start:
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
                f"from {quarter_label(start)}" if start > BEGINNING else "since the program began"
            )
            culprit = higher if start_index(higher) == start else lower
            problems.append(
                f"{rule.file} line {culprit.line}: tier {culprit.values['tier']}: {since} the"
                f" threshold of {higher.values['tier']} (rank {higher.values['tier_rank']},"
                f" {higher.values['threshold_usd']}, line {higher.line}) is not above"
                f" {lower.values['tier']}'s (rank {lower.values['tier_rank']},"
                f" {lower.values['threshold_usd']}, line {lower.line}); thresholds rise with the"
                " tier rank in every quarter"
            )
    return problems


GAP = re.compile(rf"(?P<file>[a-z_]+)\.csv: no row in force in (?P<quarter>{QUARTER_TEXT}) for ")


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
        if start_index(row) < start_index(kept):
            earliest[row.key(rule)] = row
    late = [row for row in earliest.values() if start_index(row) > needed]
    if not late:
        return None
    return "\n".join(
        f"{rule.file} line {row.line}: {key_text(rule, row.key(rule))}: no row in force in"
        f" {match['quarter']}, a quarter of the history that needs one: the key's first row is"
        f" effective from {row.effective_from}; make it start earlier, or add a row for the"
        " quarters before it"
        for row in sorted(late, key=lambda r: r.line)
    )
