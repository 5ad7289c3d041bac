"""Validate a raw Parquet table with a Great Expectations 1.x suite, as SQL inside DuckDB, and
render the result into GX Data Docs.

The suites are GX expectation suites in GX's own JSON format, ``expectations/<source>.json``: the
expectations store of the GX project ``expectations/great_expectations.yml``, read here with GX's
own schema. Each expectation's GX ``severity`` says what a failure means: ``critical`` blocks the
run (what ingestion itself guarantees: the raw schema, the lineage columns; a failure means the
figures would be wrong as a whole), ``warning`` and ``info`` report (the content of the files:
bad lines are quarantined, bad files rejected, overview: Outputs).

Every expectation is compiled by GX to SQL and executed by a private DuckDB that reads the
Parquet file in place: no row is loaded into pandas, so a 10-million-row table costs seconds.
One GX context and one in-memory DuckDB serve every validation of a process (a Dagster run
validates ten sources in a row): each validation only adds a view and a GX table asset.
A suite's outcome on a table can be put together from its validations of groups of the table's
files (`suite_outcome`), when every expectation judges rows one by one (`splits_by_file`): what
lets a run keep the results of files that did not change (kept_validations.py).
"""

from __future__ import annotations

import functools
import glob
import importlib
import itertools
import json
import os
import threading
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import sqlalchemy as sa
from duckdb_engine import Dialect as DuckDBDialect
from sqlalchemy.dialects import postgresql, registry
from sqlalchemy.dialects.postgresql.psycopg2 import PGExecutionContext_psycopg2
from sqlalchemy.engine.cursor import FullyBufferedCursorFetchStrategy

from dagster_project.environ import ENVIRON_LOCK

if TYPE_CHECKING:
    from great_expectations.core.batch import Batch
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )
    from great_expectations.data_context import AbstractDataContext
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
    )
    from great_expectations.datasource.fluent import SQLDatasource
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

# GX is imported only when a suite runs (importing it takes ~2 s, and every Dagster process
# loads this module). It reads this variable when a context starts: no usage events.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

__all__ = [
    "ExpectationOutcome",
    "Severity",
    "DataDocs",
    "finish_data_docs",
    "preload_great_expectations",
    "SuiteFormatError",
    "SuiteOutcome",
    "Validation",
    "load_suite",
    "render_docs",
    "run_suite",
    "splits_by_file",
    "suite_outcome",
    "validate_parquet",
]

Severity = Literal["critical", "warning", "info"]  # GX's FailureSeverity values
_DETAILS_MAX = 200
_DOCS_SITE = "channel_ledger"
# A named in-memory DuckDB: every pooled connection of the process sees the same views, and
# no file is left behind. It holds views over the Parquet only, never data or the warehouse.
_DATABASE_URL = "duckdb+buffered:///:memory:gx_validation"
# First pass: every count, but LIMIT 0 for the sample of unexpected values (DuckDB answers it
# without reading). Second pass, on failures only: GX's usual sample of 20 values.
_COUNTS = {"result_format": "BASIC", "partial_unexpected_count": 0}
_SAMPLES = {"result_format": "BASIC", "partial_unexpected_count": 20}
# gx.get_context() sets a process-wide "current project" that suites resolve through, and all
# validations share one context and datasource (`_datasource`), so they run one at a time.
_GX_LOCK = threading.Lock()


# --- the DuckDB dialect GX runs on -------------------------------------------------------------


class _BufferedExecutionContext(PGExecutionContext_psycopg2):
    """Fetch every result row at execute time.

    GX 1.x fetches rows only after it has closed the SQLAlchemy connection. Closing returns the
    DuckDB connection to the pool, whose reset runs a ROLLBACK on the same DuckDB connection and
    so discards the pending result: every metric then comes back empty (IndexError in GX).
    GX only ever fetches aggregates or a LIMITed sample, so buffering is cheap.
    """

    def post_exec(self) -> None:
        super().post_exec()
        description = self.cursor.description
        if description is not None:
            self.cursor_fetch_strategy = FullyBufferedCursorFetchStrategy(self.cursor, description)


