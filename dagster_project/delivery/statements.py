"""Partner statements (spec section 9): for every partner, the statement of the as-of quarter
(quarter to date) and of the quarter before it (over; closed when finance closed it, spec section
12), as HTML, PDF and the e-mail that carries both (`<outbox>/<fiscal_quarter>/<partner_id>.html`,
`.pdf`, `.eml`).

Every figure is read from the published marts (partner_statements, partner_tiers, rebate_ledger,
pending_rewards, partner_product_line_revenue, ledger_adjustments, sla_attainment, sla_requests,
claim_decisions, rebate_payments, rebate_reconciliation, partner_next_actions, quarter_closes)
and the program's display names (seeds), a few rows per partner, into a `Statement`, then
rendered with Jinja2 (autoescaping on) from report_templates/ and typeset by Typst. No figure is
computed here: templates only format. The recipients come from statement_recipients; sending is
delivery/sending.py's.
"""

import base64
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import css_inline
import duckdb
from dagster import AssetExecutionContext, MaterializeResult, asset

from dagster_project.delivery.formatting import hours, percent, previous_quarters, usd
from dagster_project.delivery.keys import PUBLISHED_WAREHOUSE
from dagster_project.delivery.mail_server import MailServer
from dagster_project.delivery.statement_email import (
    CHART_CID,
    Recipient,
    build_message,
    file_name_part,
    message_bytes,
)
from dagster_project.delivery.templates import template_environment
from dagster_project.delivery.typesetting import StatementTypesetter
from dagster_project.resources import PipelineSettings

STATEMENT_TEMPLATE = "statement.html.j2"
TEXT_TEMPLATE = "statement.txt.j2"
CHART_QUARTERS = 8  # the review revenue chart's quarters, the statement's last
# Statements render in batches, on a process per core once there are two batches or more.
RENDER_BATCH = 100
RENDER_PROCESSES = min(os.cpu_count() or 1, 4)


@dataclass(frozen=True)
class ProductLineRevenue:
    product_line: str  # in words ("Data center")
    net_revenue_usd: Decimal
    prior_year_revenue_usd: Decimal
    market_growth_rate: Decimal | None
    market_target_usd: Decimal | None
    growth_decision: str


@dataclass(frozen=True)
class RewardLine:
    reward: str  # in words ("Base rebate")
    description: str
    reference: str
    basis_usd: Decimal
    rate: Decimal | None
    amount_usd: Decimal
    note: str | None


@dataclass(frozen=True)
class Adjustment:
    """A correction of a closed quarter's reward line booked in this quarter (spec section 12)."""

    adjusts_quarter: str
    reward: str  # in words
    reference: str  # what it is for, in words
    booked_usd: Decimal
    now_usd: Decimal
    difference_usd: Decimal
    explanation: str


@dataclass(frozen=True)
class PendingReward:
    reward: str
    product_line: str
    reason: str
    basis_usd: Decimal


@dataclass(frozen=True)
class SlaExperience:
    request_type: str  # in words ("Price quote")
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
    reward: str  # in words ("Base rebate")
    amount_claimed_usd: Decimal | None
    decision: str
    amount_approved_usd: Decimal
    reason: str


@dataclass(frozen=True)
class PaymentReceived:
    payment_id: str
    claim_id: str | None
    amount_usd: Decimal
    paid_on: date


@dataclass(frozen=True)
class Reconciliation:
    approved_usd: Decimal
    paid_usd: Decimal
    outstanding_usd: Decimal
    overpaid: bool


@dataclass(frozen=True)
class NextAction:
    action: str  # NEXT_TIER, KEEP_TIER, GROWTH_TO_MARKET, SHARE_CUSTOMER_DATA
    product_line: str | None  # in words
    tier: str | None  # in words
    amount_usd: Decimal

    def sentence(self, fiscal_quarter: str) -> str:
        """What to do, in a partner's words (the HTML and the PDF say the same)."""
        amount = usd(self.amount_usd)
        by_close = f"Sell {amount} more by the close of {fiscal_quarter}"
        if self.action == "NEXT_TIER":
            return f"{by_close} to reach {self.tier} at its review."
        if self.action == "KEEP_TIER":
            return f"{by_close} to keep {self.tier}."
        if self.action == "GROWTH_TO_MARKET":
            return (
                f"Sell {amount} more in {self.product_line} this quarter to grow as fast as the"
                " market and earn the growth bonus."
            )
        return (
            f"Report the end customer of {amount} of the revenue you already sold this quarter:"
            " your distributor adds it to the lines, and you pass the customer data gate of the"
            " growth and new-customer rewards."
        )


