"""Statements (issue 16): what to do next, from the mart partner_next_actions, and the
statements of the as-of quarter and the quarter before it, in words, on the hand-made fixture."""

from __future__ import annotations

import re
from decimal import Decimal

from tests import expected_small as expected
from tests.pipeline_runs import Run
from tests.test_end_to_end import assert_same_rows, fetch

# Spec section 5, default thresholds (USD).
THRESHOLDS = {
    "AUTHORIZED": Decimal(0),
    "SILVER": Decimal(250_000),
    "GOLD": Decimal(1_000_000),
    "PLATINUM": Decimal(5_000_000),
}
CLOSED_QUARTER = "FY2027-Q2"


def _text(path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).split())


def test_next_actions_follow_the_tiers(run: Run) -> None:
    """The fixture's tiers (worked out by hand) give every NEXT_TIER and KEEP_TIER action; no
    product line grows slower than a known market and every coverage gate that fails has no
    positive revenue, so there is no other action."""
    wanted = []
    for partner, quarter, review, _, in_force, next_tier, gap, at_risk in expected.PARTNER_TIERS:
        if next_tier is not None and gap > 0:
            wanted.append((partner, quarter, "NEXT_TIER", next_tier, gap))
        if at_risk and THRESHOLDS[in_force] > review:
            wanted.append((partner, quarter, "KEEP_TIER", in_force, THRESHOLDS[in_force] - review))
    rows = fetch(
        run.warehouse,
        "partner_next_actions",
        ("partner_id", "fiscal_quarter", "action", "tier", "amount_usd"),
    )
    assert_same_rows(rows, wanted, "partner_next_actions")


def test_statements_of_the_as_of_quarter_and_the_quarter_before(run: Run) -> None:
    for quarter in (CLOSED_QUARTER, expected.AS_OF_QUARTER):
        names = {path.name for path in (run.outbox / quarter).glob("*.html")}
        assert names == {f"{partner}.html" for partner in expected.PARTNER_NAMES}, quarter

    closed = _text(run.outbox / CLOSED_QUARTER / "P001.html")
    assert "statement for FY2027-Q2 (quarter to date)" not in closed
    assert "FY2027-Q2 has closed: these are its final figures." in closed
    assert "What to do next" not in closed

    text = _text(run.outbox / expected.AS_OF_QUARTER / "P001.html")
    assert "statement for FY2027-Q3 (quarter to date)" in text
    assert "Tier in force this quarter Silver" in text  # words, not SILVER
    assert "Sell $747,500.00 more by the close of FY2027-Q3 to reach Gold at its review." in text
    assert "Partner Support Centre" in text
    # P007 holds Silver with a review of 25,000.00: 225,000.00 keeps it.
    text = _text(run.outbox / expected.AS_OF_QUARTER / "P007.html")
    assert "Sell $225,000.00 more by the close of FY2027-Q3 to keep Silver." in text
    # P006 holds Platinum: its field team answers.
    text = _text(run.outbox / expected.AS_OF_QUARTER / "P006.html")
    assert "Your field team" in text and "highest tier" in text
