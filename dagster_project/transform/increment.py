"""Whether a run's dbt build starts from the published warehouse (an increment) or from nothing.

A monthly run adds a month of reports to years of them. When nothing but report files changed
since the published warehouse was built, the run's build file starts as a copy of it and dbt's
incremental models (dbt/macros/touched_lines.sql) rebuild only the lines those files touch; the
models compare this run's report files with the lineage of the published lines, which is
exported here as the dbt source `published_build`. Anything else that decides a line's outcome
(the dbt project and program files, a program folder of the run, the ingestion code and the
distributors' report formats, the engine, the versions of dbt and DuckDB, the master data the
line models read) is the build's *basis*, recorded in the warehouse it builds: a basis that
differs from the published one means a full build (dbt's --full-refresh into a fresh file), as
does a warehouse written outside a run.
"""

import functools
import hashlib
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import duckdb

from dagster_project import ingest
from dagster_project.duckdb_connection import connect
from dagster_project.ingest.contract import SELL_THROUGH
from dagster_project.paths import DISTRIBUTORS_FILE
from dagster_project.program.resource import ProgramRules
from dagster_project.resources import PipelineSettings
from dagster_project.transform.project import dbt_project, project_fingerprint

BASIS_SCHEMA = "pipeline"
BASIS_TABLE_NAME = "build_basis"
BASIS_TABLE = f"{BASIS_SCHEMA}.{BASIS_TABLE_NAME}"
# The dbt source `published_build.sell_through_lines`, in the run's raw dir.
PUBLISHED_BUILD_SOURCE = "published_build"
PUBLISHED_LINES_FILE = "published_sell_through_lines.parquet"
_PUBLISHED_LINES = """
    select distributor_id, report_line_id, source_file, file_checksum
    from marts.sell_through_line_outcomes
"""
_NO_LINES = """
    select cast(null as varchar) as distributor_id, cast(null as varchar) as report_line_id,
        cast(null as varchar) as source_file, cast(null as varchar) as file_checksum
    where false
"""


@dataclass(frozen=True)
class BuildStart:
    on_published: bool
    why: str  # for the log: why the build is an increment or a full build
    basis: str


@functools.cache
def _line_model_inputs(manifest_path: Path, mtime_ns: int) -> frozenset[str]:
    """The landing sources the incremental models read, the reports themselves aside: from the
    dbt manifest, so that a model that starts reading another file is covered without a list."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    nodes, sources = manifest["nodes"], manifest["sources"]
    stack = [k for k, n in nodes.items() if n["config"].get("materialized") == "incremental"]
    seen: set[str] = set()
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        stack.extend(nodes[key]["depends_on"]["nodes"] if key in nodes else [])
    return frozenset(
        sources[key]["name"]
        for key in seen
        if key in sources
        and sources[key]["source_name"] == "landing"
        and sources[key]["name"] != SELL_THROUGH.name
    )


def line_model_inputs() -> frozenset[str]:
    path = dbt_project.manifest_path
    return _line_model_inputs(path, path.stat().st_mtime_ns)


def build_basis(settings: PipelineSettings, program_rules: ProgramRules, raw_dir: Path) -> str:
    inputs = line_model_inputs()
    with connect() as con:
        landed = con.execute(
            "select source, source_file, file_checksum, status"
            f" from read_parquet('{raw_dir / 'landing_files.parquet'}')"
            " where list_contains(?, source) order by source_file",
            [sorted(inputs)],
        ).fetchall()
    parts = {
        "dbt_project": project_fingerprint(),
        "program_folder": _digest(program_rules.overrides.items()),
        # What types a report's lines: the ingestion code and the distributors' report formats.
        "ingestion": _digest(
            [(p.name, p) for p in sorted(Path(ingest.__file__).parent.glob("*.py"))]
            + [("report_formats", DISTRIBUTORS_FILE)]
        ),
        "engine": settings.engine,
        "versions": [version(p) for p in ("dbt-core", "dbt-duckdb", "duckdb")],
        "master_data": [list(row) for row in landed],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _digest(named_files: Iterable[tuple[str, Path]]) -> str:
    digest = hashlib.sha256()
    for name, path in sorted(named_files):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _recorded(con: duckdb.DuckDBPyConnection) -> tuple[str, bool, str] | None:
    """The build recorded in the warehouse open on `con` (basis, an increment?, why); None in a
    warehouse built before builds were recorded."""
    found = con.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
        [BASIS_SCHEMA, BASIS_TABLE_NAME],
    ).fetchone()
    if not found or not found[0]:
        return None
    row = con.execute(f"select basis, is_increment, reason from {BASIS_TABLE}").fetchone()
    return (str(row[0]), bool(row[1]), str(row[2])) if row else None


def published_basis(warehouse: Path) -> str | None:
    if not warehouse.is_file():
        return None
    with connect(warehouse, read_only=True) as con:
        recorded = _recorded(con)
    return recorded[0] if recorded else None


def plan_build(
    settings: PipelineSettings, program_rules: ProgramRules, raw_dir: Path
) -> BuildStart:
    basis = build_basis(settings, program_rules, raw_dir)
    warehouse = settings.warehouse
    if settings.engine != "duckdb":
        return BuildStart(False, f"the {settings.engine} engine builds everything", basis)
    if Path(f"{warehouse}.wal").exists():
        return BuildStart(False, "the published warehouse was written outside a run", basis)
    published = published_basis(warehouse)
    if published is None:
        return BuildStart(False, "no published warehouse recorded what it was built from", basis)
    if published != basis:
        why = "the master data, program, dbt project, ingestion code or versions changed"
        return BuildStart(False, why, basis)
    return BuildStart(True, "only report files changed: the lines they touch rebuilt", basis)


def start_build(
    start: BuildStart, settings: PipelineSettings, build_path: Path, raw_dir: Path
) -> None:
    """Prepare the run's build file and the `published_build` source for dbt."""
    build_path.unlink(missing_ok=True)
    lines = raw_dir / PUBLISHED_LINES_FILE
    if start.on_published:
        shutil.copyfile(settings.warehouse, build_path)
        with connect(build_path, read_only=True) as con:
            con.execute(f"copy ({_PUBLISHED_LINES}) to '{lines}' (format parquet)")
    else:
        with connect() as con:
            con.execute(f"copy ({_NO_LINES}) to '{lines}' (format parquet)")


def record_basis(build_path: Path, start: BuildStart) -> None:
    """What the built warehouse was built from and how (an increment or in full, and why),
    published with it."""
    with connect(build_path) as con:
        con.execute(f"create schema if not exists {BASIS_SCHEMA}")
        con.execute(
            f"create or replace table {BASIS_TABLE} as"
            " select ? as basis, ? as is_increment, ? as reason",
            [start.basis, start.on_published, start.why],
        )


def build_of(con: duckdb.DuckDBPyConnection) -> tuple[bool, str] | None:
    """How the warehouse open on `con` was built: (an increment?, why); None when unrecorded."""
    recorded = _recorded(con)
    return recorded[1:] if recorded else None
