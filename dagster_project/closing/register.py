"""The close register (overview: Closing a quarter): every close and reopening of a quarter, with
the closed quarter's figures as they were published. It is state, not derived data: a folder beside
the warehouse (`<warehouse>.closes/`, or CHANNEL_LEDGER_CLOSES) that no run rebuilds or rewrites and
to which a close appends. Deleting the warehouse loses nothing: a run from the landing folder and
this register gives the same figures.

Layout, readable without this code (DuckDB, pandas or `sha256sum` will do):

    0001-FY2026-Q3-CLOSED/          one folder per close or reopening, numbered in order
        close.json                  who, when, why, the figures' as-of, ledger lines and total,
                                    and the SHA-256 of the record before it
        rebate_ledger.parquet       (a close) the quarter's rows of the four relations of
        pending_rewards.parquet     section 12, and of those its statements show beside them
                                    (revenue by product line, adjustments), as published
        partner_tiers.parquet
        partner_statements.parquet
        partner_product_line_revenue.parquet
        ledger_adjustments.parquet
        SHA256SUMS                  `sha256sum -c SHA256SUMS` checks every file above
    0002-FY2026-Q3-REOPENED/
        close.json, SHA256SUMS

A record's hash is the SHA-256 of its SHA256SUMS; each record names its predecessor's, so an
edited file, an edited list or a record removed from the middle is found. A record is written in
a `.partial-*` folder, flushed to disk and renamed into place: a close killed half-way leaves the
register as it was (readers skip `.partial-*`; the next close removes it).
"""

import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from dagster_project.durability import fsync
from dagster_project.faults import crash_point
from dagster_project.fiscal_calendar import QUARTER_TEXT

CLOSED = "CLOSED"
REOPENED = "REOPENED"
RECORD_FILE = "close.json"
SUMS_FILE = "SHA256SUMS"
# The relations a close records (overview: Closing a quarter), and what its statements show beside
# them.
RECORDED_RELATIONS = (
    "rebate_ledger",
    "pending_rewards",
    "partner_tiers",
    "partner_statements",
    "partner_product_line_revenue",
    "ledger_adjustments",
)
_FOLDER = re.compile(rf"(\d{{4}})-({QUARTER_TEXT})-(CLOSED|REOPENED)")
_PARTIAL_PREFIX = ".partial-"


class RegisterCorrupt(Exception):
    """A record no longer matches its hash, or the register's order is broken: no run may build
    on it, and no close may append to it."""


@dataclass(frozen=True)
class CloseRecord:
    sequence: int
    fiscal_quarter: str
    action: str  # CLOSED or REOPENED
    by: str
    at: str  # UTC, ISO 8601
    reason: str | None  # a reopening's
    figures_as_of: str | None  # a close's: the as-of time of the warehouse it recorded
    ledger_lines: int | None
    ledger_total_usd: Decimal | None
    previous_sha256: str | None
    sha256: str
    folder: Path

    def relation_file(self, relation: str) -> Path:
        return self.folder / f"{relation}.parquet"


def register_readme() -> str:
    """The register's own README: its layout in a few lines (from this module's description)."""
    return (__doc__ or "").strip() + "\n"


def read_register(register: Path) -> list[CloseRecord]:
    """Every record in order, each checked against its SHA-256 and its predecessor, and the
    order of closes and reopenings replayed; RegisterCorrupt naming the quarter otherwise."""
    records: list[CloseRecord] = []
    if not register.is_dir():
        return records
    folders = sorted(p for p in register.iterdir() if p.is_dir() and _FOLDER.fullmatch(p.name))
    for folder in folders:
        record = _read_record(folder, records[-1] if records else None)
        records.append(record)
    closed_quarters(records)  # the order is checked by replaying it
    return records


def closed_quarters(records: list[CloseRecord]) -> list[str]:
    """The quarters closed after every record: closes append in order, a reopening removes the
    last closed."""
    closed: list[str] = []
    for record in records:
        if record.action == CLOSED and record.fiscal_quarter not in closed:
            closed.append(record.fiscal_quarter)
        elif record.action == REOPENED and closed and closed[-1] == record.fiscal_quarter:
            closed.pop()
        else:
            raise RegisterCorrupt(
                f"close register {record.folder.parent}: record {record.folder.name} "
                f"{record.action.lower()} {record.fiscal_quarter} out of order (closed then: "
                f"{', '.join(closed) or 'none'})"
            )
    return closed