@dataclass(frozen=True)
class RuleChangeNotice:
    """A change of the program's rules that concerns the partner (mart partner_rule_changes)."""

    effective_from: str
    rule_name: str  # in words ("base rebate rate")
    unit: str  # percent, usd, hours, quarters
    key: str  # what the rule is for, in words ("Gold, Data center"); empty for the program
    value_before: Decimal | None
    value_after: Decimal | None

    def sentence(self) -> str:
        """`From FY2028-Q1, the base rebate rate for Gold, Data center is 3% (it was 2.5%).`"""
        after, before = (
            _rule_value(self.value_after, self.unit),
            _rule_value(self.value_before, self.unit),
        )
        subject = f"the {self.rule_name}" + (f" for {self.key}" if self.key else "")
        was = f" (it was {before})" if before else ""
        return f"From {self.effective_from}, {subject} is {after}{was}."


def _rule_value(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "percent":
        return percent(value, 2)
    if unit == "usd":
        return usd(value)
    if unit == "hours":
        return hours(value)
    count = int(value)
    return f"{count} quarter{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Statement:
    partner_id: str
    partner_name: str
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
    support_line: str
    reply_to: str
    revenue_by_product_line: tuple[ProductLineRevenue, ...] = field(default_factory=tuple)
    rewards: tuple[RewardLine, ...] = field(default_factory=tuple)
    pending_rewards: tuple[PendingReward, ...] = field(default_factory=tuple)
    sla: tuple[SlaExperience, ...] = field(default_factory=tuple)
    breached_requests: tuple[BreachedRequest, ...] = field(default_factory=tuple)
    claims: tuple[ClaimDecision, ...] = field(default_factory=tuple)
    payments: tuple[PaymentReceived, ...] = field(default_factory=tuple)
    reconciliation: Reconciliation | None = None
    next_actions: tuple[NextAction, ...] = field(default_factory=tuple)
    # Trailing four-quarter revenue at each review, the statement's quarter last (the chart).
    review_history: tuple[tuple[str, Decimal], ...] = field(default_factory=tuple)
    # Program news, not the partner's figures: left out of the figures hash.
    rule_changes: tuple[RuleChangeNotice, ...] = field(default_factory=tuple)
    # Closed by finance (spec section 12): the figures recorded at its close, final; when.
    is_closed: bool = False
    closed_at: datetime | None = None
    adjustments: tuple[Adjustment, ...] = field(default_factory=tuple)

    def status_text(self) -> str:
        """Whether the figures can still change, for a quarter that is over."""
        if self.is_closed and self.closed_at is not None:
            return (
                f"{self.fiscal_quarter} is closed: these are its final figures, as recorded on"
                f" {self.closed_at:%-d %B %Y}. A later correction is booked in a later quarter."
            )
        return (
            f"{self.fiscal_quarter} is over: its figures may still change with late reports"
            " until it is closed."
        )

    def tier_notes(self) -> list[str]:
        if self.at_risk:
            return [
                "At this quarter's review your trailing revenue earns"
                f" {self.earned_tier}, below your {self.tier_in_force} tier."
            ]
        return [] if self.next_tier else ["You hold the program's highest tier."]

    def coverage_text(self) -> str:
        if self.coverage is None:
            return (
                "No positive revenue this quarter, so no coverage: rewards that need shared"
                " customer data are not earned."
            )
        verdict = (
            "enough for every reward."
            if self.coverage_gate_passed
            else "below the share growth and new-customer rewards need."
        )
        share = percent(self.coverage)
        return f"{share} of your revenue this quarter carries its end customer: {verdict}"

    def claims_text(self) -> str:
        if not self.claims and not self.payments:
            closed = ": rewards are claimed once the quarter has closed" if self.is_open else ""
            return f"No claims or payments for {self.fiscal_quarter} yet{closed}."
        r = self.reconciliation
        if r is None or not (r.approved_usd or r.paid_usd):
            return ""
        if r.overpaid:
            return (
                f"We have paid you {usd(r.paid_usd - r.approved_usd)} more than approved for"
                f" {self.fiscal_quarter}; your account manager will settle it with you."
            )
        if r.outstanding_usd > 0:
            return f"Approved and not yet paid: {usd(r.outstanding_usd)}."
        return f"Everything approved for {self.fiscal_quarter} has been paid."


def statement_quarters(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The quarters a run states: the one before the as-of quarter (closed) and the as-of
    quarter (open, quarter to date); fewer while the history is shorter."""
    rows = con.execute(
        "SELECT fiscal_quarter FROM marts.program_quarters WHERE is_stated ORDER BY 1"
    ).fetchall()
    return [quarter for (quarter,) in rows]


def load_recipients(con: duckdb.DuckDBPyConnection) -> dict[str, list[Recipient]]:
    """Each partner's recipients (statement_recipients), in contacts.csv's order."""
    recipients: dict[str, list[Recipient]] = defaultdict(list)
    for partner_id, email, name in con.execute(
        """SELECT partner_id, email, contact_name FROM marts.statement_recipients
           ORDER BY partner_id, contact_line_number"""
    ).fetchall():
        recipients[partner_id].append(Recipient(email, name))
    return recipients


def _names(con: duckdb.DuckDBPyConnection, table: str, key: str) -> dict[str, str]:
    return dict(con.execute(f"SELECT {key}, display_name FROM program_config.{table}").fetchall())


def load_statements(con: duckdb.DuckDBPyConnection, fiscal_quarter: str) -> list[Statement]:
    """Every partner's statement for the quarter, from the marts (a few rows per partner)."""
    lines = _names(con, "product_lines", "product_line")
    reward_types = {
        kind: (name, description)
        for kind, name, description in con.execute(
            "SELECT reward_type, display_name, description FROM program_config.reward_types"
        ).fetchall()
    }

    revenue: dict[str, list[ProductLineRevenue]] = defaultdict(list)
    for partner_id, line, *figures in con.execute(
        """SELECT partner_id, product_line, net_revenue_usd, prior_year_revenue_usd,
                  market_growth_rate, market_target_usd, growth_decision
           FROM marts.partner_product_line_revenue WHERE fiscal_quarter = ?
           ORDER BY partner_id, product_line""",
        [fiscal_quarter],
    ).fetchall():
        revenue[partner_id].append(ProductLineRevenue(lines.get(line, line), *figures))

    rewards: dict[str, list[RewardLine]] = defaultdict(list)
    for partner_id, kind, line, reference, basis, rate, amount, note in con.execute(
        """SELECT partner_id, reward_type, product_line, reference, basis_usd, rate, amount_usd,
                  note
           FROM marts.rebate_ledger WHERE fiscal_quarter = ? AND adjusts_quarter IS NULL
           ORDER BY partner_id, reward_type, reference""",
        [fiscal_quarter],
    ).fetchall():
        name, description = reward_types.get(kind, (kind, ""))
        rewards[partner_id].append(
            RewardLine(
                reward=name,
                description=description,
                reference=lines.get(line, line) if line else reference,
                basis_usd=basis,
                rate=rate,
                amount_usd=amount,
                note=note,
            )
        )

    pending: dict[str, list[PendingReward]] = defaultdict(list)
    for partner_id, kind, line, reason, basis in con.execute(
        """SELECT partner_id, reward_type, product_line, reason, basis_usd
           FROM marts.pending_rewards WHERE fiscal_quarter = ?
           ORDER BY partner_id, reward_type, product_line""",
        [fiscal_quarter],
    ).fetchall():
        pending[partner_id].append(
            PendingReward(
                reward_types.get(kind, (kind, ""))[0], lines.get(line, line), reason, basis
            )
        )

    # Names and targets in force in the quarter (spec section 11).
    request_types = {
        kind: (name, target)
        for kind, name, target in con.execute(
            """SELECT request_type, display_name, target_hours FROM marts.program_request_types
               WHERE fiscal_quarter = ?""",
            [fiscal_quarter],
        ).fetchall()
    }
    sla: dict[str, list[SlaExperience]] = defaultdict(list)
    for partner_id, kind, *figures in con.execute(
        """SELECT a.partner_id, a.request_type, a.requests, a.met, a.breached, a.pending,
                  a.attainment_rate, a.median_hours, a.p90_hours
           FROM marts.sla_attainment AS a
           JOIN marts.program_request_types AS t USING (fiscal_quarter, request_type)
           WHERE a.fiscal_quarter = ? ORDER BY a.partner_id, t.target_hours, a.request_type""",
        [fiscal_quarter],
    ).fetchall():
        name, target = request_types[kind]
        sla[partner_id].append(SlaExperience(name, target, *figures))

    breached: dict[str, list[BreachedRequest]] = defaultdict(list)
    for partner_id, request_id, kind, submitted_at, turnaround in con.execute(
        """SELECT partner_id, request_id, request_type, submitted_at, turnaround_hours
           FROM marts.sla_requests WHERE fiscal_quarter = ? AND sla_status = 'BREACHED'
           ORDER BY partner_id, submitted_at, request_id""",
        [fiscal_quarter],
    ).fetchall():
        breached[partner_id].append(
            BreachedRequest(request_id, request_types[kind][0], submitted_at, turnaround)
        )

    claims: dict[str, list[ClaimDecision]] = defaultdict(list)
    for partner_id, claim_id, kind, *figures in con.execute(
        """SELECT partner_id, claim_id, reward_type, amount_claimed_usd, decision,
                  amount_approved_usd, reason
           FROM marts.claim_decisions WHERE fiscal_quarter = ? AND partner_id IS NOT NULL
           ORDER BY partner_id, submitted_at NULLS LAST, claim_id""",
        [fiscal_quarter],
    ).fetchall():
        name = reward_types.get(kind, (kind, ""))[0]
        claims[partner_id].append(ClaimDecision(claim_id, name, *figures))

    payments: dict[str, list[PaymentReceived]] = defaultdict(list)
    for partner_id, *figures in con.execute(
        """SELECT partner_id, payment_id, claim_id, amount_usd, paid_on
           FROM marts.rebate_payments WHERE fiscal_quarter = ?
           ORDER BY partner_id, paid_on, payment_id""",
        [fiscal_quarter],
    ).fetchall():
        payments[partner_id].append(PaymentReceived(*figures))

    reconciliation = {
        partner_id: Reconciliation(*figures)
        for partner_id, *figures in con.execute(
            """SELECT partner_id, approved_usd, paid_usd, outstanding_usd, overpaid
               FROM marts.rebate_reconciliation WHERE fiscal_quarter = ?""",
            [fiscal_quarter],
        ).fetchall()
    }

    tiers = dict(
        con.execute(
            "SELECT tier, display_name FROM marts.program_tiers WHERE fiscal_quarter = ?",
            [fiscal_quarter],
        ).fetchall()
    )
    actions: dict[str, list[NextAction]] = defaultdict(list)
    for partner_id, action, line, tier, amount in con.execute(
        """SELECT partner_id, action, product_line, tier, amount_usd
           FROM marts.partner_next_actions WHERE fiscal_quarter = ?
           ORDER BY partner_id, action, product_line""",
        [fiscal_quarter],
    ).fetchall():
        actions[partner_id].append(
            NextAction(action, lines.get(line, line), tiers.get(tier, tier), amount)
        )

    segments = _names(con, "customer_segments", "end_customer_segment")
    notices: dict[str, list[RuleChangeNotice]] = defaultdict(list)
    for partner_id, effective_from, name, unit, *keys, before, after in con.execute(
        """SELECT partner_id, effective_from, rule_name, unit, tier, product_line,
                  end_customer_segment, solution, request_type,
                  CAST(value_before AS DECIMAL(38, 10)), CAST(value_after AS DECIMAL(38, 10))
           FROM marts.partner_rule_changes WHERE fiscal_quarter = ?
           ORDER BY partner_id, effective_from, rule_file, rule, tier, product_line,
                    end_customer_segment, solution, request_type""",
        [fiscal_quarter],
    ).fetchall():
        tier, line, segment, solution, kind = keys
        words = [
            tiers.get(tier, tier) if tier else None,
            lines.get(line, line) if line else None,
            segments.get(segment, segment) if segment else None,
            solution,
            request_types.get(kind, (kind,))[0] if kind else None,
        ]
        key = ", ".join(word for word in words if word)
        notices[partner_id].append(RuleChangeNotice(effective_from, name, unit, key, before, after))

    adjustments: dict[str, list[Adjustment]] = defaultdict(list)
    for partner_id, quarter, kind, line, reference, *figures, explanation in con.execute(
        """SELECT partner_id, adjusts_quarter, reward_type, product_line, reference,
                  booked_amount_usd, recomputed_amount_usd, amount_usd, explanation
           FROM marts.ledger_adjustments WHERE fiscal_quarter = ?
           ORDER BY partner_id, adjusts_quarter, reward_type, reference""",
        [fiscal_quarter],
    ).fetchall():
        name = reward_types.get(kind, (kind, ""))[0]
        what = lines.get(line, line) if line else reference
        adjustments[partner_id].append(Adjustment(quarter, name, what, *figures, explanation))

    is_closed, closed_at = con.execute(
        """SELECT q.is_closed, c."at" FROM marts.program_quarters AS q
           LEFT JOIN marts.quarter_closes AS c
             ON c.fiscal_quarter = q.fiscal_quarter AND c.is_in_force
           WHERE q.fiscal_quarter = ?""",
        [fiscal_quarter],
    ).fetchone()

    history: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    chart_quarters = previous_quarters(fiscal_quarter, CHART_QUARTERS)
    for partner_id, quarter, review in con.execute(
        """SELECT partner_id, fiscal_quarter, review_revenue_usd FROM marts.partner_tiers
           WHERE fiscal_quarter BETWEEN ? AND ? ORDER BY partner_id, fiscal_quarter""",
        [chart_quarters[0], fiscal_quarter],
    ).fetchall():
        history[partner_id].append((quarter, review))

    # Tiers in words; the support line and reply address of the tier in force.
    rows = con.execute(
        """SELECT s.partner_id, p.partner_name, s.fiscal_quarter, s.is_open,
                  coalesce(tf.display_name, s.tier_in_force),
                  coalesce(te.display_name, t.earned_tier), s.review_revenue_usd,
                  coalesce(tn.display_name, t.next_tier), t.gap_to_next_tier_usd,
                  t.at_risk, s.net_revenue_usd, s.total_rewards_usd, s.coverage,
                  s.coverage_gate_passed, support.support_line, support.reply_to
           FROM marts.partner_statements AS s
           JOIN marts.partner_tiers AS t USING (partner_id, fiscal_quarter)
           JOIN marts.partners AS p USING (partner_id)
           JOIN program_config.partner_support AS support ON support.tier = s.tier_in_force
           LEFT JOIN marts.program_tiers AS tf
             ON tf.fiscal_quarter = s.fiscal_quarter AND tf.tier = s.tier_in_force
           LEFT JOIN marts.program_tiers AS te
             ON te.fiscal_quarter = s.fiscal_quarter AND te.tier = t.earned_tier
           LEFT JOIN marts.program_tiers AS tn
             ON tn.fiscal_quarter = s.fiscal_quarter AND tn.tier = t.next_tier
           WHERE s.fiscal_quarter = ? ORDER BY s.partner_id""",
        [fiscal_quarter],
    ).fetchall()
    return [
        Statement(
            *row,
            revenue_by_product_line=tuple(revenue[row[0]]),
            rewards=tuple(rewards[row[0]]),
            pending_rewards=tuple(pending[row[0]]),
            sla=tuple(sla[row[0]]),
            breached_requests=tuple(breached[row[0]]),
            claims=tuple(claims[row[0]]),
            payments=tuple(payments[row[0]]),
            reconciliation=reconciliation.get(row[0]),
            next_actions=tuple(actions[row[0]]),
            review_history=tuple(history[row[0]]),
            rule_changes=tuple(notices[row[0]]),
            is_closed=is_closed,
            closed_at=closed_at,
            adjustments=tuple(adjustments[row[0]]),
        )
        for row in rows
    ]


def statement_path(outbox: Path, partner_id: str, fiscal_quarter: str, suffix: str) -> Path:
    return outbox / fiscal_quarter / f"{file_name_part(partner_id)}{suffix}"


@dataclass(frozen=True)
class RenderSettings:
    """What every batch renders with (sent to the worker processes)."""

    outbox: Path
    # Per stated quarter: tier name (in words) -> the threshold USD in force, lowest first.
    thresholds: dict[str, dict[str, Decimal]]
    date: datetime  # the e-mail's Date: the run's as-of instant, so a rerun writes the same
    mail_from: str | None


def render_statements(warehouse: Path, outbox: Path, mail_from: str | None = None) -> list[Path]:
    """Render every partner's statements of the quarter before the as-of quarter and of the
    as-of quarter into the outbox, as HTML, PDF and e-mail; return the HTML files written."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (count,) = con.execute(
            """SELECT count(*) FROM marts.partner_statements AS s
               JOIN marts.program_quarters AS q USING (fiscal_quarter) WHERE q.is_stated"""
        ).fetchone()
        thresholds: dict[str, dict[str, Decimal]] = defaultdict(dict)
        for quarter, name, threshold in con.execute(
            """SELECT t.fiscal_quarter, t.display_name, t.threshold_usd
               FROM marts.program_tiers AS t JOIN marts.program_quarters AS q USING (fiscal_quarter)
               WHERE q.is_stated ORDER BY t.fiscal_quarter, t.tier_rank"""
        ).fetchall():
            thresholds[quarter][name] = threshold
        (as_of,) = con.execute("SELECT max(as_of_utc) FROM marts.program_quarters").fetchone()
        date = as_of.replace(tzinfo=UTC) if as_of else datetime.now(UTC)  # no quarter: nothing
        settings = RenderSettings(outbox, dict(thresholds), date, mail_from)
        recipients = load_recipients(con)

        def batches() -> Iterator[list[tuple[Statement, list[Recipient]]]]:
            for quarter in statement_quarters(con):
                loaded = load_statements(con, quarter)
                jobs = [(s, recipients.get(s.partner_id, [])) for s in loaded]
                for i in range(0, len(jobs), RENDER_BATCH):
                    yield jobs[i : i + RENDER_BATCH]

        if count <= RENDER_BATCH or RENDER_PROCESSES < 2:
            return [path for batch in batches() for path in _render_batch(settings, batch)]
        # Typst takes ~25 ms a statement on one core: the batches go to a process per core
        # (spawned, not forked: the Dagster process that calls this holds threads). Batches are
        # submitted as each quarter loads: the workers start and render while the next loads.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(RENDER_PROCESSES, mp_context=context) as pool:
            futures = [pool.submit(_render_batch, settings, batch) for batch in batches()]
            return [path for future in futures for path in future.result()]


def _render_batch(
    settings: RenderSettings, jobs: list[tuple[Statement, list[Recipient]]]
) -> list[Path]:
    """Write the HTML, the PDF and the e-mail of each statement; return the HTML files."""
    templates = template_environment()
    html_template = templates.get_template(STATEMENT_TEMPLATE)
    text_template = templates.get_template(TEXT_TEMPLATE)
    inliner = css_inline.CSSInliner()
    typesetter = StatementTypesetter(settings.thresholds)
    written = []
    for statement, recipients in jobs:
        chart = typesetter.chart_png(statement) if statement.review_history else None
        src = f"cid:{CHART_CID}" if chart else ""
        html = inliner.inline(html_template.render(s=statement, chart_src=src))
        pdf = typesetter.pdf(statement)
        message = build_message(
            statement,
            recipients,
            html=html,
            text=text_template.render(s=statement),
            pdf=pdf,
            chart_png=chart,
            date=settings.date,
            mail_from=settings.mail_from,
        )
        path = statement_path(
            settings.outbox, statement.partner_id, statement.fiscal_quarter, ".html"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        if chart:  # the page opens from disk: the chart inside it
            data_uri = "data:image/png;base64," + base64.b64encode(chart).decode()
            html = html.replace(f'src="{src}"', f'src="{data_uri}"', 1)
        path.write_text(html, encoding="utf-8")
        path.with_suffix(".pdf").write_bytes(pdf)
        path.with_suffix(".eml").write_bytes(message_bytes(message))
        written.append(path)
    return written


@asset(deps=[PUBLISHED_WAREHOUSE], group_name="delivery")
def statement_files(
    context: AssetExecutionContext, settings: PipelineSettings, mail: MailServer
) -> MaterializeResult:
    """Every partner's statements of the as-of quarter and the quarter before it, as HTML, PDF
    and e-mail (`.eml`), in `<outbox>/<quarter>/`. Rendering sends nothing."""
    written = render_statements(
        settings.warehouse, settings.outbox, mail.settings().mail_from or None
    )
    context.log.info(f"{len(written)} statements written to {settings.outbox}")
    return MaterializeResult(metadata={"statements": len(written), "outbox": str(settings.outbox)})
