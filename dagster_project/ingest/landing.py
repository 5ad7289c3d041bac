"""Land a whole landing folder: every source to typed Parquet in a raw dir, nothing lost.

The raw dir holds `<source>.parquet` for each master file and feed, `sell_through_lines/` with one
part per report file, `landing_files.parquet` (every file seen, loaded or rejected, with its
checksum) and `run_context.parquet` (the run's as-of instant). The models read only these.
"""

import hashlib
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from dagster_project.ingest.cache import IngestCache, entry_key, link_or_copy
from dagster_project.ingest.contract import SELL_THROUGH, SOURCES, Source
from dagster_project.ingest.mappings import CANONICAL, ReportFormat, load_report_formats
from dagster_project.ingest.reader import FileRejected, Rejection, land_csv, write_empty

SELL_THROUGH_DIR = "sell_through"
LINEAGE = ("source_file", "file_checksum")
SELL_THROUGH_LINEAGE = ("distributor_id", *LINEAGE)
# Reports landed at once (each read by one DuckDB thread): one per core.
READERS = 2


@dataclass(frozen=True)
class LandedFile:
    source: str
    source_file: str  # landing-relative, `/`-separated
    distributor_id: str | None
    file_checksum: str
    lines: int
    rejection: Rejection | None = None
    cached: bool = False  # reused from the ingestion cache, not read again


@dataclass
class LandingReport:
    raw_dir: Path
    files: list[LandedFile] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # optional feeds absent: empty

    def lines(self, source: str) -> int:
        return sum(f.lines for f in self.files if f.source == source and f.rejection is None)

    def rejected(self) -> list[LandedFile]:
        return [f for f in self.files if f.rejection is not None]

    def read(self) -> list[LandedFile]:
        """The files read this run (the others came from the cache)."""
        return [f for f in self.files if not f.cached]


class RequiredFileError(Exception):
    """A required master file is missing or unreadable: the run must stop, the warehouse stays."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def sell_through_files(landing: Path) -> Iterator[tuple[str, Path]]:
    """(distributor_id, path) of every report. Their order of application is the models' (file
    names in code-point order within a distributor); this order only makes the parts stable."""
    root = landing / SELL_THROUGH_DIR
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name):
        files = sorted((p for p in folder.glob("*.csv") if p.is_file()), key=lambda p: p.name)
        for path in files:
            yield folder.name, path


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    # Bounded like the warehouse's; past it DuckDB spills to disk.
    con.execute("SET memory_limit = '3GB'")
    return con


def land_folder(
    landing: Path,
    raw_dir: Path,
    as_of: datetime,
    formats: dict[str, ReportFormat] | None = None,
    cache_dir: Path | None = None,
) -> LandingReport:
    """Land every file of `landing` into `raw_dir`, reusing the typed Parquet of files that did
    not change since an earlier run with the same `cache_dir` (none: every file is read).
    Raises RequiredFileError for a broken master file."""
    if not landing.is_dir():
        raise RequiredFileError(f"landing folder {landing} does not exist")
    formats = load_report_formats() if formats is None else formats
    raw_dir.mkdir(parents=True, exist_ok=True)
    report = LandingReport(raw_dir)
    cache = IngestCache(cache_dir or raw_dir / "_cache")
    con = _connect()
    try:
        _land_sources(con, landing, raw_dir, cache, report)
        _land_sell_through(con, landing, raw_dir, cache, formats, report)
        _write_landing_files(con, raw_dir, report)
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
        if not path.is_file():
            write_empty(con, source, LINEAGE, out)
            report.missing.append(source.file)
            if source.master:
                broken.append(f"{source.file} is missing from {landing}")
            continue
        landed = _land_one(con, cache, path, source.file, source, CANONICAL, None, out)
        report.files.append(landed)
        if landed.rejection is not None:
            write_empty(con, source, LINEAGE, out)
            if source.master:
                broken.append(f"{source.file} cannot be read: {landed.rejection.detail}")
    if broken:
        raise RequiredFileError(
            "required master file(s) broken, the warehouse was left as it was:\n  - "
            + "\n  - ".join(broken)
        )


def _land_one(
    con: duckdb.DuckDBPyConnection,
    cache: IngestCache,
    path: Path,
    rel: str,
    source: Source,
    fmt: ReportFormat,
    distributor: str | None,
    out: Path,
) -> LandedFile:
    """Land one file into `out` through the cache: read it only when no entry matches."""
    checksum = _sha256(path)
    key = entry_key(rel, checksum, source, fmt)
    cached = cache.get(key)
    if cached is None:
        lineage = {"source_file": rel, "file_checksum": checksum}
        if distributor is not None:
            lineage = {"distributor_id": distributor, **lineage}
        fresh = cache.parquet_path(key).with_suffix(".parquet.tmp")
        try:
            lines, rejection = land_csv(con, path, source, fmt, lineage, fresh), None
        except FileRejected as exc:
            fresh.unlink(missing_ok=True)
            lines, rejection = 0, exc.rejection
        cache.put(key, lines, rejection, None if rejection else fresh)
    else:
        lines, rejection = cached.lines, cached.rejection
    if rejection is None:
        link_or_copy(cache.parquet_path(key), out)
    return LandedFile(
        source.name, rel, distributor, checksum, lines, rejection, cached=cached is not None
    )


def _land_sell_through(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    raw_dir: Path,
    cache: IngestCache,
    formats: dict[str, ReportFormat],
    report: LandingReport,
) -> None:
    """Land the reports two at a time: DuckDB reads a report of a few MB with one thread."""
    parts = raw_dir / SELL_THROUGH.name
    parts.mkdir(exist_ok=True)
    paths = list(sell_through_files(landing))
    local = threading.local()
    cursors: list[duckdb.DuckDBPyConnection] = []

    def land(n: int) -> LandedFile:
        if not hasattr(local, "cursor"):  # one connection per thread: its own temp table
            local.cursor = con.cursor()
            cursors.append(local.cursor)
        distributor, path = paths[n]
        fmt = formats.get(distributor, CANONICAL)
        out = parts / f"part-{n + 1:06d}.parquet"
        rel = path.relative_to(landing).as_posix()
        return _land_one(local.cursor, cache, path, rel, SELL_THROUGH, fmt, distributor, out)

    with ThreadPoolExecutor(max_workers=READERS) as pool:
        report.files.extend(pool.map(land, range(len(paths))))
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
            "REJECTED" if f.rejection else "LOADED",
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