class BufferedDuckDBDialect(DuckDBDialect):
    """duckdb-engine's dialect with eager result buffering; URL ``duckdb+buffered://``."""

    execution_ctx_cls = _BufferedExecutionContext
    # SQLAlchemy wants each subclass to state this itself; keep duckdb-engine's choice.
    supports_statement_cache = False

    @property
    def dialect(self) -> type[sa.Dialect]:
        # GX picks its regex and LIKE SQL by testing `<dialect>.dialect` against PostgreSQL's
        # dialect and knows no DuckDB, so regex expectations would raise "not supported".
        # DuckDB's `~`, `!~` and LIKE behave as PostgreSQL's. An instance property, not a class
        # attribute: SQLAlchemy's registry would follow a class-level `dialect` to that class.
        return cast(type[sa.Dialect], postgresql.dialect)

    # GX reflects the validated view once per suite. PostgreSQL's catalog queries cost round
    # trips for nothing here: a view has no primary key, and the column query fails on DuckDB
    # (no pg_collation), after which GX reads the columns off `SELECT * ... LIMIT 1` anyway.

    def get_pk_constraint(
        self, connection: sa.Connection, table_name: str, schema: str | None = None, **kw: Any
    ) -> dict[str, Any]:
        return {"constrained_columns": [], "name": None}

    def get_columns(
        self, connection: sa.Connection, table_name: str, schema: str | None = None, **kw: Any
    ) -> list[Any]:
        return []  # GX then takes its fallback: the columns of a one-row query


registry.register("duckdb.buffered", __name__, "BufferedDuckDBDialect")


# --- outcomes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str  # the GX expectation type, e.g. expect_column_values_to_not_be_null
    column: str | None  # the column(s) it is about, comma-separated; None for table-level
    success: bool
    unexpected_count: int | None  # None when GX reports no count (table-level, or an exception)
    details: str  # short human text
    severity: Severity = "critical"


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    success: bool
    evaluated_rows: int
    outcomes: tuple[ExpectationOutcome, ...]

    @property
    def failures(self) -> tuple[ExpectationOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.success)

    @property
    def blocking(self) -> bool:
        """True when a ``critical`` expectation failed: the run must not go on."""
        return any(o.severity == "critical" for o in self.failures)

    def to_markdown(self) -> str:
        failed = self.failures
        verdict = "passed" if self.success else f"{len(failed)} failed"
        head = (
            f"**{self.suite}**: {len(self.outcomes)} expectations, {verdict}, "
            f"{self.evaluated_rows:,} rows"
        )
        if not failed:
            return head
        lines = [head, "", "| severity | expectation | column | unexpected | details |"]
        lines.append("|---|---|---|---|---|")
        for o in failed:
            count = "" if o.unexpected_count is None else f"{o.unexpected_count:,}"
            details = o.details.replace("|", "\\|")
            lines.append(
                f"| {o.severity} | {o.expectation} | {o.column or ''} | {count} | {details} |"
            )
        return "\n".join(lines)

    def to_metadata(self) -> dict[str, str | int | bool]:
        """Plain values for Dagster metadata (wrap `summary` in MetadataValue.md to render it)."""
        failed = self.failures
        return {
            "suite": self.suite,
            "success": self.success,
            "blocking": self.blocking,
            "evaluated_rows": self.evaluated_rows,
            "expectations": len(self.outcomes),
            "failed": len(failed),
            "failed_expectations": "; ".join(_label(o) for o in failed),
            "summary": self.to_markdown(),
        }


def _label(outcome: ExpectationOutcome) -> str:
    return f"{outcome.expectation}({outcome.column})" if outcome.column else outcome.expectation


# --- suite files -------------------------------------------------------------------------------


class SuiteFormatError(ValueError):
    """A suite file is not a GX expectation suite GX can read."""


_PRELOAD: threading.Thread | None = None


def preload_great_expectations() -> None:
    """Start importing GX in the background (seconds of imports) while other work runs. Every
    use of GX here waits for that import to end: a package another thread is still importing
    is there, half empty (its expectation types not registered yet)."""
    global _PRELOAD
    if _PRELOAD is None:
        _PRELOAD = threading.Thread(
            target=importlib.import_module, args=("great_expectations",), daemon=True
        )
        _PRELOAD.start()


def _gx_imported() -> None:
    if _PRELOAD is not None:
        _PRELOAD.join()


