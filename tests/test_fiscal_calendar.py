"""Fiscal quarters in Python agree with the models' calendar (dbt/macros/fiscal_calendar.sql)."""

from datetime import date

import pytest

from dagster_project.fiscal_calendar import (
    fiscal_of,
    fiscal_year_start_month,
    quarter_index,
    quarter_index_of,
    quarter_label,
)


def test_the_start_month_is_the_models_var() -> None:
    assert fiscal_year_start_month() == 4  # dbt_project.yml: April, overview: Fiscal calendar


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2026, 3, 31), "FY2026-Q4"),
        (date(2026, 4, 1), "FY2027-Q1"),
        (date(2026, 6, 30), "FY2027-Q1"),
        (date(2026, 7, 1), "FY2027-Q2"),
        (date(2026, 12, 31), "FY2027-Q3"),
        (date(2027, 1, 1), "FY2027-Q4"),
    ],
)
def test_a_day_falls_in_the_quarter_of_an_april_year(day: date, quarter: str) -> None:
    assert quarter_label(quarter_index_of(day)) == quarter
    assert quarter_index(quarter) == quarter_index_of(day)


@pytest.mark.parametrize(
    ("start", "month", "fiscal"),
    [(1, 1, (2026, 1)), (1, 12, (2026, 4)), (10, 9, (2026, 4)), (10, 10, (2027, 1))],
)
def test_a_year_is_named_after_the_calendar_year_it_ends_in(
    start: int, month: int, fiscal: tuple[int, int]
) -> None:
    assert fiscal_of(2026, month, start) == fiscal


@pytest.mark.parametrize("text", ["FY2027-Q5", "FY2027-Q0", "FY2027-Q1 ", "2027-Q1", "FY27-Q1"])
def test_only_the_text_form_is_a_quarter(text: str) -> None:
    assert quarter_index(text) is None
