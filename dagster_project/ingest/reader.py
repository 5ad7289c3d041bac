"""Read landing CSVs with DuckDB, typed through the contract, into one Parquet file each.

A file that cannot be read is rejected as a whole with a reason code and a detail a person can
act on (overview: The landing folder); nothing in it is loaded. Lines are never looked at one by one
in Python: Python reads only the header row, DuckDB reads and types the rest.

Files are landed in batches (`ReportBatch`): each file's fields are appended, as text in the
contract's column order, to one temporary table, and one statement types the whole batch and
writes a Parquet file per landing file. Typing is one large expression whose planning alone costs
more than reading a file of a few thousand lines, so it runs once per batch, not once per file.
"""

import csv
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.duckdb_connection import connect
from dagster_project.ingest.contract import PARSED_KINDS, Column, Kind, Source
from dagster_project.ingest.mappings import CANONICAL_DATE_FORMAT, ReportFormat

# Wide enough for any real price (8 decimals) and rate (16 decimals, 1/x written out); a value
# with more decimals cannot be held exactly and is invalid, never rounded.
PRICE_TYPE = "DECIMAL(28,8)"
RATE_TYPE = "DECIMAL(28,16)"
_SCALE = {Kind.PRICE: 8, Kind.RATE: 16}
_SQL_TYPE = {Kind.PRICE: PRICE_TYPE, Kind.RATE: RATE_TYPE}

# The contract's spellings; anything else is invalid rather than guessed at.
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_ISO_TIMESTAMP = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?"
)
# Trimmed from every value: ASCII whitespace and the no-break space spreadsheets leave behind.
_WHITESPACE = " \t\r\n\u00a0"
_WHITESPACE_CODE_POINTS = ", ".join(str(ord(c)) for c in _WHITESPACE)  # for SQL's ord()
_WHOLE_NUMBER = r"[+-]?[0-9]+(\.0*)?"
_SAVE_AS_UTF8 = "save or export the file as UTF-8 and land it again"
# A record (all its fields) may be this long; DuckDB's default, 2 MB, would reject a report for
# one long free-text field. Longer: the file is rejected (NOT_CSV), saying so.
MAX_LINE_BYTES = 128 * 1024 * 1024


def _plain_decimal(scale: int) -> str:
    """A plain decimal with at most `scale` significant decimals (trailing zeros are free): more
    would be rounded by the cast, so such a value is invalid, never rounded."""
    return rf"[+-]?([0-9]+(\.[0-9]{{0,{scale}}}0*)?|\.[0-9]{{1,{scale}}}0*)"


@dataclass(frozen=True)
class Rejection:
    reason: str  # NOT_UTF8, NOT_CSV, NO_HEADER, MISSING_REQUIRED_COLUMN, FIELD_COUNT_MISMATCH, ...
    detail: str


@dataclass(frozen=True)
class FileScan:
    """What one pass over a file's bytes tells before it is read as CSV."""

    checksum: str  # SHA-256 of the bytes
    # the first NUL byte's offset: such a file is not CSV (overview: The landing folder)
    nul_offset: int | None
    utf16: bool  # starts with a UTF-16 byte-order mark


_CHUNK = 1 << 22


def scan_file(path: Path) -> FileScan:
    """Checksum the file and look for NUL bytes in the same pass (both at C speed)."""
    digest = hashlib.sha256()
    nul_offset: int | None = None
    offset = 0
    head = b""
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
            if nul_offset is None and (at := chunk.find(b"\0")) >= 0:
                nul_offset = offset + at
            head = head or chunk[:2]
            offset += len(chunk)
    return FileScan(digest.hexdigest(), nul_offset, head in (b"\xff\xfe", b"\xfe\xff"))


def _chunks(path: Path) -> Iterator[bytes]:
    """The file's bytes in chunks, none ending between the CR and LF of a CRLF."""
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            while chunk[-1:] == b"\r" and (after := f.read(1)):  # CR CR LF too
                chunk += after
            yield chunk


def line_ends(path: Path) -> set[str]:
    """The kinds of line end in the file: LF, CRLF, CR (overview: The landing folder: they may be
    mixed)."""
    kinds: set[str] = set()
    for chunk in _chunks(path):
        if chunk.find(b"\r") < 0:  # LF only, the usual case: memchr, not a count
            if chunk.find(b"\n") >= 0:
                kinds.add("LF")
            continue
        pairs = chunk.count(b"\r\n")
        counts = {"CRLF": pairs, "CR": chunk.count(b"\r") - pairs, "LF": chunk.count(b"\n") - pairs}
        kinds.update(kind for kind, count in counts.items() if count)
    return kinds


