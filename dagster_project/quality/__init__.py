"""Data quality of the raw tables: Great Expectations suites run as SQL inside DuckDB."""

from dagster_project.quality.gx_validation import (
    ExpectationOutcome,
    SuiteFormatError,
    SuiteOutcome,
    validate_parquet,
)

__all__ = ["ExpectationOutcome", "SuiteFormatError", "SuiteOutcome", "validate_parquet"]
