"""Fiscal quarters in Python, as the models key them (dbt/macros/fiscal_calendar.sql): the text
form FY2027-Q1 and the index fiscal_year * 4 + quarter - 1, so that the quarter before is
index - 1."""

import re

QUARTER = re.compile(r"FY(\d{4})-Q([1-4])")


def quarter_index(text: str) -> int | None:
    """FY2027-Q1 -> 2027 * 4 + 0; None for a text that is no quarter in that form."""
    match = QUARTER.fullmatch(text)
    return int(match[1]) * 4 + int(match[2]) - 1 if match else None


def quarter_label(index: int) -> str:
    """2027 * 4 + 0 -> FY2027-Q1."""
    return f"FY{index // 4}-Q{index % 4 + 1}"