@contextmanager
def _one_kind_of_line_end(path: Path) -> Iterator[Path]:
    """The file to read: itself, or, when its line ends are mixed, a copy with every CRLF and
    CR written as LF (DuckDB's reader takes one kind a file). A line end stays one line end, so
    line numbers stay those of the file; a line break inside a quoted value becomes LF. Only
    files read are looked at: a cached file costs nothing."""
    if len(line_ends(path)) < 2:
        yield path
        return
    fd, name = tempfile.mkstemp(suffix=".csv", prefix="line-ends-")
    try:
        with os.fdopen(fd, "wb") as copy:
            for chunk in _chunks(path):
                copy.write(chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        yield Path(name)
    finally:
        os.unlink(name)


def _blank(value: str) -> bool:
    return not value.strip(_WHITESPACE)


def _blank_sql(field: str) -> str:
    """SQL: the field is absent, empty or whitespace. The first character is tested first: most
    fields are not blank, and trim() on every field of every line would cost seconds."""
    return (
        f"({field} IS NULL OR {field} = '' OR (ord({field}) IN ({_WHITESPACE_CODE_POINTS})"
        f" AND trim({field}, '{_WHITESPACE}') = ''))"
    )


def _check_bytes(scan: FileScan) -> None:
    """Reject what is not UTF-8 text before reading it as CSV."""
    if scan.utf16:
        raise FileRejected(
            Rejection("NOT_UTF8", "UTF-16 (it starts with a UTF-16 byte-order mark): save as UTF-8")
        )
    if scan.nul_offset is not None:
        raise FileRejected(
            Rejection(
                "NOT_CSV",
                f"a NUL byte at byte {scan.nul_offset}: not a text CSV file;"
                " re-export it as UTF-8 CSV",
            )
        )


class FileRejected(Exception):
    def __init__(self, rejection: Rejection):
        super().__init__(f"{rejection.reason}: {rejection.detail}")
        self.rejection = rejection


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _literal_path(path: Path) -> str:
    """The path as a DuckDB file pattern that matches only itself: DuckDB globs `*`, `?` and `[`
    in any path, and a file named `report[1].csv` would read another file."""
    text = str(path).replace("[", "[[]")
    return text.replace("*", "[*]").replace("?", "[?]")


def read_header(path: Path, delimiter: str) -> tuple[list[str], int]:
    """The header row's names, trimmed and lower-cased (names are case-insensitive), and how many
    lines come before it: blank lines and all-empty records there are skipped (overview: The landing
    folder)."""
    try:
        with path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            rows = csv.reader(text, delimiter=delimiter, strict=True)
            before = 0
            for header in rows:
                if not all(_blank(name) for name in header):
                    return [name.strip(_WHITESPACE).lower() for name in header], before
                before = rows.line_num
    except UnicodeDecodeError as exc:
        raise FileRejected(
            Rejection("NOT_UTF8", f"the header row is not UTF-8 ({exc.reason}): {_SAVE_AS_UTF8}")
        ) from exc
    except csv.Error as exc:
        raise FileRejected(
            Rejection("NOT_CSV", f"the header row is not CSV ({exc}): check its quotes")
        ) from exc
    raise FileRejected(
        Rejection(
            "NO_HEADER",
            "the file is empty or holds only blank lines: a file starts with a header row",
        )
    )


def map_columns(header: list[str], source: Source, fmt: ReportFormat) -> dict[str, int]:
    """Canonical column -> position in the file, through the distributor's format."""
    positions: dict[str, int] = {}
    for column in source.columns:
        found = [i for i, name in enumerate(header) if name in fmt.aliases(column.name)]
        if len(found) > 1:
            names = ", ".join(header[i] for i in found)
            raise FileRejected(
                Rejection(
                    "DUPLICATE_COLUMN",
                    f"column {column.name} is given {len(found)} times ({names}): keep one",
                )
            )
        if found:
            positions[column.name] = found[0]
    missing = [c for c in source.required_columns if c not in positions]
    if missing:
        expected = ", ".join(f"{c} (header {fmt.aliases(c)[0]!r})" for c in missing)
        raise FileRejected(
            Rejection(
                "MISSING_REQUIRED_COLUMN",
                f"required column(s) missing: {expected}; add them, or map the distributor's"
                " names for them in config/distributors.yml",
            )
        )
    return positions


def _classify_duckdb_error(exc: duckdb.Error) -> Rejection:
    message = str(exc)
    first = " ".join(message.split("\n")[:1])
    line = next(
        (part for part in message.split("\n") if part.startswith("CSV Error on Line")), first
    )
    if "Invalid unicode" in message or "not utf-8" in message:
        return Rejection("NOT_UTF8", f"not UTF-8: {line}: {_SAVE_AS_UTF8}")
    if "Expected Number of Columns" in message:
        detail = next((p for p in message.split("\n") if p.startswith("Expected Number")), "")
        return Rejection("FIELD_COUNT_MISMATCH", f"{line}: {detail}".strip(": "))
    return Rejection("NOT_CSV", f"not readable as CSV: {line}: check its quotes and line ends")


def _date_pattern(date_format: str) -> str:
    """A distributor's strptime format as a strict pattern: a four-digit year, one- or two-digit
    day and month (strptime alone reads `01.06.26` as the year 26)."""
    fields = {"%Y": "[0-9]{4}", "%m": "[0-9]{1,2}", "%d": "[0-9]{1,2}"}
    parts = re.split(r"(%[Ymd])", date_format)
    if any("%" in part for part in parts if part not in fields):
        return ".*"  # other directives (%b, %y, ...): strptime alone decides
    return "".join(fields.get(part) or re.escape(part) for part in parts)


def _typed(column: Column, text: str, fmt: ReportFormat) -> str:
    """SQL for the typed value of a text expression; NULL where the text is not valid."""
    kind = column.kind
    if kind is Kind.DATE:
        if fmt.date_format == CANONICAL_DATE_FORMAT:
            return (
                f"CASE WHEN regexp_full_match({text}, '{_ISO_DATE}')"
                f" THEN CAST(try_strptime({text}, '%Y-%m-%d') AS DATE) END"
            )
        return (
            f"CASE WHEN regexp_full_match({text}, {_quote(_date_pattern(fmt.date_format))})"
            f" THEN CAST(try_strptime({text}, {_quote(fmt.date_format)}) AS DATE) END"
        )
    if kind is Kind.MONTH:
        return (
            f"CASE WHEN regexp_full_match({text}, '[0-9]{{4}}-[0-9]{{2}}')"
            f" THEN CAST(try_strptime({text} || '-01', '%Y-%m-%d') AS DATE) END"
        )
    if kind is Kind.TIMESTAMP:
        # The session runs in UTC: an offset converts to UTC, no offset is read as UTC.
        return (
            f"CASE WHEN regexp_full_match({text}, '{_ISO_TIMESTAMP}')"
            f" THEN CAST(try_cast({text} AS TIMESTAMPTZ) AS TIMESTAMP) END"
        )
    if kind is Kind.INTEGER:
        return (
            f"CASE WHEN regexp_full_match({text}, '{_WHOLE_NUMBER}')"
            f" THEN try_cast(split_part({text}, '.', 1) AS BIGINT) END"
        )
    if kind in (Kind.PRICE, Kind.RATE):
        return (
            f"CASE WHEN regexp_full_match({text}, '{_plain_decimal(_SCALE[kind])}')"
            f" THEN try_cast({text} AS {_SQL_TYPE[kind]}) END"
        )
    if kind is Kind.BOOLEAN:
        return f"CASE lower({text}) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END"
    raise ValueError(kind)


def _trimmed(column: str) -> str:
    """The value trimmed, empty -> NULL. Most values need no trim: testing the code points of
    their first and last character is several times cheaper than trim() with a character set
    (every field, every line)."""
    blanks = _WHITESPACE_CODE_POINTS
    return (
        f"nullif(CASE WHEN ord({column}) IN ({blanks}) OR ord({column}[-1]) IN ({blanks})"
        f" THEN trim({column}, '{_WHITESPACE}') ELSE {column} END, '')"
    )


def typed_select(
    source: Source, fmt: ReportFormat, lineage: tuple[str, ...], with_file_no: bool = True
) -> str:
    """The projection from the batch table `_batch` (file_no, the source's columns as text) and
    `_batch_files` (file_no, first_row, lineage) to the raw table: each column's text once
    (trimmed, case-folded), then the typed value parsed from it."""
    texts = []
    for column in source.columns:
        text = _trimmed(f"_batch.{column.name}")
        if column.kind is Kind.ENUM:
            text = f"upper({text})"
        elif column.kind is Kind.LOWER:
            text = f"lower({text})"
        texts.append(f"{text} AS {column.name}")
    exprs = [f"texts.{name}" for name in lineage]
    # A file's rows are appended in its order, the first one on the line after its header.
    exprs.append(
        "CAST(texts.row_id - texts.first_row + texts.header_line + 1 AS BIGINT) AS line_number"
    )
    for column in source.columns:
        if column.kind in PARSED_KINDS:
            exprs.append(f"{_typed(column, 'texts.' + column.name, fmt)} AS {column.name}")
            exprs.append(f"texts.{column.name} AS {column.name}_text")
        else:
            exprs.append(f"texts.{column.name}")
    files = ", ".join(
        f"_batch_files.{name}" for name in (*lineage, "first_row", "header_line", "file_no")
    )
    if with_file_no:
        exprs.append("texts.file_no")
    return (
        "SELECT "
        + ",\n  ".join(exprs)
        + f"\nFROM (SELECT _batch.rowid AS row_id, {files},\n  "
        + ",\n  ".join(texts)
        + "\n  FROM _batch JOIN _batch_files ON _batch.file_no = _batch_files.file_no"
        + "\n  WHERE NOT _batch_files.rejected AND NOT _batch.blank) AS texts"
    )


@dataclass
class BatchFile:
    path: Path
    lineage: dict[str, str]  # lineage column -> value, e.g. source_file, file_checksum
    entry: str  # the name of its Parquet in the output folder (the cache key)
    scan: FileScan  # what its bytes told (NUL, UTF-16)
    first_row: int = 0
    header_line: int = 1  # blank lines before the header are skipped
    lines: int = 0
    header_width: int = 0
    rejection: Rejection | None = None


class ReportBatch:
    """Files of one source and format, landed together (see the module's docstring)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, source: Source, fmt: ReportFormat):
        self.con, self.source, self.fmt = con, source, fmt
        self.files: list[BatchFile] = []
        columns = ", ".join(f"{c.name} VARCHAR" for c in source.columns)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _batch"
            f" (file_no INTEGER, {columns}, ragged BOOLEAN, blank BOOLEAN)"
        )

    def append(self, file: BatchFile) -> None:
        """Read one file into the batch; a file that cannot be read is rejected, nothing of it
        is kept (a failed statement appends nothing)."""
        self.files.append(file)
        try:
            _check_bytes(file.scan)
            with _one_kind_of_line_end(file.path) as path:
                header, before = read_header(path, self.fmt.delimiter)
                positions = map_columns(header, self.source, self.fmt)
                file.header_width, file.header_line = len(header), before + 1
                self.con.execute(self._insert(len(self.files) - 1, path, file, positions))
        except FileRejected as exc:
            file.rejection = exc.rejection
        except duckdb.Error as exc:
            file.rejection = _classify_duckdb_error(exc)

    def _insert(self, file_no: int, path: Path, file: BatchFile, positions: dict[str, int]) -> str:
        # One sentinel column past the header, NULL padding and a NULL string no file holds: an
        # empty field reads as '', so a NULL in the last column is a short row and a value in the
        # sentinel a long one. (DuckDB alone takes `4,5,6,` under a 3-column header as a
        # trailing delimiter.) A record whose every field is blank is kept, marked, so that line
        # numbers stay true, and skipped when typed (overview: The landing folder). Not parallel:
        # DuckDB's parallel scanner refuses quoted newlines with NULL padding; two batches are
        # landed at once.
        names = [f"c{i}" for i in range(file.header_width)] + ["_beyond_header"]
        columns = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in names) + "}"
        fields = ", ".join(
            f"c{positions[c.name]}" if c.name in positions else "NULL" for c in self.source.columns
        )
        # CASE evaluates the other fields only where the first is blank: nearly never.
        rest = " AND ".join(_blank_sql(name) for name in names[1:])
        blank = f"CASE WHEN {_blank_sql(names[0])} THEN {rest} ELSE false END"
        ragged = f"_beyond_header IS NOT NULL OR c{file.header_width - 1} IS NULL"
        return f"""INSERT INTO _batch
            SELECT {file_no}, {fields}, NOT blank AND ({ragged}), blank
            FROM (SELECT *, {blank} AS blank
                FROM read_csv({_quote(_literal_path(path))},
                    header = true, skip = {file.header_line - 1}, auto_detect = false,
                    columns = {columns}, delim = {_quote(self.fmt.delimiter)}, quote = '"',
                    escape = '"', nullstr = '\x01', strict_mode = true, null_padding = true,
                    max_line_size = {MAX_LINE_BYTES}, encoding = 'utf-8', parallel = false))"""

    def write(self, out_dir: Path) -> None:
        """Reject files with a row of another field count, then write each other file's typed
        rows to `entry_parquet(out_dir, entry)`."""
        # A file's rows were appended by one statement from an ordered scan: consecutive row ids.
        extents = self.con.execute(
            "SELECT file_no, min(rowid), count(*) FILTER (WHERE NOT blank),"
            " count(*) FILTER (WHERE ragged), min(rowid) FILTER (WHERE ragged)"
            " FROM _batch GROUP BY file_no"
        ).fetchall()
        for file_no, first_row, lines, bad_rows, first_bad in extents:
            file = self.files[file_no]
            file.first_row, file.lines = first_row, lines
            if not bad_rows:
                continue
            file.lines = 0  # rejected as a whole: nothing of it is loaded
            file.rejection = Rejection(
                "FIELD_COUNT_MISMATCH",
                f"{bad_rows} row(s) whose field count differs from the header's"
                f" {file.header_width}, the first on line"
                f" {first_bad - file.first_row + file.header_line + 1}: fix or re-export it",
            )
        lineage = tuple(self.files[0].lineage) if self.files else ()
        _create_batch_files(self.con, lineage)
        rows = [
            (n, f.first_row, f.header_line, f.entry, f.rejection is not None)
            + tuple(f.lineage.values())
            for n, f in enumerate(self.files)
        ]
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            self.con.executemany(f"INSERT INTO _batch_files VALUES ({marks})", rows)
        # Typed once for the whole batch (a temporary table spills past the memory limit), then
        # each file's rows, consecutive in it, to its own Parquet file.
        out_dir.mkdir(parents=True, exist_ok=True)
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE _typed AS " + typed_select(self.source, self.fmt, lineage)
        )
        for file_no, file in enumerate(self.files):
            if file.rejection is None and file.lines:
                self.con.execute(
                    f"COPY (SELECT * EXCLUDE (file_no) FROM _typed WHERE file_no = {file_no})"
                    f" TO {_quote(str(entry_parquet(out_dir, file.entry)))} (FORMAT parquet)"
                )


def _create_batch_files(con: duckdb.DuckDBPyConnection, lineage: tuple[str, ...]) -> None:
    """The batch's files, which `typed_select` joins to its lines: order, lineage, fate."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _batch_files (file_no INTEGER, first_row BIGINT,"
        " header_line BIGINT, entry VARCHAR, rejected BOOLEAN"
        + "".join(f", {name} VARCHAR" for name in lineage)
        + ")"
    )