def load_suite(suite_path: Path) -> ExpectationSuite:
    """Read a suite file in GX's own format, with GX's own schema and classes."""
    _gx_imported()
    from great_expectations.core.expectation_suite import ExpectationSuite, expectationSuiteSchema

    if not suite_path.is_file():
        raise FileNotFoundError(f"expectation suite file not found: {suite_path}")
    try:
        data = expectationSuiteSchema.loads(suite_path.read_text("utf-8"))
        suite = ExpectationSuite(**data)
    except Exception as exc:  # GX raises several unrelated types for a bad suite
        raise SuiteFormatError(f"{suite_path}: not a GX expectation suite: {exc}") from exc
    # GX logs an expectation it cannot build (an unknown type, bad kwargs) and leaves it out.
    dropped = Counter(e["type"] for e in data.get("expectations", [])) - Counter(
        e.expectation_type for e in suite.expectations
    )
    if dropped:
        raise SuiteFormatError(
            f"{suite_path}: GX cannot build these expectations: {', '.join(sorted(dropped))}"
        )
    # Results are matched to expectations by id. One written without an id (by hand) gets one
    # from its place and configuration: the same each time the file is read.
    for n, expectation in enumerate(suite.expectations):
        if expectation.id is None:
            config = expectation.configuration.to_json_dict()
            text = f"{suite.name}#{n}:{json.dumps(config, sort_keys=True, default=str)}"
            expectation.id = str(uuid.uuid5(uuid.NAMESPACE_URL, text))
    return suite


# --- validation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataDocs:
    """Where a validation's result is rendered as GX Data Docs, and the run it belongs to."""

    directory: Path
    run_name: str


def validate_parquet(
    parquet_path: Path, suite_path: Path, docs: DataDocs | None = None
) -> SuiteOutcome:
    """Run the suite in ``suite_path`` against Parquet data, inside a private DuckDB; with
    ``docs``, render the suite and the result into that Data Docs site.

    ``parquet_path`` is a file, a directory (all its ``*.parquet`` parts, as one table) or a
    glob pattern. Raises FileNotFoundError when no Parquet file or no suite file is there, and
    SuiteFormatError for a bad suite.
    A failing expectation is an outcome, not an exception; so is an expectation that GX could
    not evaluate (e.g. a missing column), with GX's message in ``details``.
    """
    suite = load_suite(suite_path)
    pattern = parquet_path / "*.parquet" if parquet_path.is_dir() else parquet_path
    if not glob.glob(str(pattern)):
        raise FileNotFoundError(f"parquet file not found: {pattern}")
    validation = run_suite(suite, [pattern], run_name=docs.run_name if docs else "")
    outcome = suite_outcome(suite, [validation])
    if docs is not None:
        render_docs(suite, validation, docs)
    return outcome


