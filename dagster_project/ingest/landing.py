"""Land a whole landing folder: every source to typed Parquet in a raw dir, nothing lost.

The raw dir holds `<source>.parquet` for each master file and feed, `sell_through_lines/` with one
part per report file, `landing_files.parquet` (every file seen, loaded or rejected, with its
checksum) and `run_context.parquet` (the run's as-of instant). The models read only these.
`landed_entries.json` says which ingestion-cache entry each Parquet file is: what the landing
checks key the validation results they keep on.
"""

import json
import shutil
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from dagster_project.duckdb_connection import connect
from dagster_project.faults import crash_point
from dagster_project.ingest.cache import IngestCache, entry_key, link_or_copy
from dagster_project.ingest.contract import SELL_THROUGH, SOURCES, Source
from dagster_project.ingest.mappings import CANONICAL, ReportFormat, load_report_formats
from dagster_project.ingest.reader import (
    BatchFile,
    Rejection,
    ReportBatch,
    entry_parquet,
    scan_file,
    write_empty,
)

SELL_THROUGH_DIR = "sell_through"
LANDED_ENTRIES = "landed_entries.json"
LINEAGE = ("source_file", "file_checksum")
SELL_THROUGH_LINEAGE = ("distributor_id", *LINEAGE)
# Batches landed at once (each file read by one DuckDB thread): one per core.
READERS = 2
# CSV bytes per batch: its text and typed tables, a few times this, spill past the memory limit;
# small enough that two threads share a vendor's uneven distributors evenly.
BATCH_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class LandedFile:
    source: str | None  # None for an ignored file
    source_file: str  # landing-relative, `/`-separated
    distributor_id: str | None
    file_checksum: str | None  # None for an ignored file (not read)
    lines: int
    rejection: Rejection | None = None
    cached: bool = False  # reused from the ingestion cache, not read again
    ignored: bool = False  # not a landing file: not read, reported (rejection says why)
    part: str | None = None  # its rows, raw-dir relative; None when rejected, empty or ignored
    entry: str | None = None  # the ingestion-cache entry those rows are


@dataclass
class LandingReport:
    raw_dir: Path
    files: list[LandedFile] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # optional feeds absent: empty

    def lines(self, source: str) -> int:
        return sum(f.lines for f in self.files if f.source == source and f.rejection is None)

    def rejected(self) -> list[LandedFile]:
        return [f for f in self.files if f.rejection is not None and not f.ignored]

    def ignored(self) -> list[LandedFile]:
        return [f for f in self.files if f.ignored]

    def read(self) -> list[LandedFile]:
        """The files read this run (the others came from the cache)."""
        return [f for f in self.files if not f.cached]


class RequiredFileError(Exception):
    """A required master file is missing or unreadable: the run must stop, the warehouse stays."""


def _is_report(path: Path) -> bool:
    """A report: a file whose name ends in `.csv` in any case (overview: The landing folder)."""
    return path.is_file() and path.suffix.lower() == ".csv"


def sell_through_files(landing: Path) -> Iterator[tuple[str, Path]]:
    """(distributor_id, path) of every report. Their order of application is the models' (file
    names in code-point order within a distributor); this order only makes the parts stable."""
    root = landing / SELL_THROUGH_DIR
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name):
        for path in sorted((p for p in folder.iterdir() if _is_report(p)), key=lambda p: p.name):
            yield folder.name, path


def ignored_files(landing: Path) -> Iterator[tuple[str, Rejection]]:
    """(landing-relative path, why) of everything in the landing folder that is not read: never
    dropped silently (overview: The landing folder). A folder is reported once, with what it
    holds."""
    known = {source.file for source in SOURCES}

    def rel(path: Path) -> str:
        return path.relative_to(landing).as_posix() + ("/" if path.is_dir() else "")

    for path in sorted(landing.iterdir(), key=lambda p: p.name):
        if path.name == SELL_THROUGH_DIR and path.is_dir():
            continue
        if path.name not in known or not path.is_file():
            yield (
                rel(path),
                Rejection(
                    "NOT_A_LANDING_FILE",
                    "not a file of the landing contract (overview: The landing folder): "
                    + ", ".join(sorted(known))
                    + f" and {SELL_THROUGH_DIR}/<distributor>/*.csv",
                ),
            )
    root = landing / SELL_THROUGH_DIR
    if not root.is_dir():
        return
    for path in sorted(root.iterdir(), key=lambda p: p.name):
        if not path.is_dir():
            yield (
                rel(path),
                Rejection(
                    "NOT_IN_A_DISTRIBUTOR_FOLDER",
                    f"reports go in {SELL_THROUGH_DIR}/<distributor_id>/ (the sender's folder)",
                ),
            )
            continue
        for inner in sorted(path.iterdir(), key=lambda p: p.name):
            if inner.is_dir():
                yield (
                    rel(inner),
                    Rejection(
                        "SUBFOLDER", "a distributor's reports are the files directly in its folder"
                    ),
                )
            elif not _is_report(inner):
                yield (
                    rel(inner),
                    Rejection("NOT_A_REPORT", "a report's name ends in .csv (in any case)"),
                )


