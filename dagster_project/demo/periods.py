"""Months and fiscal quarters of the demo period (overview: Fiscal calendar)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from dagster_project.fiscal_calendar import fiscal_of


@dataclass(frozen=True)
class Month:
    """One calendar month of the demo, with its place in the fiscal calendar."""

    idx: int  # 0-based position in the demo
    year: int
    month: int
    fiscal_year: int
    fiscal_quarter: int  # 1..4
    quarter_idx: int  # 0-based position of its fiscal quarter in the demo
    month_in_quarter: int  # 0..2

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def end(self) -> date:
        return date(self.year, self.month, self.days)

    @property
    def quarter_label(self) -> str:
        return f"FY{self.fiscal_year}-Q{self.fiscal_quarter}"


def parse_month(text: str) -> tuple[int, int]:
    """`YYYY-MM` -> (year, month); anything else is a caller error."""
    try:
        year_s, month_s = text.split("-")
        year, month = int(year_s), int(month_s)
    except ValueError as exc:
        raise ValueError(f"first_month must look like YYYY-MM, got {text!r}") from exc
    if not 1 <= month <= 12 or len(year_s) != 4:
        raise ValueError(f"first_month must look like YYYY-MM, got {text!r}")
    return year, month


def demo_months(first_month: str, months: int, fy_start: int) -> list[Month]:
    """The consecutive months of the demo, each tagged with its fiscal quarter."""
    year, month = parse_month(first_month)
    out: list[Month] = []
    labels: list[tuple[int, int]] = []
    for idx in range(months):
        y, m = year + (month - 1 + idx) // 12, (month - 1 + idx) % 12 + 1
        fy, fq = fiscal_of(y, m, fy_start)
        if not labels or labels[-1] != (fy, fq):
            labels.append((fy, fq))
        out.append(
            Month(
                idx=idx,
                year=y,
                month=m,
                fiscal_year=fy,
                fiscal_quarter=fq,
                quarter_idx=len(labels) - 1,
                month_in_quarter=(m - fy_start) % 3,
            )
        )
    return out


def months_ending_this_quarter(months: int, fy_start: int, today: date | None = None) -> str:
    """The first month (`YYYY-MM`) of `months` months that end with today's fiscal quarter."""
    today = today or date.today()
    fiscal_month = (today.month - fy_start) % 12
    last = today.year * 12 + today.month - 1 + (2 - fiscal_month % 3)  # months since year 0
    first = last - (months - 1)
    return f"{first // 12:04d}-{first % 12 + 1:02d}"


def quarter_labels(months: list[Month]) -> list[str]:
    """Fiscal quarters touched by the demo, in order."""
    seen: dict[str, None] = {}
    for m in months:
        seen.setdefault(m.quarter_label, None)
    return list(seen)