def entry_parquet(out_dir: Path, entry: str) -> Path:
    """Where `ReportBatch.write` puts a file's rows (none for a file without lines)."""
    return out_dir / f"{entry}.parquet"


def raw_schema(source: Source, lineage_keys: tuple[str, ...]) -> dict[str, str]:
    """The raw table's columns and DuckDB types, as `ReportBatch.write` writes them: what the
    suites and the models read, for those who need it without landing a file (tests)."""
    with connect() as con:
        ReportBatch(con, source, ReportFormat())
        _create_batch_files(con, lineage_keys)
        select = typed_select(source, ReportFormat(), lineage_keys, with_file_no=False)
        return {name: kind for name, kind, *_ in con.execute(f"DESCRIBE {select}").fetchall()}


def write_empty(
    con: duckdb.DuckDBPyConnection, source: Source, lineage_keys: tuple[str, ...], out: Path
) -> None:
    """A zero-row Parquet file with the source's schema: an absent optional feed is empty."""
    ReportBatch(con, source, ReportFormat())  # an empty batch: the typed projection of nothing
    _create_batch_files(con, lineage_keys)
    select = typed_select(source, ReportFormat(), lineage_keys, with_file_no=False)
    con.execute(f"COPY ({select}) TO {_quote(str(out))} (FORMAT parquet)")
