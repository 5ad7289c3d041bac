"""The close register as a run reads it: checked before anything is built, then copied into the
run's raw folder as the tables of the dbt source `close_register` (typed Parquet, empty when no
quarter was ever closed), so that the models read it like any other input."""

import functools
from datetime import UTC, datetime
from pathlib import Path

import yaml

from dagster_project.closing.register import (
    CLOSED,
    RECORDED_RELATIONS,
    CloseRecord,
    closed_quarters,
    read_register,
)
from dagster_project.duckdb_connection import connect
from dagster_project.fiscal_calendar import quarter_index, quarter_index_of, quarter_label
from dagster_project.paths import DBT_DIR

CLOSES_TABLE = "quarter_closes"
REGISTER_TABLES = (CLOSES_TABLE, *(f"recorded_{relation}" for relation in RECORDED_RELATIONS))


class RunRefused(Exception):
    """The run cannot be built on this register: nothing is read, built or published."""


def checked_for_run(register: Path, as_of: datetime) -> list[CloseRecord]:
    """The register's records, each checked against its SHA-256 (RegisterCorrupt otherwise), for
    a run as of `as_of`; RunRefused when that run's open quarter is closed (overview: Closing a
    quarter)."""
    records = read_register(register)
    closed = closed_quarters(records)
    as_of_index = quarter_index_of(as_of.astimezone(UTC).date())
    if closed and as_of_index <= quarter_index(closed[-1]):
        raise RunRefused(
            f"the run's as-of quarter {quarter_label(as_of_index)} is closed (closed up to "
            f"{closed[-1]}, register {register}): a closed quarter cannot be open. Run as of a "
            f"time after {closed[-1]}, or reopen it (channel-ledger close --reopen)."
        )
    return records


def write_register_tables(records: list[CloseRecord], raw_dir: Path) -> None:
    raw_dir.mkdir(parents=True, exist_ok=True)
    with connect() as con:
        con.execute(
            """create table closes (
                close_sequence integer, fiscal_quarter varchar, action varchar,
                closed_by varchar, closed_at timestamp, reason varchar,
                figures_as_of timestamp, ledger_lines bigint,
                ledger_total_usd decimal(18, 2), sha256 varchar)"""
        )
        for r in records:
            con.execute(
                "insert into closes values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    r.sequence, r.fiscal_quarter, r.action, r.by, _utc(r.at), r.reason,
                    _utc(r.figures_as_of), r.ledger_lines, r.ledger_total_usd, r.sha256,
                ],
            )  # fmt: skip
        con.execute("copy closes to ? (format parquet)", [str(raw_dir / f"{CLOSES_TABLE}.parquet")])
        closes = [r for r in records if r.action == CLOSED]
        for relation in RECORDED_RELATIONS:
            columns = mart_columns(relation)
            typed = ", ".join(f"cast({_quote(n)} as {t}) as {_quote(n)}" for n, t in columns)
            parts = [
                "select cast(null as integer) as close_sequence, "
                + ", ".join(f"cast(null as {t}) as {_quote(n)}" for n, t in columns)
                + " where false"
            ] + [
                f"select {r.sequence} as close_sequence, * "
                f"from read_parquet('{_literal(r.relation_file(relation))}')"
                for r in closes
                # A relation recorded only from a later version on: the older closes hold none.
                if r.relation_file(relation).is_file()
            ]
            target = raw_dir / f"recorded_{relation}.parquet"
            con.execute(
                f"copy (select close_sequence, {typed} from ("
                + " union all by name ".join(parts)
                + ")) to ? (format parquet)",
                [str(target)],
            )


def mart_columns(relation: str) -> list[tuple[str, str]]:
    """A mart's columns and SQL types, from its contract (dbt/models/marts/**/_*.yml): the
    schema of its recorded rows, also when no quarter was ever closed."""
    try:
        return _mart_contracts()[relation]
    except KeyError:
        raise KeyError(f"no contract for mart {relation}") from None


@functools.cache
def _mart_contracts() -> dict[str, list[tuple[str, str]]]:
    """Every mart's columns and SQL types, the YAML read once (with libyaml's parser where it
    is installed: the Python one takes a second for these files)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    contracts = {}
    for path in sorted((DBT_DIR / "models" / "marts").rglob("_*.yml")):
        for model in (yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}).get(
            "models", []
        ):
            contracts[model["name"]] = [
                (c["name"], c["data_type"].replace("string", "varchar")) for c in model["columns"]
            ]
    return contracts


def _utc(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text).astimezone(UTC).replace(tzinfo=None)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")