def active_closes(records: list[CloseRecord]) -> dict[str, CloseRecord]:
    """Each closed quarter's record in force: its latest close."""
    closed = set(closed_quarters(records))
    latest = {r.fiscal_quarter: r for r in records if r.action == CLOSED}
    return {quarter: record for quarter, record in latest.items() if quarter in closed}


def append_record(
    register: Path,
    records: list[CloseRecord],
    fields: dict[str, object],
    write_relations: Callable[[Path], None] | None = None,
) -> CloseRecord:
    """Append one record: `fields` for close.json, `write_relations(folder)` writes the Parquet
    files of a close. Crash-safe: written in a partial folder, flushed, renamed into place."""
    register.mkdir(parents=True, exist_ok=True)
    readme = register / "README.txt"
    if not readme.exists():
        readme.write_text(register_readme(), encoding="utf-8")
    for partial in register.glob(f"{_PARTIAL_PREFIX}*"):
        shutil.rmtree(partial, ignore_errors=True)  # a close that died half-way
    sequence = records[-1].sequence + 1 if records else 1
    previous = records[-1].sha256 if records else None
    name = f"{sequence:04d}-{fields['fiscal_quarter']}-{fields['action']}"
    partial = register / f"{_PARTIAL_PREFIX}{uuid.uuid4().hex}"
    partial.mkdir()
    if write_relations is not None:
        write_relations(partial)
    document = {"sequence": sequence, **fields, "previous_sha256": previous}
    (partial / RECORD_FILE).write_text(json.dumps(document, indent=2, default=str) + "\n")
    sums = "".join(
        f"{_file_sha256(path)}  {path.name}\n"
        for path in sorted(partial.iterdir())
        if path.name != SUMS_FILE
    )
    (partial / SUMS_FILE).write_text(sums, encoding="utf-8")
    for path in partial.iterdir():
        fsync(path)
    fsync(partial)
    crash_point("close")
    os.rename(partial, register / name)
    fsync(register)
    return _read_record(register / name, records[-1] if records else None)


def _read_record(folder: Path, previous: CloseRecord | None) -> CloseRecord:
    match = _FOLDER.fullmatch(folder.name)
    assert match is not None
    quarter = match[2]

    def corrupt(why: str) -> RegisterCorrupt:
        return RegisterCorrupt(
            f"close register {folder.parent}: the record of {quarter} ({folder.name}) {why}; "
            "nothing was built or published. Restore the register from a backup: its records "
            "are the closed figures."
        )

    sums_path = folder / SUMS_FILE
    if not sums_path.is_file():
        raise corrupt(f"has no {SUMS_FILE}")
    sums_text = sums_path.read_text(encoding="utf-8")
    listed = {}
    for line in sums_text.splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    present = {p.name for p in folder.iterdir()} - {SUMS_FILE}
    if present != set(listed):
        raise corrupt(
            f"holds other files than its {SUMS_FILE} lists "
            f"(missing: {sorted(set(listed) - present)}, extra: {sorted(present - set(listed))})"
        )
    for name, digest in listed.items():
        if _file_sha256(folder / name) != digest:
            raise corrupt(f"does not match its SHA-256: {name} was changed")
    document = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
    sha256 = hashlib.sha256(sums_text.encode("utf-8")).hexdigest()
    expected_previous = previous.sha256 if previous else None
    if document.get("previous_sha256") != expected_previous:
        raise corrupt("does not follow the record before it (a record was changed or removed)")
    if (
        document.get("sequence") != int(match[1])
        or document.get("fiscal_quarter") != quarter
        or document.get("action") != match[3]
        or (previous is not None and document["sequence"] != previous.sequence + 1)
    ):
        raise corrupt("does not match its folder's name and number")
    total = document.get("ledger_total_usd")
    return CloseRecord(
        sequence=document["sequence"],
        fiscal_quarter=quarter,
        action=document["action"],
        by=document["by"],
        at=document["at"],
        reason=document.get("reason"),
        figures_as_of=document.get("figures_as_of"),
        ledger_lines=document.get("ledger_lines"),
        ledger_total_usd=Decimal(total) if total is not None else None,
        previous_sha256=document.get("previous_sha256"),
        sha256=sha256,
        folder=folder,
    )


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
