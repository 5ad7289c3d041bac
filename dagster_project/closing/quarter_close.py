"""Closing and reopening a quarter (overview: Closing a quarter): `channel-ledger close`, and the
Dagster job `close_quarter`. A close records the quarter's rows of the published warehouse in the
close register; a reopening records who reopened it and why. Anything the spec does not allow is
refused with its reason, and nothing changes."""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dagster_project.closing.register import (
    CLOSED,
    RECORDED_RELATIONS,
    REOPENED,
    CloseRecord,
    RegisterCorrupt,
    append_record,
    closed_quarters,
    read_register,
)
from dagster_project.duckdb_connection import connect
from dagster_project.fiscal_calendar import quarter_index
from dagster_project.warehouse_lock import WarehouseBusy, hold_warehouse


class CloseRefused(Exception):
    """The close or reopening is not allowed; the register was not changed."""


@dataclass(frozen=True)
class PublishedQuarters:
    """What the published warehouse says of the program's quarters."""

    as_of_utc: datetime
    quarters: list[str]  # history start .. the as-of quarter, in order
    as_of_quarter: str


def close_quarter(warehouse: Path, register: Path, quarter: str, by: str) -> CloseRecord:
    """Close `quarter`: record its rows of the published warehouse in the register."""
    _check_quarter_text(quarter)
    _check_by(by)
    if not warehouse.is_file():
        raise CloseRefused(f"no published warehouse at {warehouse}: run the pipeline first")
    with _holding(warehouse, f"close {quarter}"):
        records = _records(register)
        closed = closed_quarters(records)
        published = _published_quarters(warehouse)
        if quarter in closed:
            record = next(r for r in reversed(records) if r.fiscal_quarter == quarter)
            raise CloseRefused(f"{quarter} is already closed (by {record.by} at {record.at})")
        if quarter_index(quarter) >= quarter_index(published.as_of_quarter):
            raise CloseRefused(
                f"{quarter} is not over at the warehouse's as-of time "
                f"{published.as_of_utc.isoformat()} ({published.as_of_quarter} is open): run the "
                "pipeline as of a later time first"
            )
        if quarter not in published.quarters:
            raise CloseRefused(
                f"{quarter} is not a quarter of the program's history "
                f"({published.quarters[0]} to {published.quarters[-1]})"
            )
        expected = _next_to_close(closed, published.quarters)
        if quarter != expected:
            raise CloseRefused(
                f"quarters close in order, from the first quarter of the history: close "
                f"{expected} before {quarter}"
            )
        with connect(warehouse, read_only=True) as con:
            lines, total = con.execute(
                "select count(*), coalesce(sum(amount_usd), 0) from marts.rebate_ledger "
                "where fiscal_quarter = ?",
                [quarter],
            ).fetchone()

            def write_relations(folder: Path) -> None:
                for relation in RECORDED_RELATIONS:
                    target = str(folder / f"{relation}.parquet").replace("'", "''")
                    con.execute(
                        f"copy (select * from marts.{relation} where fiscal_quarter = "
                        f"'{quarter}' order by all) to '{target}' (format parquet)"
                    )

            return append_record(
                register,
                records,
                {
                    "fiscal_quarter": quarter,
                    "action": CLOSED,
                    "by": by.strip(),
                    "at": _now(),
                    "reason": None,
                    "figures_as_of": published.as_of_utc.isoformat(),
                    "ledger_lines": lines,
                    "ledger_total_usd": str(total),
                },
                write_relations,
            )


def reopen_quarter(
    warehouse: Path, register: Path, quarter: str, by: str, reason: str
) -> CloseRecord:
    """Reopen `quarter`, the last closed: its figures are computed again from the next run on."""
    _check_quarter_text(quarter)
    _check_by(by)
    if not reason or not reason.strip():
        raise CloseRefused("a reopening needs its reason (--reason TEXT)")
    with _holding(warehouse, f"reopen {quarter}"):
        records = _records(register)
        closed = closed_quarters(records)
        if not closed:
            raise CloseRefused(f"no quarter is closed: {quarter} cannot be reopened")
        if quarter != closed[-1]:
            raise CloseRefused(
                f"only the last closed quarter can be reopened: {closed[-1]}, not {quarter}"
            )
        return append_record(
            register,
            records,
            {
                "fiscal_quarter": quarter,
                "action": REOPENED,
                "by": by.strip(),
                "at": _now(),
                "reason": " ".join(reason.split()),
                "figures_as_of": None,
                "ledger_lines": None,
                "ledger_total_usd": None,
            },
        )


def _next_to_close(closed: list[str], quarters: list[str]) -> str:
    if not closed:
        return quarters[0]
    following = quarter_index(closed[-1]) + 1
    return next((q for q in quarters if quarter_index(q) == following), quarters[-1])


def _published_quarters(warehouse: Path) -> PublishedQuarters:
    with connect(warehouse, read_only=True) as con:
        rows = con.execute(
            "select fiscal_quarter, is_open, as_of_utc from marts.program_quarters"
        ).fetchall()
    if not rows:
        raise CloseRefused(f"the warehouse {warehouse} holds no quarter of history yet")
    rows.sort(key=lambda row: quarter_index(row[0]) or 0)
    as_of = rows[0][2].replace(tzinfo=UTC)
    open_quarter = next(row[0] for row in rows if row[1])
    return PublishedQuarters(as_of, [row[0] for row in rows], open_quarter)


def _records(register: Path) -> list[CloseRecord]:
    try:
        return read_register(register)
    except RegisterCorrupt as exc:
        raise CloseRefused(str(exc)) from exc


@contextmanager
def _holding(warehouse: Path, what: str) -> Iterator[None]:
    """The warehouse's lock: no run publishes while a close reads the warehouse or appends."""
    with ExitStack() as stack:
        try:
            stack.enter_context(hold_warehouse(warehouse, what))
        except WarehouseBusy as exc:
            raise CloseRefused(str(exc)) from exc
        yield


def _check_quarter_text(quarter: str) -> None:
    if quarter_index(quarter) is None:
        raise CloseRefused(f"{quarter!r} is not a fiscal quarter (FY2027-Q1)")


def _check_by(by: str) -> None:
    if not by or not by.strip():
        raise CloseRefused("who closes or reopens must be named (--by NAME)")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
