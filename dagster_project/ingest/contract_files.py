"""The files written from the landing contract (contract.py) and the program's seeds, so that each
column list and enumeration is said once:

- `dbt/models/staging/landing/_landing__sources.yml`: every landed source with its columns and
  the types ingestion writes (the reader's own schema);
- in each suite `expectations/<source>.json`, the critical expectations (what ingestion itself
  guarantees: the raw schema, the lineage columns; a suite's critical expectations are all
  written here) and every value set drawn from a seed (an expectation whose meta says
  `values_from: <seed>.<column>`).

    uv run python -m dagster_project.ingest.contract_files            # write them
    uv run python -m dagster_project.ingest.contract_files --check    # exit 1 naming stale ones

tests/test_contract_files.py runs the check: a contract, seed or suite edit without writing them
again fails the suite.
"""

import argparse
import csv
import functools
import json
import re
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dagster_project.ingest.contract import PARSED_KINDS, SELL_THROUGH, SOURCES, Kind, Source
from dagster_project.ingest.landing import LINEAGE, SELL_THROUGH_LINEAGE
from dagster_project.ingest.reader import raw_schema
from dagster_project.paths import DBT_DIR, EXPECTATIONS_DIR, SEEDS_DIR

SOURCES_FILE = DBT_DIR / "models" / "staging" / "landing" / "_landing__sources.yml"

_LINEAGE_WORDS = {
    "distributor_id": "The distributor whose folder the report is in.",
    "source_file": "The landed file the line was read from, relative to the landing folder.",
    "line_number": "The line's physical line number in its file (the header is line 1).",
    "file_checksum": "The SHA-256 of the file's bytes.",
}
_KIND_WORDS = {
    Kind.ID: "As sent, trimmed (matched exactly)",
    Kind.TEXT: "As sent, trimmed",
    Kind.ENUM: "As sent, trimmed and in upper case (matched case-insensitively)",
    Kind.LOWER: "As sent, trimmed and in lower case",
    Kind.DATE: "Read as a date, YYYY-MM-DD",
    Kind.MONTH: "Read as a month, YYYY-MM: the date of its first day",
    Kind.TIMESTAMP: "Read as an ISO 8601 instant (no offset: UTC), in UTC",
    Kind.INTEGER: "Read as a whole number",
    Kind.PRICE: "Read as a plain decimal",
    Kind.RATE: "Read as a plain decimal",
    Kind.BOOLEAN: "Read as true or false",
}
_SOURCE_HEADER = """\
version: 2

# Written by dagster_project/ingest/contract_files.py from the landing contract
# (dagster_project/ingest/contract.py): edit those, then run it. Typed Parquet written by ingestion,
# one file per landed source; the pipeline sets CHANNEL_LEDGER_RAW_DIR to the run's raw dir. Models
# read the landing only here. One entry serves both engines: dbt-duckdb reads `external_location`;
# Spark reads the Parquet path given as identifier in its `parquet` schema
# (parquet.`/path/file.parquet`).
sources:
  - name: landing
    description: The landing folder of one run, read and typed by ingestion.
    schema: parquet
    quoting: {identifier: true}
    meta:
      external_location: "{{ env_var('CHANNEL_LEDGER_RAW_DIR', 'target/raw') }}/{name}.parquet"
    tables:
"""
# Ingestion's own tables, beside the landed sources.
_RUN_TABLES = """\
      - name: landing_files
        identifier: "{{ env_var('CHANNEL_LEDGER_RAW_DIR', 'target/raw') }}/landing_files.parquet"
        description: Every landing file seen by the run, loaded or rejected, with its checksum.
      - name: run_context
        identifier: "{{ env_var('CHANNEL_LEDGER_RAW_DIR', 'target/raw') }}/run_context.parquet"
        description: One row, the run's as-of instant in UTC.
"""


def lineage_of(source: Source) -> tuple[str, ...]:
    """The lineage columns ingestion adds to a source's rows (besides line_number)."""
    return SELL_THROUGH_LINEAGE if source.name == SELL_THROUGH.name else LINEAGE


@functools.cache  # a DuckDB connection each: the sources file and the suites both need them
def raw_columns(source: Source) -> dict[str, str]:
    """The raw table's columns and DuckDB types, in the order ingestion writes them."""
    return raw_schema(source, lineage_of(source))


# --- dbt sources ---------------------------------------------------------------------------------


def sources_yaml() -> str:
    tables = "".join(_table_yaml(source) for source in (*SOURCES, SELL_THROUGH))
    return _SOURCE_HEADER + tables + _RUN_TABLES


def _table_yaml(source: Source) -> str:
    raw = "{{ env_var('CHANNEL_LEDGER_RAW_DIR', 'target/raw') }}"
    lines = [f"      - name: {source.name}"]
    if source.name == SELL_THROUGH.name:
        lines += [
            f'        identifier: "{raw}/{source.name}/"',
            f"        description: {_yaml_text(source.description)}",
            "        meta:",
            f'          external_location: "{raw}/{source.name}/*.parquet"',
        ]
    else:
        lines += [
            f'        identifier: "{raw}/{source.name}.parquet"',
            f"        description: {_yaml_text(source.description)}",
        ]
    lines.append("        columns:")
    for name, data_type in raw_columns(source).items():
        lines += [
            f"          - name: {name}",
            f"            data_type: {data_type.lower()}",
            f"            description: {_yaml_text(_column_words(source, name))}",
        ]
    return "\n".join(lines) + "\n"


