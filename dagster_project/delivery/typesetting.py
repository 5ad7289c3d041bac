"""A statement as a PDF, and its review chart as the PNG the e-mail shows, typeset by Typst (its
Python binding: a wheel, no system library) from report_templates/statement.typ and
review_chart_image.typ. Typst takes about 20 ms a statement and 5 ms a chart here, WeasyPrint
about 450 ms a statement: the batch of a 5,000-partner vendor has to render in a minute or two.

The template receives the statement as data (JSON in `sys.inputs`), every figure already formatted
here as the HTML shows it: names and reasons are strings to Typst, never markup, so nothing a
partner, contact or customer is called can change the document.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

import typst

from dagster_project.delivery.formatting import (
    DECISION_WORDS,
    GROWTH_WORDS,
    duration,
    hours,
    percent,
    usd,
)
from dagster_project.paths import REPORT_TEMPLATES_DIR

if TYPE_CHECKING:  # statements.py renders with this module
    from dagster_project.delivery.statements import Statement

PDF_TEMPLATE = REPORT_TEMPLATES_DIR / "statement.typ"
CHART_TEMPLATE = REPORT_TEMPLATES_DIR / "review_chart_image.typ"
CHART_PPI = 120  # 16 cm wide: 756 pixels, shown 600 wide (144 ppi costs 2-3 ms more a chart)


class StatementTypesetter:
    """Typesets statements and their charts; one compiler each for the whole batch (fonts are
    loaded once)."""

    def __init__(self, thresholds: dict[str, dict[str, Decimal]]) -> None:
        root = str(REPORT_TEMPLATES_DIR)
        self._pdf = typst.Compiler(str(PDF_TEMPLATE), root=root)
        self._chart_compiler = typst.Compiler(str(CHART_TEMPLATE), root=root)
        # Per quarter: tier name (in words) -> the threshold USD in force, lowest first.
        self._thresholds = thresholds

    def pdf(self, statement: Statement) -> bytes:
        data = json.dumps(self.data(statement))
        return self._pdf.compile(format="pdf", sys_inputs={"data": data})

    def chart_png(self, statement: Statement) -> bytes:
        data = json.dumps(self.chart(statement))
        return self._chart_compiler.compile(format="png", ppi=CHART_PPI, sys_inputs={"data": data})

    def data(self, s: Statement) -> dict:
        return {
            "title": f"{s.partner_name}: partner statement {s.fiscal_quarter}",
            "partner_name": s.partner_name,
            "partner_id": s.partner_id,
            "quarter": s.fiscal_quarter,
            "is_open": s.is_open,
            "status_text": s.status_text(),
            "tier_rows": _tier_rows(s),
            "tier_notes": s.tier_notes(),
            "chart": self.chart(s),
            "actions": [a.sentence(s.fiscal_quarter) for a in s.next_actions],
            "rule_changes": [change.sentence() for change in s.rule_changes],
            "revenue_rows": [
                [
                    line.product_line,
                    usd(line.net_revenue_usd),
                    usd(line.prior_year_revenue_usd),
                    percent(line.market_growth_rate, 2),
                    GROWTH_WORDS.get(line.growth_decision, line.growth_decision)
                    + (
                        f" (needed {usd(line.market_target_usd)})"
                        if line.growth_decision == "BELOW_MARKET"
                        else ""
                    ),
                ]
                for line in s.revenue_by_product_line
            ],
            "net_revenue": usd(s.net_revenue_usd),
            "coverage_text": s.coverage_text(),
            "reward_rows": [
                [
                    r.reward,
                    r.reference,
                    usd(r.basis_usd),
                    "flat" if r.rate is None else percent(r.rate, 2),
                    usd(r.amount_usd),
                ]
                for r in s.rewards
            ],
            "total_rewards": usd(s.total_rewards_usd),
            "total_label": "Total, with the adjustments below" if s.adjustments else "Total",
            "adjustment_rows": [
                [
                    a.adjusts_quarter,
                    a.reward,
                    a.reference,
                    usd(a.booked_usd),
                    usd(a.now_usd),
                    usd(a.difference_usd),
                    a.explanation,
                ]
                for a in s.adjustments
            ],
            "pending": [
                f"{p.reward}, {p.product_line} (on {usd(p.basis_usd)}): waiting for the market's"
                " growth figure for this quarter"
                for p in s.pending_rewards
            ],
            "claim_rows": [
                [
                    c.claim_id or "(no id)",
                    c.reward,
                    usd(c.amount_claimed_usd),
                    DECISION_WORDS.get(c.decision, c.decision),
                    usd(c.amount_approved_usd),
                    c.reason,
                ]
                for c in s.claims
            ],
            "payment_lines": [
                f"Payment received: {usd(p.amount_usd)} on {p.paid_on:%-d %B %Y}"
                f" ({p.payment_id}{', for claim ' + p.claim_id if p.claim_id else ''})"
                for p in s.payments
            ],
            "claims_text": s.claims_text(),
            "sla_rows": [
                [
                    line.request_type,
                    hours(line.target_hours, 0),
                    f"{line.requests}"
                    + (f" ({line.pending} still within target)" if line.pending else ""),
                    "not yet measured"
                    if line.attainment_rate is None
                    else percent(line.attainment_rate),
                    hours(line.median_hours),
                    hours(line.p90_hours),
                ]
                for line in s.sla
            ],
            "breached": [
                f"{r.request_id}, {r.request_type.lower()} of {r.submitted_at:%-d %B %Y}: "
                + (
                    "still open"
                    if r.turnaround_hours is None
                    else f"answered in {duration(r.turnaround_hours)}"
                )
                for r in s.breached_requests
            ],  # fmt: skip
            "support_line": s.support_line,
        }

    def chart(self, s: Statement) -> dict:
        """The review revenue of the last quarters against the thresholds, as numbers to draw
        (floats for the drawing only; the figures printed are the Decimals above)."""
        values = [float(review) for _, review in s.review_history]
        top = max(values + [0.0])
        thresholds = self._thresholds.get(s.fiscal_quarter, {})  # those the quarter's review used
        levels = [float(t) for t in thresholds.values() if t > 0]
        # The thresholds reached, and the first one above: the bar's way to the next tier.
        shown = [t for t in levels if t <= top] + [t for t in levels if t > top][:1]
        scale = max([top, *shown, 1.0]) * 1.1
        return {
            "quarters": [q for q, _ in s.review_history],
            "values": values,
            "scale": scale,
            "thresholds": [[name, float(t)] for name, t in thresholds.items() if float(t) in shown],
        }


def _tier_rows(s: Statement) -> list[list[str]]:
    rows = [
        ["Tier in force this quarter", s.tier_in_force],
        ["Trailing four-quarter revenue", usd(s.review_revenue_usd)],
        ["Tier this review would earn", s.earned_tier],
    ]
    if s.next_tier:
        rows += [
            ["Next tier", s.next_tier],
            [f"Revenue still needed for {s.next_tier}", usd(s.gap_to_next_tier_usd)],
        ]
    return rows
