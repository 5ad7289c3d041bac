"""Validate a raw Parquet table with a Great Expectations 1.x suite, as SQL inside DuckDB.

Every expectation is compiled by GX to SQL and executed by a private DuckDB that reads the
Parquet file in place: no row is loaded into pandas, so a 10-million-row table costs seconds.
One GX context and one in-memory DuckDB serve every validation of a process (a Dagster run
validates ten sources in a row): each validation only adds a view and a GX table asset.
Suites live in ``expectations/<source>.json`` in a small format of our own (see ``load_suite``).
"""

from __future__ import annotations

import functools
import glob
import itertools
import json
import os
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import sqlalchemy as sa
from duckdb_engine import Dialect as DuckDBDialect
from sqlalchemy.dialects import postgresql, registry
from sqlalchemy.dialects.postgresql.psycopg2 import PGExecutionContext_psycopg2
from sqlalchemy.engine.cursor import FullyBufferedCursorFetchStrategy

if TYPE_CHECKING:
    from great_expectations.core.expectation_validation_result import (
        ExpectationValidationResult,
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
    "SuiteDefinition",
    "SuiteFormatError",
    "SuiteOutcome",
    "load_suite",
    "validate_parquet",
]

Severity = Literal["error", "warn"]
_SEVERITIES: tuple[Severity, ...] = ("error", "warn")
_GX_SEVERITY: dict[Severity, str] = {"error": "critical", "warn": "warning"}
_SUITE_KEYS = {"name", "severity", "notes", "expectations"}
_EXPECTATION_KEYS = {"type", "kwargs", "severity", "notes"}
_DETAILS_MAX = 200
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
    severity: Severity = "error"


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
        """True when an expectation of severity ``error`` failed."""
        return any(o.severity == "error" for o in self.failures)

    @property
    def failure_severity(self) -> Severity | None:
        """The worst severity among failed expectations, None when all passed."""
        if not self.failures:
            return None
        return "error" if self.blocking else "warn"

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
    """A suite file is not in the expected format."""


_Fail = Callable[[str], SuiteFormatError]


@dataclass(frozen=True)
class ExpectationDefinition:
    type: str
    kwargs: Mapping[str, Any]
    severity: Severity
    notes: str | None


@dataclass(frozen=True)
class SuiteDefinition:
    name: str
    severity: Severity
    notes: str | None
    expectations: tuple[ExpectationDefinition, ...]


