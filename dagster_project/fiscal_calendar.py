"""Fiscal quarters in Python, as the models key them (dbt/macros/fiscal_calendar.sql): the text
form FY2027-Q1 and the index fiscal_year * 4 + quarter - 1, so that the quarter before is
index - 1."""

import re
from datetime import date

QUARTER = re.compile(r"FY(\d{4})-Q([1-4])")


def quarter_index(text: str) -> int | None:
    """FY2027-Q1 -> 2027 * 4 + 0; None for a text that is no quarter in that form."""
    match = QUARTER.fullmatch(text)
    return int(match[1]) * 4 + int(match[2]) - 1 if match else None


def quarter_label(index: int) -> str:
    """2027 * 4 + 0 -> FY2027-Q1."""
    return f"FY{index // 4}-Q{index % 4 + 1}"


def quarter_index_of(day: date) -> int:
    """The quarter a day falls in (the fiscal year starts in April: FY2027 = 2026-04 .. 2027-03)."""
    fiscal_year = day.year + 1 if day.month >= 4 else day.year
    return fiscal_year * 4 + ((day.month - 4) % 12) // 3
