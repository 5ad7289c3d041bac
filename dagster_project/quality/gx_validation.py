"""Validate a raw Parquet table with a Great Expectations 1.x suite, as SQL inside DuckDB.

Every expectation is compiled by GX to SQL and executed by a private DuckDB that reads the
Parquet file in place: no row is loaded into pandas, so a 10-million-row table costs seconds.
Suites live in ``expectations/<source>.json`` in a small format of our own (see ``load_suite``).
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import duckdb
import sqlalchemy as sa
from duckdb_engine import Dialect as DuckDBDialect
from sqlalchemy.dialects import postgresql, registry
from sqlalchemy.dialects.postgresql.psycopg2 import PGExecutionContext_psycopg2
from sqlalchemy.engine.cursor import FullyBufferedCursorFetchStrategy

if TYPE_CHECKING:
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )
    from great_expectations.expectations.expectation import Expectation

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
_TABLE = "raw_table"
# gx.get_context() sets a process-wide "current project" that suites resolve through, so two
# validations in two threads would step on each other.
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


def _gx_expectations(definition: SuiteDefinition, suite_path: Path) -> list[Expectation]:
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
            )
            expectations.append(config.to_domain_obj())
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

    # A throwaway DuckDB file holding only a view over the Parquet file: GX gets a real table
    # to reflect (for a query asset it runs the bare query to learn the columns, which with
    # buffering would pull every row into Python) and shares nothing with the warehouse.
    with _GX_LOCK, tempfile.TemporaryDirectory(prefix="gx-duckdb-") as tmp:
        database = Path(tmp) / "gx.duckdb"
        with duckdb.connect(str(database)) as con:
            con.execute(
                f"CREATE VIEW {_TABLE} AS SELECT * FROM read_parquet("
                f"{_sql_literal(pattern.absolute())}, union_by_name = true)"
            )
            rows = _scalar(con.execute(f"SELECT count(*) FROM {_TABLE}").fetchone())
        result, gx_ids = _run_gx(f"duckdb+buffered:///{database}", definition.name, expectations)

    # GX does not keep suite order in its results; report in the order of the suite file.
    by_id = {r.expectation_config.id: r for r in result.results}
    outcomes = tuple(
        _outcome(by_id[gx_id], spec)
        for gx_id, spec in zip(gx_ids, definition.expectations, strict=True)
    )
    return SuiteOutcome(
        suite=definition.name,
        success=all(o.success for o in outcomes),
        evaluated_rows=rows,
        outcomes=outcomes,
    )


def _run_gx(
    url: str, name: str, expectations: list[Expectation]
) -> tuple[ExpectationSuiteValidationResult, list[str | None]]:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    datasource = context.data_sources.add_sql(name="raw", connection_string=url)
    try:
        batch = datasource.add_table_asset(name=name, table_name=_TABLE)
        suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        validation = context.validation_definitions.add(
            gx.ValidationDefinition(
                name=name, data=batch.add_batch_definition_whole_table("all"), suite=suite
            )
        )
        # BASIC: counts plus a sample of 20 values, no extra GROUP BY queries per expectation.
        result = validation.run(result_format="BASIC")
    finally:
        # GX builds two engines (datasource and execution engine); both hold the DuckDB file.
        datasource.get_engine().dispose()
        datasource.get_execution_engine().engine.dispose()
    return result, [e.id for e in suite.expectations]


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
