"""A quarter's context for statements built by hand in tests (no warehouse): the shipped
program's names and thresholds, read from seeds/ as dbt loads them (rows since the program
began), and the fiscal calendar (overview: Fiscal calendar; the year starts in April)."""

import csv
from datetime import UTC, date, datetime
from decimal import Decimal

from dagster_project.delivery.statement_data import Names, QuarterContext
from dagster_project.paths import SEEDS_DIR

# The quarters the tests state, with their calendar days (overview: Fiscal calendar, April start).
QUARTER_DAYS = {
    "FY2027-Q2": (date(2026, 7, 1), date(2026, 9, 30)),
    "FY2027-Q3": (date(2026, 10, 1), date(2026, 12, 31)),
    "FY2027-Q4": (date(2027, 1, 1), date(2027, 3, 31)),
}


def _rows(seed: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / f"{seed}.csv").open(encoding="utf-8", newline="") as file:
        return [row for row in csv.DictReader(file) if not row.get("effective_from")]


def _names(seed: str, key: str) -> dict[str, str]:
    return {row[key]: row["display_name"] for row in _rows(seed)}


def shipped_names() -> Names:
    (program,) = _rows("program")
    tiers = sorted(_rows("tier_thresholds"), key=lambda row: int(row["tier_rank"]))
    return Names(
        program=program["program_name"],
        sender=program["statement_sender"],
        tiers={row["tier"]: row["display_name"] for row in tiers},
        thresholds={row["tier"]: Decimal(row["threshold_usd"]) for row in tiers},
        product_lines=_names("product_lines", "product_line"),
        reward_types={
            row["reward_type"]: (row["display_name"], row["description"])
            for row in _rows("reward_types")
        },
        request_types=_names("request_types", "request_type"),
        segments=_names("customer_segments", "end_customer_segment"),
        solutions=_names("solutions", "solution"),
        adjustment_reasons={},
        growth_decisions=_words("growth_decision"),
        claim_decisions=_words("claim_decision"),
        next_actions={
            row["action"]: (int(row["priority"]), row["words"]) for row in _rows("next_actions")
        },
    )


def _words(subject: str) -> dict[str, str]:
    return {
        row["code"]: row["words"] for row in _rows("partner_words") if row["subject"] == subject
    }


def quarter_context(
    fiscal_quarter: str,
    *,
    as_of: datetime = datetime(2026, 11, 15, 12, tzinfo=UTC),
    is_open: bool = True,
    coverage_gate_share: Decimal = Decimal("0.95"),
) -> QuarterContext:
    starts_on, ends_on = QUARTER_DAYS[fiscal_quarter]
    return QuarterContext(
        fiscal_quarter=fiscal_quarter,
        starts_on=starts_on,
        ends_on=ends_on,
        as_of=as_of,
        is_open=is_open,
        is_closed=False,
        closed_at=None,
        closed_figures_as_of=None,
        coverage_gate_share=coverage_gate_share,
        names=shipped_names(),
    )
