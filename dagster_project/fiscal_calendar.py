"""Fiscal quarters in Python, as the models key them (dbt/macros/fiscal_calendar.sql): the text
form FY2027-Q1 and the index fiscal_year * 4 + quarter - 1, so that the quarter before is
index - 1. The fiscal year starts in the month of dbt_project.yml's var
`fiscal_year_start_month` (default April), the models' own, and is named after the calendar
year it ends in."""

import functools
import re
from datetime import date

import yaml

from dagster_project.paths import DBT_DIR

QUARTER_TEXT = r"FY\d{4}-Q[1-4]"  # every quarter key's text form; other patterns embed it
_QUARTER = re.compile(QUARTER_TEXT)


@functools.cache
def fiscal_year_start_month() -> int:
    """The month the fiscal year starts, as the models read it (dbt_project.yml's vars)."""
    project = yaml.safe_load((DBT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return int(project["vars"]["fiscal_year_start_month"])


def quarter_index(text: str) -> int | None:
    """FY2027-Q1 -> 2027 * 4 + 0; None for a text that is no quarter in that form."""
    if not _QUARTER.fullmatch(text):
        return None
    return int(text[2:6]) * 4 + int(text[-1]) - 1


def quarter_label(index: int) -> str:
    """2027 * 4 + 0 -> FY2027-Q1."""
    return f"FY{index // 4}-Q{index % 4 + 1}"


def fiscal_of(year: int, month: int, start: int | None = None) -> tuple[int, int]:
    """(fiscal year, fiscal quarter) of a calendar month, the fiscal year starting in month
    `start` (default: the models')."""
    start = fiscal_year_start_month() if start is None else start
    fiscal_year = year + 1 if (start > 1 and month >= start) else year
    return fiscal_year, (month - start) % 12 // 3 + 1


def quarter_index_of(day: date) -> int:
    """The index of the fiscal quarter a day falls in."""
    fiscal_year, quarter = fiscal_of(day.year, day.month)
    return fiscal_year * 4 + quarter - 1
