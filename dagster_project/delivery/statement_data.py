"""A partner's statement as data (overview: Statements): its figures as the marts hold them, keyed
by the program's codes (tiers, reward types, product lines), a few rows per partner; and the
quarter's context every statement of it shares (its calendar days, the as-of date, the rules and
names in force). Nothing here is wording: statement_document.py words it, and the figures hash
(statement_email.py) covers a `Statement` alone, so that a reworded sentence or a renamed tier
revises nothing.

Every figure is read from the published marts (partner_statements, partner_tiers, rebate_ledger,
pending_rewards, partner_product_line_revenue, ledger_adjustments, sla_attainment, sla_requests,
claim_decisions, rebate_payments, rebate_reconciliation, partner_next_actions, program_quarters,
quarter_closes) and the program's names (seeds). No figure is computed here.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

import duckdb

from dagster_project.presentation.formatting import previous_quarters

CHART_QUARTERS = 8  # the review revenue chart's quarters, the statement's last


@dataclass(frozen=True)
class ProductLineRevenue:
    product_line: str
    net_revenue_usd: Decimal
    prior_year_revenue_usd: Decimal
    market_growth_rate: Decimal | None
    market_target_usd: Decimal | None
    growth_decision: str


@dataclass(frozen=True)
class RewardLine:
    reward_type: str
    product_line: str | None
    reference: str  # the product line, solution, deal or end customer it is for
    basis_usd: Decimal
    rate: Decimal | None
    amount_usd: Decimal
    note: str | None


@dataclass(frozen=True)
class Adjustment:
    """A correction of a closed quarter's reward line booked in this quarter (overview: Closing a
    quarter)."""

    adjusts_quarter: str
    reward_type: str
    product_line: str | None
    reference: str
    booked_usd: Decimal
    now_usd: Decimal
    difference_usd: Decimal
    reason: str  # MARKET_DATA_ARRIVED, NOW_EARNED, NO_LONGER_EARNED, BASIS_CHANGED, RULE_CHANGED


@dataclass(frozen=True)
class PendingReward:
    reward_type: str
    product_line: str
    reason: str
    basis_usd: Decimal


@dataclass(frozen=True)
class SlaExperience:
    request_type: str
    target_hours: int
    requests: int
    met: int
    breached: int
    pending: int
    attainment_rate: Decimal | None
    median_hours: Decimal | None
    p90_hours: Decimal | None


@dataclass(frozen=True)
class BreachedRequest:
    request_id: str
    request_type: str
    submitted_at: datetime
    turnaround_hours: Decimal | None  # empty: still open


@dataclass(frozen=True)
class ClaimDecision:
    claim_id: str | None
    reward_type: str | None
    amount_claimed_usd: Decimal | None
    entitlement_usd: Decimal | None
    decision: str
    amount_approved_usd: Decimal
    reason_code: str
    unreadable_reason: str | None
    claimed_quarter: str
    reason: str  # the mart's words (not a figure): what an unreadable claim says


@dataclass(frozen=True)
class PaymentReceived:
    payment_id: str
    claim_id: str | None
    amount_usd: Decimal
    paid_on: date
    is_matched: bool  # it names a claim of this partner and quarter


@dataclass(frozen=True)
class Reconciliation:
    accrued_usd: Decimal
    approved_usd: Decimal
    paid_usd: Decimal
    outstanding_usd: Decimal
    overpaid: bool


@dataclass(frozen=True)
class NextAction:
    action: str  # NEXT_TIER, KEEP_TIER, GROWTH_TO_MARKET, SHARE_CUSTOMER_DATA, CLAIM_REWARD
    product_line: str | None
    tier: str | None
    reward_type: str | None
    amount_usd: Decimal
    tier_drops_on: date | None


@dataclass(frozen=True)
class RuleChangeNotice:
    """A change of the program's rules that concerns the partner (mart partner_rule_changes),
    its key already in words ("Gold, Data center")."""

    effective_from: str
    rule_name: str
    unit: str  # percent, usd, hours, quarters
    key: str
    value_before: Decimal | None
    value_after: Decimal | None


@dataclass(frozen=True)
class Statement:
    """One partner's figures for one quarter, by code. Fields after `rule_changes` are not
    figures: the figures hash leaves them out (statement_email.figures_hash)."""

    partner_id: str
    fiscal_quarter: str
    is_open: bool
    tier_in_force: str
    earned_tier: str
    review_revenue_usd: Decimal
    next_tier: str | None
    gap_to_next_tier_usd: Decimal | None
    at_risk: bool
    net_revenue_usd: Decimal
    total_rewards_usd: Decimal
    coverage: Decimal | None
    coverage_gate_passed: bool
    revenue_by_product_line: tuple[ProductLineRevenue, ...] = field(default_factory=tuple)
    rewards: tuple[RewardLine, ...] = field(default_factory=tuple)
    pending_rewards: tuple[PendingReward, ...] = field(default_factory=tuple)
    sla: tuple[SlaExperience, ...] = field(default_factory=tuple)
    breached_requests: tuple[BreachedRequest, ...] = field(default_factory=tuple)
    claims: tuple[ClaimDecision, ...] = field(default_factory=tuple)
    payments: tuple[PaymentReceived, ...] = field(default_factory=tuple)
    reconciliation: Reconciliation | None = None
    next_actions: tuple[NextAction, ...] = field(default_factory=tuple)
    adjustments: tuple[Adjustment, ...] = field(default_factory=tuple)
    # Trailing four-quarter revenue at each review, the statement's quarter last (the chart).
    review_history: tuple[tuple[str, Decimal], ...] = field(default_factory=tuple)
    # Not figures: program news, names, who answers.
    rule_changes: tuple[RuleChangeNotice, ...] = field(default_factory=tuple)
    partner_name: str = ""
    support_line: str = ""
    reply_to: str = ""


NOT_FIGURES = ("rule_changes", "partner_name", "support_line", "reply_to")


@dataclass(frozen=True)
class Names:
    """The program's names in force in a quarter (seeds and the dated rule marts)."""

    program: str
    sender: str
    tiers: dict[str, str]
    thresholds: dict[str, Decimal]  # tier code -> threshold USD, lowest first
    product_lines: dict[str, str]
    reward_types: dict[str, tuple[str, str]]  # code -> (name, description)
    request_types: dict[str, str]
    segments: dict[str, str]
    solutions: dict[str, str]
    adjustment_reasons: dict[str, str]  # reason code -> explanation (ledger_adjustments)
    growth_decisions: dict[str, str]  # code -> a partner's words (seeds/partner_words.csv)
    claim_decisions: dict[str, str]
    # action -> (its rank, 1 first; its sentence with placeholders): seeds/next_actions.csv
    next_actions: dict[str, tuple[int, str]]