@dataclass(frozen=True)
class Validation:
    """One GX validation of a suite on Parquet files read as one table: GX's result, and what
    Data Docs show of it."""

    rows: int
    batch_id: str
    run_name: str
    run_time: datetime
    result: ExpectationSuiteValidationResult

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "batch_id": self.batch_id,
            "run_name": self.run_name,
            "run_time": self.run_time.isoformat(),
            "result": self.result.to_json_dict(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Validation:
        from great_expectations.core.expectation_validation_result import (
            expectationSuiteValidationResultSchema,
        )

        return cls(
            rows=int(data["rows"]),
            batch_id=str(data["batch_id"]),
            run_name=str(data["run_name"]),
            run_time=datetime.fromisoformat(data["run_time"]),
            result=expectationSuiteValidationResultSchema.load(data["result"]),
        )


def run_suite(suite: ExpectationSuite, files: Sequence[Path], run_name: str) -> Validation:
    """GX's validation of ``suite`` on the Parquet ``files`` (paths or glob patterns) as one
    table, for the run ``run_name``."""
    expectations = [expectation.configuration for expectation in suite.expectations]
    literal = "[" + ", ".join(_sql_literal(f.absolute()) for f in files) + "]"
    # GX gets a view over the Parquet, a real table to reflect: for a query asset it runs the
    # bare query to learn the columns, which with buffering would pull every row into Python.
    # A fresh view and asset name per validation, as GX caches reflection and metrics by name.
    with _GX_LOCK:
        datasource = _datasource()
        n = next(_VALIDATIONS)
        view = f"raw_table_{n}"
        with datasource.get_engine().begin() as con:
            source = _read_parquet(con, literal)
            con.exec_driver_sql(f"CREATE VIEW {view} AS SELECT * FROM {source}")
            rows = _scalar(con.exec_driver_sql(f"SELECT count(*) FROM {view}").fetchone())
        try:
            result, batch = _run_gx(datasource, view, f"{suite.name}#{n}", suite, expectations)
        finally:
            with datasource.get_engine().begin() as con:
                con.exec_driver_sql(f"DROP VIEW {view}")
    return Validation(rows, batch.id, run_name, datetime.now(UTC), result)


def suite_outcome(suite: ExpectationSuite, validations: Sequence[Validation]) -> SuiteOutcome:
    """The suite's outcome on the table the validations' files make together. With several, it
    is the one validating the whole table gives, when `splits_by_file(suite)`: counts add up,
    and the verdict is GX's own rule on the sums."""
    by_id = [{r.expectation_config.id: r for r in v.result.results} for v in validations]
    outcomes = []
    # GX does not keep suite order in its results; report in the order of the suite file.
    for expectation in suite.expectations:
        config = expectation.configuration
        results = [found[config.id] for found in by_id]
        result = results[0] if len(results) == 1 else _combined(results, config)
        outcomes.append(_outcome(result, config))
    return SuiteOutcome(
        suite=suite.name,
        success=all(o.success for o in outcomes),
        evaluated_rows=sum(v.rows for v in validations),
        outcomes=tuple(outcomes),
    )


# Expectations whose result on a table is the sum of their results on any split of its rows:
# they judge each row alone (GX's map metrics below), or the table's columns, which every part
# of a landed source shares.
_ROW_WISE_METRICS = frozenset(
    {
        "column_values.between",
        "column_values.dateutil_parseable",
        "column_values.in_set",
        "column_values.in_type_list",
        "column_values.json_parseable",
        "column_values.match_json_schema",
        "column_values.match_like_pattern",
        "column_values.match_like_pattern_list",
        "column_values.match_regex",
        "column_values.match_regex_list",
        "column_values.match_strftime_format",
        "column_values.nonnull",
        "column_values.not_in_set",
        "column_values.not_match_like_pattern",
        "column_values.not_match_like_pattern_list",
        "column_values.not_match_regex",
        "column_values.not_match_regex_list",
        "column_values.null",
        "column_values.of_type",
        "column_values.value_length.between",
        "column_values.value_length.equals",
        "column_pair_values.a_greater_than_b",
        "column_pair_values.equal",
        "column_pair_values.in_set",
        "multicolumn_sum.equal",
        "multicolumn_values.equal",
        "select_column_values.unique.within_record",
    }
)
# Uniqueness compares rows, but within a file when the file is one of the compared columns.
_UNIQUE_METRICS = frozenset({"column_values.unique", "compound_columns.unique"})
_SCHEMA_EXPECTATIONS = frozenset(
    {
        "expect_column_to_exist",
        "expect_table_columns_to_match_ordered_list",
        "expect_table_columns_to_match_set",
    }
)


def splits_by_file(suite: ExpectationSuite, file_column: str = "source_file") -> bool:
    """Whether the suite's outcome on a table of files can be put together from its results on
    groups of whole files (suite_outcome): every expectation judges rows one by one, rows of
    one file (`file_column` among the compared columns), or the columns."""
    return all(_splits_by_file(expectation, file_column) for expectation in suite.expectations)


def _splits_by_file(expectation: Any, file_column: str) -> bool:
    if expectation.expectation_type in _SCHEMA_EXPECTATIONS:
        return True
    metric = getattr(expectation, "map_metric", None)
    if metric in _UNIQUE_METRICS:
        config = expectation.configuration.kwargs
        return file_column in (config.get("column_list") or [config.get("column")])
    return metric in _ROW_WISE_METRICS


def _combined(
    results: list[ExpectationValidationResult], config: ExpectationConfiguration
) -> ExpectationValidationResult:
    """One expectation's result on the whole table from its results on groups of files."""
    from great_expectations.core.expectation_validation_result import (
        ExpectationValidationResult,
    )
    from great_expectations.expectations.expectation import _mostly_success

    for result in results:  # one group GX could not evaluate: the table could not be either
        if _exception_message(result.exception_info or {}) is not None:
            return result
    parts = [result.result or {} for result in results]
    if not any("unexpected_count" in part for part in parts):  # the columns: each part's
        failed = [result for result in results if not result.success]
        return failed[0] if failed else results[0]
    counts = [p["unexpected_count"] for p in parts if p.get("unexpected_count") is not None]
    elements = sum(part.get("element_count") or 0 for part in parts)
    missing = sum(part.get("missing_count") or 0 for part in parts)
    combined: dict[str, Any] = {
        "element_count": elements,
        "unexpected_count": sum(counts) if counts else None,
        "partial_unexpected_list": [
            value for part in parts for value in part.get("partial_unexpected_list") or []
        ][: _SAMPLES["partial_unexpected_count"]],
    }
    if any("missing_count" in part for part in parts):
        combined["missing_count"] = missing
    considered = elements - missing  # the rows the expectation judges (GX's nonnull count)
    success = (
        not counts
        or considered == 0
        or _mostly_success(considered, sum(counts), config.kwargs.get("mostly", 1.0))
    )
    return ExpectationValidationResult(success=success, result=combined, expectation_config=config)


_VALIDATIONS = itertools.count(1)
_DOCS_RENDERER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gx-data-docs")
_PENDING_DOCS: list[Future[ExpectationSuiteIdentifier]] = []


def finish_data_docs() -> None:
    """Wait until the Data Docs pages of this process's validations are written, then write the
    index of the site the last of them went to; raise a rendering failure."""
    last = None
    while _PENDING_DOCS:
        last = _PENDING_DOCS.pop(0).result()
    if last is not None:
        _DOCS_RENDERER.submit(_render_index, last).result()


def _render_index(suite_key: ExpectationSuiteIdentifier) -> None:
    # GX builds the index with a list of pages to render (without one it renders them all):
    # the cheapest, one suite's page again.
    with ENVIRON_LOCK:  # GX copies os.environ, which the dbt step sets (environ.py)
        _docs_context().build_data_docs(
            site_names=[_DOCS_SITE], resource_identifiers=[suite_key], build_index=True
        )


@functools.cache  # one GX context and datasource per process, built on first use
def _datasource() -> SQLDatasource:
    _gx_imported()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context.data_sources.add_sql(name="raw", connection_string=_DATABASE_URL)


def _run_gx(
    datasource: SQLDatasource,
    view: str,
    asset_name: str,
    suite: ExpectationSuite,
    expectations: list[ExpectationConfiguration],
) -> tuple[ExpectationSuiteValidationResult, Batch]:
    """GX's result: counts for all expectations, a sample of values for the failures."""
    import great_expectations as gx

    asset = datasource.add_table_asset(name=asset_name, table_name=view)
    try:
        batch = asset.add_batch_definition_whole_table("all").get_batch()
        # Batch.validate, not a ValidationDefinition: GX's results store keeps only what Data
        # Docs need (see _render_docs), and the counts come first.
        result = batch.validate(
            gx.ExpectationSuite(name=suite.name, expectations=expectations), result_format=_COUNTS
        )
        # Values are only shown for failures; asking GX for them up front costs one more scan
        # (or self-join) per expectation, mostly to find nothing.
        counted = {r.expectation_config.id: r for r in result.results}
        failed = [e for e in expectations if _has_unexpected_rows(counted[e.id])]
        if failed:
            sampled = batch.validate(
                gx.ExpectationSuite(name=suite.name, expectations=failed), result_format=_SAMPLES
            )
            with_samples = {r.expectation_config.id: r for r in sampled.results}
            result.results = [with_samples.get(r.expectation_config.id, r) for r in result.results]
    finally:
        datasource.delete_asset(asset_name)
    return result, batch


@functools.cache  # the renderer's own context: it renders while validations use theirs
def _docs_context() -> AbstractDataContext:
    _gx_imported()
    import great_expectations as gx

    return gx.get_context(mode="ephemeral")


def render_docs(suite: ExpectationSuite, validation: Validation, docs: DataDocs) -> None:
    """Render the suite's page and the validation's page into the Data Docs site of ``docs``.

    Rendering is Python work of its own (a quarter of a second a suite): done beside the steps
    that follow, which mostly wait on DuckDB or dbt. finish_data_docs() waits for it. The suite
    is GX's from then on (adding it to the docs context rewrites its expectations): read the
    outcome from it first."""
    _PENDING_DOCS.append(_DOCS_RENDERER.submit(_render_docs, suite, validation, docs))


def _render_docs(
    suite: ExpectationSuite, validation: Validation, docs: DataDocs
) -> ExpectationSuiteIdentifier:
    """The suite's page and the result's page of the Data Docs site in ``docs.directory`` (GX's
    own site builder, as a checkpoint's UpdateDataDocsAction runs it)."""
    with ENVIRON_LOCK:  # GX copies os.environ, which the dbt step sets (environ.py)
        return _render_pages(suite, validation, docs)


def _render_pages(
    suite: ExpectationSuite, validation: Validation, docs: DataDocs
) -> ExpectationSuiteIdentifier:
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(docs.directory),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    context = _docs_context()
    sites = context.list_data_docs_sites()
    if _DOCS_SITE not in sites:
        context.add_data_docs_site(_DOCS_SITE, site)  # type: ignore[arg-type]
    elif sites[_DOCS_SITE] != site:
        context.update_data_docs_site(_DOCS_SITE, site)  # type: ignore[arg-type]
    suite_key = ExpectationSuiteIdentifier(name=suite.name)
    context.suites.add_or_update(suite)
    # The run that validated, which for a result kept from an earlier run is that run.
    run_id = RunIdentifier(run_name=validation.run_name, run_time=validation.run_time)
    result = validation.result
    result.meta["run_id"] = run_id  # what the page shows, as a ValidationDefinition sets it
    result.meta["validation_time"] = run_id.run_time
    key = ValidationResultIdentifier(suite_key, run_id, validation.batch_id)
    context.validation_results_store.set(key, result)
    # The index once, when the run's pages are all there (finish_data_docs).
    context.build_data_docs(
        site_names=[_DOCS_SITE], resource_identifiers=[suite_key, key], build_index=False
    )
    return suite_key


def _has_unexpected_rows(result: ExpectationValidationResult) -> bool:
    return not result.success and bool((result.result or {}).get("unexpected_count"))


def _read_parquet(con: sa.Connection, files: str) -> str:
    """The table function for the view: union_by_name only when the parts' schemas differ.

    With union_by_name DuckDB reads every part's footer each time a query binds the view, some
    40 ms for 200 parts on each of GX's ~40 queries; without it, the first part's. DuckDB matches
    the other parts' columns by name, so parts with one schema (the usual case) read the same.
    """
    schemas = con.exec_driver_sql(
        "SELECT count(DISTINCT columns) FROM (SELECT list((name, type, converted_type, scale, "
        "precision, logical_type)::VARCHAR ORDER BY name) AS columns "
        f"FROM parquet_schema({files}) GROUP BY file_name)"
    ).fetchone()
    union = "" if _scalar(schemas) == 1 else ", union_by_name = true"
    return f"read_parquet({files}{union})"


def _scalar(row: tuple[Any, ...] | None) -> int:
    assert row is not None  # count(*) always returns one row
    return int(row[0])


def _sql_literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _outcome(
    result: ExpectationValidationResult, config: ExpectationConfiguration
) -> ExpectationOutcome:
    kwargs = config.kwargs
    columns = kwargs.get("column_list") or [
        kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs
    ]
    error = _exception_message(result.exception_info or {})
    details_map: dict[str, Any] = result.result or {}
    unexpected = details_map.get("unexpected_count")
    return ExpectationOutcome(
        expectation=config.type,
        column=", ".join(columns) or None,
        success=bool(result.success) and error is None,
        unexpected_count=None if error is not None or unexpected is None else int(unexpected),
        details=_details(details_map, kwargs, error),
        severity=cast(Severity, config.severity.value),
    )


def _exception_message(info: Mapping[str, Any]) -> str | None:
    # GX 1.x reports an exception either flat or keyed by the id of the metric that raised it.
    candidates = [info, *(v for v in info.values() if isinstance(v, Mapping))]
    for candidate in candidates:
        if candidate.get("raised_exception"):
            return str(candidate.get("exception_message") or "exception in GX")
    return None


def _details(result: dict[str, Any], kwargs: Mapping[str, Any], error: str | None) -> str:
    if error is not None:
        text = f"not evaluated: {error}"
    elif "unexpected_count" in result and result["unexpected_count"] is None:
        text = "no rows to check"  # GX reports no count for an empty table
    elif "unexpected_count" in result:
        total = result.get("element_count", 0)
        text = f"{result['unexpected_count']:,} of {total:,} rows unexpected"
        if total:
            text += f" ({100 * result['unexpected_count'] / total:.2f}%)"
        if "mostly" in kwargs:
            text += f", mostly={kwargs['mostly']}"
        # Distinct non-null examples; a null example says nothing the count does not.
        examples = dict.fromkeys(map(repr, result.get("partial_unexpected_list") or []))
        if sample := [v for v in examples if v != "None"][:3]:
            text += "; e.g. " + ", ".join(sample)
    elif mismatched := (result.get("details") or {}).get("mismatched"):
        text = f"mismatched: {mismatched}"
    elif "observed_value" in result:
        text = f"observed {result['observed_value']!r}"
    else:
        text = "ok"
    text = " ".join(text.split())  # DuckDB errors span lines; a table cell cannot
    return text if len(text) <= _DETAILS_MAX else text[: _DETAILS_MAX - 3] + "..."