def land_folder(
    landing: Path,
    raw_dir: Path,
    as_of: datetime,
    formats: dict[str, ReportFormat] | None = None,
    cache_dir: Path | None = None,
    memory_limit: str | None = None,
) -> LandingReport:
    """Land every file of `landing` into `raw_dir`, reusing the typed Parquet of files that did
    not change since an earlier run with the same `cache_dir` (none: every file is read), with
    DuckDB held to `memory_limit` (none: the limit in force). Raises RequiredFileError for a broken
    master file."""
    if not landing.is_dir():
        raise RequiredFileError(f"landing folder {landing} does not exist")
    formats = load_report_formats() if formats is None else formats
    raw_dir.mkdir(parents=True, exist_ok=True)
    report = LandingReport(raw_dir)
    cache = IngestCache(cache_dir or raw_dir / "_cache")
    con = connect(limit=memory_limit, spill_dir=raw_dir.with_name("landing.tmp"))
    try:
        _land_sources(con, landing, raw_dir, cache, report)
        crash_point("landing")
        _land_sell_through(con, landing, raw_dir, cache, formats, report)
        report.files.extend(
            LandedFile(None, rel, None, None, 0, why, ignored=True)
            for rel, why in ignored_files(landing)
        )
        _write_landing_files(con, raw_dir, report)
        _write_landed_entries(raw_dir, report)
        con.execute(
            "COPY (SELECT CAST(? AS TIMESTAMP) AS as_of_utc) TO ? (FORMAT parquet)",
            [as_of.replace(tzinfo=None), str(raw_dir / "run_context.parquet")],
        )
    finally:
        con.close()
    if cache_dir is None:
        shutil.rmtree(cache.root, ignore_errors=True)
    else:
        cache.drop_unused()
    return report


@dataclass(frozen=True)
class _Request:
    """A landing file to land as one of `source`'s files, and where its rows go in the raw dir."""

    path: Path
    rel: str
    distributor_id: str | None
    raw_dir: Path
    part: str  # raw-dir relative

    @property
    def out(self) -> Path:
        return self.raw_dir / self.part


def _land_sources(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    raw_dir: Path,
    cache: IngestCache,
    report: LandingReport,
) -> None:
    broken: list[str] = []
    for source in SOURCES:
        path = landing / source.file
        out = raw_dir / f"{source.name}.parquet"
        if path.is_file():
            request = _Request(path, source.file, None, raw_dir, out.name)
            (landed,) = _land(con, cache, source, CANONICAL, [request])
            report.files.append(landed)
            if landed.rejection is not None and source.master:
                broken.append(f"{source.file} cannot be read: {landed.rejection.detail}")
        else:
            report.missing.append(source.file)
            if source.master:
                broken.append(f"{source.file} is missing from {landing}")
        if not out.exists():  # absent, rejected or no line: the models still read a schema
            write_empty(con, source, LINEAGE, out)
    if broken:
        raise RequiredFileError(
            "required master file(s) broken, the warehouse was left as it was:\n  - "
            + "\n  - ".join(broken)
        )


def _land(
    con: duckdb.DuckDBPyConnection,
    cache: IngestCache,
    source: Source,
    fmt: ReportFormat,
    requests: list[_Request],
) -> list[LandedFile]:
    """Land files of one source and format through the cache: the files no entry matches are
    read in one batch, then every file's Parquet is linked to where the request wants it."""
    scans = [scan_file(r.path) for r in requests]
    checksums = [scan.checksum for scan in scans]
    keys = [entry_key(r.rel, c, source, fmt) for r, c in zip(requests, checksums, strict=True)]
    found = [cache.get(key) for key in keys]
    entries = list(found)
    missing = [i for i, entry in enumerate(found) if entry is None]
    if missing:
        batch = ReportBatch(con, source, fmt)
        for i in missing:
            lineage = {"source_file": requests[i].rel, "file_checksum": checksums[i]}
            if requests[i].distributor_id is not None:
                lineage = {"distributor_id": requests[i].distributor_id, **lineage}
            batch.append(BatchFile(requests[i].path, lineage, keys[i], scans[i]))
        staging = cache.root / f"batch-{uuid.uuid4().hex}"
        batch.write(staging)
        for i, file in zip(missing, batch.files, strict=True):
            written = entry_parquet(staging, file.entry)
            parquet = written if written.exists() else None
            entries[i] = cache.put(file.entry, file.lines, file.rejection, parquet)
        shutil.rmtree(staging, ignore_errors=True)
    landed = []
    for i, (request, entry) in enumerate(zip(requests, entries, strict=True)):
        assert entry is not None  # found, or put just above
        part = None
        if entry.parquet is not None:
            link_or_copy(entry.parquet, request.out)
            part = request.part
        landed.append(
            LandedFile(
                source.name,
                request.rel,
                request.distributor_id,
                checksums[i],
                entry.lines,
                entry.rejection,
                cached=found[i] is not None,
                part=part,
                entry=keys[i] if part is not None else None,
            )
        )
    return landed