@dataclass(frozen=True)
class QuarterContext:
    """What every statement of a quarter shares: not figures of a partner (the as-of date moves
    every run), so not in the figures hash."""

    fiscal_quarter: str
    starts_on: date
    ends_on: date
    as_of: datetime
    is_open: bool
    is_closed: bool
    closed_at: datetime | None
    closed_figures_as_of: datetime | None  # the as-of instant of the figures the close recorded
    coverage_gate_share: Decimal
    names: Names

    @property
    def is_final(self) -> bool:
        """Closed, with the close in force on record: its statements show final figures."""
        return self.is_closed and self.closed_at is not None


def statement_quarters(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The quarters a run states: the one before the as-of quarter (over) and the as-of
    quarter (open, quarter to date); fewer while the history is shorter."""
    rows = con.execute(
        "SELECT fiscal_quarter FROM marts.program_quarters WHERE is_stated ORDER BY 1"
    ).fetchall()
    return [quarter for (quarter,) in rows]


def display_names(con: duckdb.DuckDBPyConnection, table: str, key: str) -> dict[str, str]:
    """The codes of a program seed with the names partners read (its display_name)."""
    return dict(con.execute(f"SELECT {key}, display_name FROM program_config.{table}").fetchall())


def partner_words(con: duckdb.DuckDBPyConnection, subject: str) -> dict[str, str]:
    """The codes of one mart column in a partner's words (seeds/partner_words.csv)."""
    return dict(
        con.execute(
            "SELECT code, words FROM program_config.partner_words WHERE subject = ?", [subject]
        ).fetchall()
    )


def load_program(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """The program's name and its statements' sender (seeds/program.csv)."""
    return con.execute(
        "SELECT program_name, statement_sender FROM program_config.program"
    ).fetchone()


def load_quarter(con: duckdb.DuckDBPyConnection, fiscal_quarter: str) -> QuarterContext:
    program, sender = load_program(con)
    tiers: dict[str, str] = {}
    thresholds: dict[str, Decimal] = {}
    for tier, name, threshold in con.execute(
        """SELECT tier, display_name, threshold_usd FROM marts.program_tiers
           WHERE fiscal_quarter = ? ORDER BY tier_rank""",
        [fiscal_quarter],
    ).fetchall():
        tiers[tier], thresholds[tier] = name, threshold
    names = Names(
        program=program,
        sender=sender,
        tiers=tiers,
        thresholds=thresholds,
        product_lines=display_names(con, "product_lines", "product_line"),
        reward_types={
            kind: (name, description)
            for kind, name, description in con.execute(
                "SELECT reward_type, display_name, description FROM program_config.reward_types"
            ).fetchall()
        },
        request_types=dict(
            con.execute(
                """SELECT request_type, display_name FROM marts.program_request_types
                   WHERE fiscal_quarter = ?""",
                [fiscal_quarter],
            ).fetchall()
        ),
        segments=display_names(con, "customer_segments", "end_customer_segment"),
        solutions=display_names(con, "solutions", "solution"),
        adjustment_reasons=dict(
            con.execute(
                "SELECT DISTINCT reason, explanation FROM marts.ledger_adjustments"
            ).fetchall()
        ),
        growth_decisions=partner_words(con, "growth_decision"),
        claim_decisions=partner_words(con, "claim_decision"),
        next_actions={
            action: (priority, words)
            for action, priority, words in con.execute(
                "SELECT action, priority, words FROM program_config.next_actions"
            ).fetchall()
        },
    )
    row = con.execute(
        """SELECT q.starts_on, q.ends_on, q.as_of_utc, q.is_open, q.is_closed, c."at",
                  c.figures_as_of, q.coverage_gate_share
           FROM marts.program_quarters AS q
           LEFT JOIN marts.quarter_closes AS c
             ON c.fiscal_quarter = q.fiscal_quarter AND c.is_in_force
           WHERE q.fiscal_quarter = ?""",
        [fiscal_quarter],
    ).fetchone()
    return QuarterContext(fiscal_quarter, *row, names=names)


def statement_date(context: QuarterContext) -> datetime:
    """The instant a statement of the quarter is dated (its e-mail's Date, its PDF's creation
    date): when the quarter was closed, or else the run's as-of instant (UTC)."""
    instant = context.closed_at if context.is_final else context.as_of
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def load_statements(con: duckdb.DuckDBPyConnection, context: QuarterContext) -> list[Statement]:
    """Every partner's statement for the quarter, from the marts (a few rows per partner)."""
    fiscal_quarter = context.fiscal_quarter
    names = context.names

    def rows(sql: str) -> list[tuple]:
        return con.execute(sql, [fiscal_quarter]).fetchall()

    revenue: dict[str, list[ProductLineRevenue]] = defaultdict(list)
    for partner_id, *figures in rows(
        """SELECT partner_id, product_line, net_revenue_usd, prior_year_revenue_usd,
                  market_growth_rate, market_target_usd, growth_decision
           FROM marts.partner_product_line_revenue WHERE fiscal_quarter = ?
           ORDER BY partner_id, product_line"""
    ):
        revenue[partner_id].append(ProductLineRevenue(*figures))

    rewards: dict[str, list[RewardLine]] = defaultdict(list)
    for partner_id, *figures in rows(
        """SELECT partner_id, reward_type, product_line, reference, basis_usd, rate, amount_usd,
                  note
           FROM marts.rebate_ledger WHERE fiscal_quarter = ? AND adjusts_quarter IS NULL
           ORDER BY partner_id, reward_type, reference"""
    ):
        rewards[partner_id].append(RewardLine(*figures))

    pending: dict[str, list[PendingReward]] = defaultdict(list)
    for partner_id, *figures in rows(
        """SELECT partner_id, reward_type, product_line, reason, basis_usd
           FROM marts.pending_rewards WHERE fiscal_quarter = ?
           ORDER BY partner_id, reward_type, product_line"""
    ):
        pending[partner_id].append(PendingReward(*figures))

    sla: dict[str, list[SlaExperience]] = defaultdict(list)
    for partner_id, *figures in rows(
        """SELECT a.partner_id, a.request_type, t.target_hours, a.requests, a.met, a.breached,
                  a.pending, a.attainment_rate, a.median_hours, a.p90_hours
           FROM marts.sla_attainment AS a
           JOIN marts.program_request_types AS t USING (fiscal_quarter, request_type)
           WHERE a.fiscal_quarter = ? ORDER BY a.partner_id, t.target_hours, a.request_type"""
    ):
        sla[partner_id].append(SlaExperience(*figures))

    breached: dict[str, list[BreachedRequest]] = defaultdict(list)
    for partner_id, *figures in rows(
        """SELECT partner_id, request_id, request_type, submitted_at, turnaround_hours
           FROM marts.sla_requests WHERE fiscal_quarter = ? AND sla_status = 'BREACHED'
           ORDER BY partner_id, submitted_at, request_id"""
    ):
        breached[partner_id].append(BreachedRequest(*figures))

    claims: dict[str, list[ClaimDecision]] = defaultdict(list)
    for partner_id, *figures in rows(
        """SELECT partner_id, claim_id, reward_type, amount_claimed_usd, entitlement_usd,
                  decision, amount_approved_usd, reason_code, unreadable_reason, fiscal_quarter,
                  reason
           FROM marts.claim_decisions WHERE fiscal_quarter = ? AND partner_id IS NOT NULL
           ORDER BY partner_id, submitted_at NULLS LAST, claim_id"""
    ):
        claims[partner_id].append(ClaimDecision(*figures))

    payments: dict[str, list[PaymentReceived]] = defaultdict(list)
    for partner_id, *figures in rows(
        """SELECT partner_id, payment_id, claim_id, amount_usd, paid_on, is_matched
           FROM marts.rebate_payments WHERE fiscal_quarter = ?
           ORDER BY partner_id, paid_on, payment_id"""
    ):
        payments[partner_id].append(PaymentReceived(*figures))

    reconciliation = {
        partner_id: Reconciliation(*figures)
        for partner_id, *figures in rows(
            """SELECT partner_id, accrued_usd, approved_usd, paid_usd, outstanding_usd, overpaid
               FROM marts.rebate_reconciliation WHERE fiscal_quarter = ?"""
        )
    }

    actions: dict[str, list[NextAction]] = defaultdict(list)
    for partner_id, *figures in rows(
        """SELECT partner_id, action, product_line, tier, reward_type, amount_usd, tier_drops_on
           FROM marts.partner_next_actions WHERE fiscal_quarter = ?
           ORDER BY partner_id, action, product_line, reward_type"""
    ):
        actions[partner_id].append(NextAction(*figures))

    adjustments: dict[str, list[Adjustment]] = defaultdict(list)
    for partner_id, *figures in rows(
        """SELECT partner_id, adjusts_quarter, reward_type, product_line, reference,
                  booked_amount_usd, recomputed_amount_usd, amount_usd, reason
           FROM marts.ledger_adjustments WHERE fiscal_quarter = ?
           ORDER BY partner_id, adjusts_quarter, reward_type, reference"""
    ):
        adjustments[partner_id].append(Adjustment(*figures))

    notices: dict[str, list[RuleChangeNotice]] = defaultdict(list)
    for partner_id, effective_from, name, unit, *keys, before, after in rows(
        """SELECT partner_id, effective_from, rule_name, unit, tier, product_line,
                  end_customer_segment, solution, request_type,
                  CAST(value_before AS DECIMAL(38, 10)), CAST(value_after AS DECIMAL(38, 10))
           FROM marts.partner_rule_changes WHERE fiscal_quarter = ?
           ORDER BY partner_id, effective_from, rule_file, rule, tier, product_line,
                    end_customer_segment, solution, request_type"""
    ):
        tier, line, segment, solution, kind = keys
        key_words = [
            names.tiers.get(tier, tier) if tier else None,
            names.product_lines.get(line, line) if line else None,
            names.segments.get(segment, segment) if segment else None,
            names.solutions.get(solution, solution) if solution else None,
            names.request_types.get(kind, kind) if kind else None,
        ]
        key = ", ".join(word for word in key_words if word)
        notices[partner_id].append(RuleChangeNotice(effective_from, name, unit, key, before, after))

    history: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    chart_quarters = previous_quarters(fiscal_quarter, CHART_QUARTERS)
    for partner_id, quarter, review in con.execute(
        """SELECT partner_id, fiscal_quarter, review_revenue_usd FROM marts.partner_tiers
           WHERE fiscal_quarter BETWEEN ? AND ? ORDER BY partner_id, fiscal_quarter""",
        [chart_quarters[0], fiscal_quarter],
    ).fetchall():
        history[partner_id].append((quarter, review))

    statements = []
    for partner_id, *figures, partner_name, support_line, reply_to in rows(
        """SELECT s.partner_id, s.fiscal_quarter, s.is_open, s.tier_in_force, t.earned_tier,
                  s.review_revenue_usd, t.next_tier, t.gap_to_next_tier_usd, t.at_risk,
                  s.net_revenue_usd, s.total_rewards_usd, s.coverage, s.coverage_gate_passed,
                  p.partner_name, support.support_line, support.reply_to
           FROM marts.partner_statements AS s
           JOIN marts.partner_tiers AS t USING (partner_id, fiscal_quarter)
           JOIN marts.partners AS p USING (partner_id)
           JOIN program_config.partner_support AS support ON support.tier = s.tier_in_force
           WHERE s.fiscal_quarter = ? ORDER BY s.partner_id"""
    ):
        statements.append(
            Statement(
                partner_id,
                *figures,
                revenue_by_product_line=tuple(revenue[partner_id]),
                rewards=tuple(rewards[partner_id]),
                pending_rewards=tuple(pending[partner_id]),
                sla=tuple(sla[partner_id]),
                breached_requests=tuple(breached[partner_id]),
                claims=tuple(claims[partner_id]),
                payments=tuple(payments[partner_id]),
                reconciliation=reconciliation.get(partner_id),
                next_actions=tuple(actions[partner_id]),
                adjustments=tuple(adjustments[partner_id]),
                review_history=tuple(history[partner_id]),
                rule_changes=tuple(notices[partner_id]),
                partner_name=partner_name,
                support_line=support_line,
                reply_to=reply_to,
            )
        )
    return statements