def _column_words(source: Source, name: str) -> str:
    if name in _LINEAGE_WORDS:
        return _LINEAGE_WORDS[name]
    columns = {column.name: column for column in source.columns}
    if name.endswith("_text") and name.removesuffix("_text") in columns:
        sent = columns[name.removesuffix("_text")]
        return f"{sent.name} as sent, trimmed (empty: null), beside its typed value."
    column = columns[name]
    words = _KIND_WORDS[column.kind]
    if column.kind in PARSED_KINDS:
        words += f"; null when {column.name}_text is not one"
    return words + (f"; a required column of {source.file}." if column.required else ".")


def _yaml_text(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


# --- Great Expectations suites -------------------------------------------------------------------


def suite_json(source: Source, current: dict[str, Any], seeds: Path = SEEDS_DIR) -> str:
    """The suite `current` with its generated expectations written again: the critical ones
    first, then the suite's own, each value set drawn from its seed."""
    own = [e for e in current["expectations"] if e.get("severity") != "critical"]
    expectations = [*_critical(source), *(_with_seed_values(e, seeds) for e in own)]
    return json.dumps({**current, "expectations": expectations}, indent=2, sort_keys=True)


def _critical(source: Source) -> list[dict[str, Any]]:
    columns = list(raw_columns(source))
    found = [
        _expectation(
            source,
            "expect_table_columns_to_match_set",
            {"column_set": columns, "exact_match": False},
            "The raw schema ingestion must write; extra columns are allowed. A missing column"
            " also makes the expectations on it fail as 'not evaluated'.",
        )
    ]
    for name in ("source_file", "line_number", "file_checksum", *lineage_of(source)[:-2]):
        found.append(
            _expectation(
                source,
                "expect_column_values_to_not_be_null",
                {"column": name},
                "Every landed line knows where it came from.",
            )
        )
    # A report's lines are many: their uniqueness is the grain test of the line outcomes.
    if source.name != SELL_THROUGH.name:
        found.append(
            _expectation(
                source,
                "expect_compound_columns_to_be_unique",
                {"column_list": ["source_file", "line_number"]},
                "Each landed line is written once: nothing lost, nothing doubled.",
            )
        )
    return found


def _expectation(source: Source, kind: str, kwargs: dict[str, Any], notes: str) -> dict[str, Any]:
    text = f"{source.name}:{kind}:{json.dumps(kwargs, sort_keys=True)}"
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, text)),
        "kwargs": kwargs,
        "meta": {},
        "notes": notes,
        "severity": "critical",
        "type": kind,
    }


def _with_seed_values(expectation: dict[str, Any], seeds: Path) -> dict[str, Any]:
    """A value set (or, for `;`-separated lists, the regex) from the seed column its meta names."""
    origin = (expectation.get("meta") or {}).get("values_from")
    if not origin:
        return expectation
    seed, column = origin.split(".")
    values = seed_values(seeds / f"{seed}.csv", column)
    kwargs = dict(expectation["kwargs"])
    if expectation["type"] == "expect_column_values_to_be_in_set":
        kwargs["value_set"] = values
    elif expectation["type"] == "expect_column_values_to_match_regex":
        one = "(" + "|".join(re.escape(value) for value in values) + ")"
        kwargs["regex"] = f"^{one}(\\s*;\\s*{one})*$"
    else:
        raise ValueError(f"values_from on {expectation['type']}: no value set to draw")
    return {**expectation, "kwargs": kwargs}


def seed_values(seed: Path, column: str) -> list[str]:
    """A seed column's distinct values, in the order the seed first gives them."""
    with seed.open(encoding="utf-8", newline="") as handle:
        return list(dict.fromkeys(row[column] for row in csv.DictReader(handle) if row[column]))


# --- writing and checking ------------------------------------------------------------------------


def written_files() -> dict[Path, str]:
    """Each generated file and the text it must hold."""
    files = {SOURCES_FILE: sources_yaml()}
    for source in (*SOURCES, SELL_THROUGH):
        path = EXPECTATIONS_DIR / f"{source.name}.json"
        files[path] = suite_json(source, json.loads(path.read_text(encoding="utf-8")))
    return files


def stale_files(files: Iterable[tuple[Path, str]] | None = None) -> list[Path]:
    pairs = files if files is not None else written_files().items()
    return [path for path, text in pairs if path.read_text(encoding="utf-8") != text]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    check = parser.parse_args().check
    files = written_files()
    stale = stale_files(files.items())
    for path in stale:
        if check:
            print(f"stale: {path} (run python -m dagster_project.ingest.contract_files)")
        else:
            path.write_text(files[path], encoding="utf-8")
            print(f"written: {path}")
    sys.exit(1 if check and stale else 0)


if __name__ == "__main__":
    main()