def _batches(requests: list[_Request]) -> list[list[_Request]]:
    """A distributor's reports in batches of at most BATCH_BYTES of CSV: one batch's text table
    is held in memory (spilling past the limit), two batches are landed at once."""
    batches: list[list[_Request]] = []
    size = 0
    for request in requests:
        file_size = request.path.stat().st_size
        same = batches and batches[-1][0].distributor_id == request.distributor_id
        if not same or size + file_size > BATCH_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(request)
        size += file_size
    return batches


def _land_sell_through(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    raw_dir: Path,
    cache: IngestCache,
    formats: dict[str, ReportFormat],
    report: LandingReport,
) -> None:
    """Land the reports in batches, two at a time: DuckDB reads a CSV with one thread."""
    parts = raw_dir / SELL_THROUGH.name
    parts.mkdir(exist_ok=True)
    requests = [
        _Request(
            path,
            path.relative_to(landing).as_posix(),
            distributor,
            raw_dir,
            f"{parts.name}/part-{n:06d}.parquet",
        )
        for n, (distributor, path) in enumerate(sell_through_files(landing), start=1)
    ]
    local = threading.local()
    cursors: list[duckdb.DuckDBPyConnection] = []

    def land(batch: list[_Request]) -> list[LandedFile]:
        if not hasattr(local, "cursor"):  # one connection per thread: its own temp tables
            local.cursor = con.cursor()
            cursors.append(local.cursor)
        fmt = formats.get(batch[0].distributor_id or "", CANONICAL)
        return _land(local.cursor, cache, SELL_THROUGH, fmt, batch)

    with ThreadPoolExecutor(max_workers=READERS) as pool:
        for landed in pool.map(land, _batches(requests)):
            report.files.extend(landed)
    for cursor in cursors:
        cursor.close()
    # With no report at all, an empty part gives the models the schema. Only then: DuckDB
    # estimates a Parquet glob's rows from its first file, and an empty first file makes it
    # take millions of lines for none, build its join hash tables on them and run out of memory.
    if not any(parts.iterdir()):
        write_empty(con, SELL_THROUGH, SELL_THROUGH_LINEAGE, parts / "part-000000.parquet")


def _write_landing_files(
    con: duckdb.DuckDBPyConnection, raw_dir: Path, report: LandingReport
) -> None:
    rows = [
        (
            f.source,
            f.source_file,
            f.distributor_id,
            f.file_checksum,
            f.lines,
            "IGNORED" if f.ignored else "REJECTED" if f.rejection else "LOADED",
            f.rejection.reason if f.rejection else None,
            f.rejection.detail if f.rejection else None,
        )
        for f in report.files
    ]
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _files (source VARCHAR, source_file VARCHAR,
        distributor_id VARCHAR, file_checksum VARCHAR, lines BIGINT,
        status VARCHAR, reason VARCHAR, detail VARCHAR)"""
    )
    if rows:
        con.executemany("INSERT INTO _files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute(
        "COPY (SELECT * FROM _files ORDER BY source_file) TO ? (FORMAT parquet)",
        [str(raw_dir / "landing_files.parquet")],
    )


def _write_landed_entries(raw_dir: Path, report: LandingReport) -> None:
    entries = {f.part: f.entry for f in report.files if f.part is not None}
    (raw_dir / LANDED_ENTRIES).write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")


def landed_entries(raw_dir: Path) -> dict[Path, str]:
    """The ingestion-cache entry of each Parquet file of a raw dir landed by `land_folder`."""
    entries = json.loads((raw_dir / LANDED_ENTRIES).read_text(encoding="utf-8"))
    return {raw_dir / rel: key for rel, key in entries.items()}