def load_suite(suite_path: Path) -> SuiteDefinition:
    """Read a suite file.

    Format: ``{"name": str, "severity"?: "error"|"warn", "notes"?: str, "expectations":
    [{"type": <GX expectation type>, "kwargs": {...}, "severity"?: ..., "notes"?: str}]}``.
    ``kwargs`` are GX's own (``column``, ``mostly``, ``value_set``, ``row_condition``, ...).
    An expectation's severity defaults to the suite's, which defaults to ``error``.
    """
    if not suite_path.is_file():
        raise FileNotFoundError(f"expectation suite file not found: {suite_path}")
    try:
        raw = json.loads(suite_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise SuiteFormatError(f"{suite_path}: not valid JSON: {e}") from e

    def fail(message: str) -> SuiteFormatError:
        return SuiteFormatError(f"{suite_path}: {message}")

    if not isinstance(raw, dict):
        raise fail("the top level must be an object")
    if unknown := set(raw) - _SUITE_KEYS:
        raise fail(f"unknown keys {sorted(unknown)}; allowed: {sorted(_SUITE_KEYS)}")
    name, items = raw.get("name"), raw.get("expectations")
    if not isinstance(name, str) or not name:
        raise fail('"name" must be a non-empty string')
    if not isinstance(items, list) or not items:
        raise fail('"expectations" must be a non-empty list')
    suite_severity = _severity(raw.get("severity", "error"), fail, "suite")

    expectations = []
    for i, item in enumerate(items):
        where = f"expectations[{i}]"
        if not isinstance(item, dict):
            raise fail(f"{where} must be an object")
        if unknown := set(item) - _EXPECTATION_KEYS:
            raise fail(f"{where}: unknown keys {sorted(unknown)}")
        type_, kwargs = item.get("type"), item.get("kwargs", {})
        if not isinstance(type_, str) or not isinstance(kwargs, dict):
            raise fail(f'{where}: "type" must be a string and "kwargs" an object')
        expectations.append(
            ExpectationDefinition(
                type=type_,
                kwargs=kwargs,
                severity=_severity(item.get("severity", suite_severity), fail, where),
                notes=_notes(item.get("notes"), fail, where),
            )
        )
    return SuiteDefinition(
        name=name,
        severity=suite_severity,
        notes=_notes(raw.get("notes"), fail, "suite"),
        expectations=tuple(expectations),
    )


def _severity(value: object, fail: _Fail, where: str) -> Severity:
    if value not in _SEVERITIES:
        raise fail(f"{where}: severity must be one of {list(_SEVERITIES)}, not {value!r}")
    return cast(Severity, value)


def _notes(value: object, fail: _Fail, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise fail(f'{where}: "notes" must be a string')


def _gx_expectations(
    definition: SuiteDefinition, suite_path: Path
) -> list[ExpectationConfiguration]:
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )
    from great_expectations.expectations.metadata_types import FailureSeverity

    expectations = []
    for i, e in enumerate(definition.expectations):
        try:
            config = ExpectationConfiguration(
                type=e.type,
                kwargs=dict(e.kwargs),
                notes=e.notes,
                severity=FailureSeverity(_GX_SEVERITY[e.severity]),
                # A suite outside a context gets no ids from GX; results are matched back by id.
                id=str(uuid.uuid4()),
            )
            config.to_domain_obj()  # GX checks the type and kwargs here
            expectations.append(config)
        except Exception as exc:  # GX raises several unrelated types for a bad type or kwargs
            raise SuiteFormatError(f"{suite_path}: expectations[{i}] ({e.type}): {exc}") from exc
    return expectations


# --- validation --------------------------------------------------------------------------------


def validate_parquet(parquet_path: Path, suite_path: Path) -> SuiteOutcome:
    """Run the suite in ``suite_path`` against Parquet data, inside a private DuckDB.

    ``parquet_path`` is a file, a directory (all its ``*.parquet`` parts, as one table) or a
    glob pattern. Raises FileNotFoundError when no Parquet file or no suite file is there, and
    SuiteFormatError for a bad suite.
    A failing expectation is an outcome, not an exception; so is an expectation that GX could
    not evaluate (e.g. a missing column), with GX's message in ``details``.
    """
    definition = load_suite(suite_path)
    pattern = parquet_path / "*.parquet" if parquet_path.is_dir() else parquet_path
    if not glob.glob(str(pattern)):
        raise FileNotFoundError(f"parquet file not found: {pattern}")
    expectations = _gx_expectations(definition, suite_path)

    # GX gets a view over the Parquet, a real table to reflect: for a query asset it runs the
    # bare query to learn the columns, which with buffering would pull every row into Python.
    # A fresh view and asset name per validation, as GX caches reflection and metrics by name.
    with _GX_LOCK:
        datasource = _datasource()
        n = next(_VALIDATIONS)
        view = f"raw_table_{n}"
        with datasource.get_engine().begin() as con:
            source = _read_parquet(con, _sql_literal(pattern.absolute()))
            con.exec_driver_sql(f"CREATE VIEW {view} AS SELECT * FROM {source}")
            rows = _scalar(con.exec_driver_sql(f"SELECT count(*) FROM {view}").fetchone())
        try:
            by_id = _run_gx(datasource, view, f"{definition.name}#{n}", expectations)
        finally:
            with datasource.get_engine().begin() as con:
                con.exec_driver_sql(f"DROP VIEW {view}")

    # GX does not keep suite order in its results; report in the order of the suite file.
    outcomes = tuple(
        _outcome(by_id[gx_expectation.id], spec)
        for gx_expectation, spec in zip(expectations, definition.expectations, strict=True)
    )
    return SuiteOutcome(
        suite=definition.name,
        success=all(o.success for o in outcomes),
        evaluated_rows=rows,
        outcomes=outcomes,
    )


_VALIDATIONS = itertools.count(1)


@functools.cache  # one GX context and datasource per process, built on first use
def _datasource() -> SQLDatasource:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context.data_sources.add_sql(name="raw", connection_string=_DATABASE_URL)


def _run_gx(
    datasource: SQLDatasource, view: str, name: str, expectations: list[ExpectationConfiguration]
) -> dict[str | None, ExpectationValidationResult]:
    """GX's results by expectation id: counts for all, a sample of values for the failures."""
    import great_expectations as gx

    asset = datasource.add_table_asset(name=name, table_name=view)
    try:
        batch = asset.add_batch_definition_whole_table("all").get_batch()
        # Batch.validate, not a ValidationDefinition: nothing goes to GX's results store,
        # whose serialisation cost more than the queries on small tables.
        counted = batch.validate(
            gx.ExpectationSuite(name=name, expectations=expectations), result_format=_COUNTS
        )
        by_id = {r.expectation_config.id: r for r in counted.results}
        # Values are only shown for failures; asking GX for them up front costs one more scan
        # (or self-join) per expectation, mostly to find nothing.
        failed = [e for e in expectations if _has_unexpected_rows(by_id[e.id])]
        if failed:
            sampled = batch.validate(
                gx.ExpectationSuite(name=name, expectations=failed), result_format=_SAMPLES
            )
            by_id.update((r.expectation_config.id, r) for r in sampled.results)
    finally:
        datasource.delete_asset(name)
    return by_id


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
    result: ExpectationValidationResult, spec: ExpectationDefinition
) -> ExpectationOutcome:
    kwargs = spec.kwargs
    columns = kwargs.get("column_list") or [
        kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs
    ]
    error = _exception_message(result.exception_info or {})
    details_map: dict[str, Any] = result.result or {}
    unexpected = details_map.get("unexpected_count")
    return ExpectationOutcome(
        expectation=spec.type,
        column=", ".join(columns) or None,
        success=bool(result.success) and error is None,
        unexpected_count=None if error is not None or unexpected is None else int(unexpected),
        details=_details(details_map, kwargs, error),
        severity=spec.severity,
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
