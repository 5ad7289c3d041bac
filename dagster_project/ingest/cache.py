"""The ingestion cache: the typed Parquet of each landing file, kept between runs.

A monthly run adds a month to three years of reports; rereading every file to add one is waste.
An entry is keyed by everything that decides a file's typed rows: its content (SHA-256), its
landing-relative path (lineage and distributor come from it), its source's contract and report
format, and the version of the ingestion code. When none changed, the entry is reused as it is;
a changed file gets a new key, a removed file's entry is dropped when the run ends. Nothing that
depends on the other files (a report's place in its distributor's order) is in an entry: the
models derive it, so a cached run gives byte-for-byte the marts of a clean one.

An entry is `<key>.parquet` (absent for a rejected file) and `<key>.json` (lines, rejection),
written to temporary names and renamed, so a crash never leaves half an entry. `validations/`
holds what the landing checks found in entries (quality/kept_validations.py), kept with them.
"""

import dataclasses
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from dagster_project.ingest import contract, reader
from dagster_project.ingest.contract import Source
from dagster_project.ingest.mappings import ReportFormat
from dagster_project.ingest.reader import Rejection


def _code_version() -> str:
    """The ingestion code that types rows: a change to it invalidates every entry."""
    digest = hashlib.sha256()
    for module in (contract, reader):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


CODE_VERSION = _code_version()
VALIDATIONS_DIR = "validations"


@dataclass(frozen=True)
class CachedFile:
    lines: int
    rejection: Rejection | None
    parquet: Path | None  # None when the file was rejected or holds no line


def entry_key(rel: str, checksum: str, source: Source, fmt: ReportFormat) -> str:
    identity = {
        "code": CODE_VERSION,
        "path": rel,
        "sha256": checksum,
        "source": dataclasses.asdict(source),
        "format": dataclasses.asdict(fmt),
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()


class IngestCache:
    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.used: set[str] = set()

    def parquet_path(self, key: str) -> Path:
        return self.root / f"{key}.parquet"

    def get(self, key: str) -> CachedFile | None:
        meta = self.root / f"{key}.json"
        if not meta.is_file():
            return None
        data = json.loads(meta.read_text(encoding="utf-8"))
        rejection = Rejection(**data["rejection"]) if data["rejection"] else None
        parquet = self.parquet_path(key) if data["lines"] and not rejection else None
        if parquet is not None and not parquet.is_file():
            return None
        self.used.add(key)
        return CachedFile(data["lines"], rejection, parquet)

    def put(
        self, key: str, lines: int, rejection: Rejection | None, parquet: Path | None
    ) -> CachedFile:
        """Keep a landed file: `parquet` (written elsewhere) is moved in, then its metadata."""
        kept = self.parquet_path(key) if parquet is not None else None
        if parquet is not None:
            os.replace(parquet, self.parquet_path(key))
        meta = self.root / f"{key}.json"
        tmp = meta.with_suffix(".json.tmp")
        payload = {
            "lines": lines,
            "rejection": dataclasses.asdict(rejection) if rejection else None,
        }
        tmp.write_text(json.dumps(payload), encoding="utf-8")
        os.replace(tmp, meta)
        self.used.add(key)
        return CachedFile(lines, rejection, kept)

    def drop_unused(self) -> None:
        """Entries of files this run did not see (removed or changed since) are dropped."""
        for path in self.root.iterdir():
            if path.name == VALIDATIONS_DIR:  # each validation says which entries it covers
                continue
            if path.name.split(".", 1)[0] not in self.used:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)


def link_or_copy(src: Path, dst: Path) -> None:
    """Place a cached file in a run's raw dir: a hard link costs nothing; across file systems,
    a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
