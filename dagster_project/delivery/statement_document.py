"""A statement as a document (overview: Statements): a summary band and sections of tables,
paragraphs and lists, every figure formatted and every code in words, built once from a `Statement`
and its quarter. The HTML page (and e-mail), the PDF and the plain text render this document
generically (report_templates/statement.html.j2, statement.typ, statement.txt.j2): a section is
written here once, never in a template.

Wording choices a partner relies on: money as `$1,234.57`, rounded half away from zero, except
what a partner must still sell or share, rounded up; a share shown beside its threshold with the
digits it takes to tell them apart; spans in minutes, hours or days; dates as `20 Sep 2025`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from dagster_project.delivery.statement_data import (
    ClaimDecision,
    NextAction,
    QuarterContext,
    RuleChangeNotice,
    Statement,
)
from dagster_project.presentation.formatting import (
    day,
    duration,
    fill_words,
    hours,
    months,
    percent,
    rule_value,
    share_against,
    span,
    usd,
    usd_up,
    words,
)

LEFT, RIGHT = "left", "right"
# Which renderings show a block: all of them, the screen ones (HTML, e-mail, text) or paper (PDF).
ALL, SCREEN, PRINT = "all", "screen", "print"


@dataclass(frozen=True)
class Column:
    heading: str
    align: str = LEFT


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    note: str = ""  # a line under the row, across the table (why a claim was decided so)


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: tuple[str, ...] = ()  # the total row, as many cells as columns
    empty: str = ""  # said instead of the table when it has no rows
    kind: str = "table"


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "plain"  # plain, note (boxed), muted
    media: str = ALL
    kind: str = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    lead: str = ""
    kind: str = "bullets"


@dataclass(frozen=True)
class Bar:
    quarter: str
    value: float  # for the drawing only; the label is the figure
    label: str
    highlight: bool


@dataclass(frozen=True)
class Level:
    name: str
    value: float
    label: str


@dataclass(frozen=True)
class Chart:
    """The review revenue of the last quarters as bars against the thresholds in view."""

    bars: tuple[Bar, ...]
    levels: tuple[Level, ...]  # the tier in force's threshold and the next one's
    ticks: tuple[Level, ...]  # the axis: values with their labels
    top: float
    caption: str
    alt: str
    kind: str = "chart"


Block = Table | Paragraph | Bullets | Chart


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class BandItem:
    label: str
    value: str
    detail: str
    tone: str = "plain"  # plain, good, warn


@dataclass(frozen=True)
class Document:
    program: str
    title: str  # the page's and the PDF's title
    partner_name: str
    partner_id: str
    partner_line: str  # "Partner P001 · FY2027-Q3 (Oct-Dec 2026)"
    status: str  # "Quarter to date as of 15 Feb 2027", "Final: closed on ..."
    as_of: str  # "15 Feb 2027"
    preheader: str  # the inbox preview
    earned: str  # what the quarter earned so far (the subject line's figure)
    band: tuple[BandItem, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)
    reply_to: str = ""


class Wording:
    """Names of the quarter's codes, with a code no seed names still written in words."""

    def __init__(self, context: QuarterContext) -> None:
        self.names = context.names

    def tier(self, code: str | None) -> str:
        return self.names.tiers.get(code, words(code)) if code else ""

    def line(self, code: str | None) -> str:
        return self.names.product_lines.get(code, words(code)) if code else ""

    def growth_decision(self, code: str) -> str:
        return self.names.growth_decisions.get(code, words(code))

    def claim_decision(self, code: str) -> str:
        return self.names.claim_decisions.get(code, words(code))

    def reward(self, code: str | None) -> str:
        if not code:
            return "(reward not readable)"
        return self.names.reward_types.get(code, (words(code), ""))[0]

    def request(self, code: str) -> str:
        return self.names.request_types.get(code, words(code))

    def action_rank(self, action: str) -> int:
        """An action's rank on a statement; one the seed does not rank comes last."""
        return self.names.next_actions.get(action, (len(self.names.next_actions) + 1, ""))[0]

    def action_words(self, action: str) -> str:
        return self.names.next_actions.get(action, (0, words(action)))[1]

    def reference(self, reward_type: str, line: str | None, reference: str) -> str:
        """What a reward line is for, in words."""
        if line:
            return self.line(line)
        if reward_type == "SOLUTION":
            return self.names.solutions.get(reference, words(reference))
        if reward_type == "NEW_LOGO":
            return f"New customer {reference}"
        if reward_type == "SERVICES":
            distributor, colon, report_line = reference.partition(":")
            if colon:  # a service line sold without a deal: a deal of its own
                return f"Service sold alone (line {report_line} of {distributor}'s report)"
            return f"Deal {reference}"
        return words(reference)


def build_document(s: Statement, q: QuarterContext) -> Document:
    w = Wording(q)
    period = f"{q.fiscal_quarter} ({months(q.starts_on, q.ends_on)})"
    # A closed quarter's figures are as of the run the close recorded, whenever it is stated.
    recorded = q.closed_figures_as_of if q.is_final else None
    as_of = day((recorded or q.as_of).date())
    if s.is_open:
        status = f"Quarter to date as of {as_of}"
    elif q.is_final:
        status = f"Final: closed on {day(q.closed_at.date())}"
    else:
        status = f"Final figures as of {as_of}: late reports may still change them until it closes"
    band = _band(s, q, w)
    sections = [
        _next_steps(s, q, w),
        _rule_changes(s),
        _tier(s, q, w),
        _revenue(s, w),
        _coverage(s, q),
        _rewards(s, q, w),
        _adjustments(s, q, w),
        _claims(s, q, w),
        _sla(s, w),
        _support(s),
    ]
    title = f"{s.partner_name}: statement {q.fiscal_quarter}"
    preheader = " · ".join(f"{item.label}: {item.value}" for item in band)
    return Document(
        program=q.names.program,
        title=title,
        partner_name=s.partner_name,
        partner_id=s.partner_id,
        partner_line=f"Partner {s.partner_id} · {period}",
        status=status,
        as_of=as_of,
        preheader=preheader,
        earned=usd(s.total_rewards_usd),
        band=tuple(band),
        sections=tuple(section for section in sections if section is not None),
        reply_to=s.reply_to,
    )


def _ranked(s: Statement, w: Wording) -> list[NextAction]:
    """The statement's next steps in the order seeds/next_actions.csv ranks them. A quarter that
    is over can only be claimed: selling more no longer changes it."""
    actions = [a for a in s.next_actions if s.is_open or a.action == "CLAIM_REWARD"]
    return sorted(
        actions,
        key=lambda a: (
            w.action_rank(a.action),
            -a.amount_usd if a.action == "CLAIM_REWARD" else a.amount_usd,
        ),
    )


def action_sentence(a: NextAction, s: Statement, q: QuarterContext, w: Wording) -> str:
    """What to do, in the words of seeds/next_actions.csv (amounts it must still reach are
    rounded up)."""
    return fill_words(
        w.action_words(a.action),
        {
            "amount": usd_up(a.amount_usd),
            "earned": usd(a.amount_usd),
            "quarter": q.fiscal_quarter,
            "quarter_ends": day(q.ends_on),
            "tier": w.tier(a.tier),
            "product_line": w.line(a.product_line),
            "reward": w.reward(a.reward_type),
        },
    )


def _band(s: Statement, q: QuarterContext, w: Wording) -> list[BandItem]:
    tier = w.tier(s.tier_in_force)
    keep = next((a for a in s.next_actions if a.action == "KEEP_TIER"), None)
    if s.at_risk:
        drop = (
            f" Unless a review earns {tier} again, it drops to {w.tier(s.earned_tier)} on"
            f" {day(keep.tier_drops_on)}."
            if keep and keep.tier_drops_on
            else ""
        )
        detail = (
            f"At risk: this quarter's review earns {w.tier(s.earned_tier)}. A lower review"
            f" waits out a quarter of grace before the tier drops.{drop}"
        )
        tier_item = BandItem("Your tier", tier, detail, "warn")
    elif s.next_tier:
        tier_item = BandItem(
            "Your tier",
            tier,
            f"{usd_up(s.gap_to_next_tier_usd)} more trailing revenue reaches"
            f" {w.tier(s.next_tier)}.",
        )
    else:
        tier_item = BandItem("Your tier", tier, "The program's highest tier.", "good")

    label = "Earned so far this quarter" if s.is_open else f"Earned in {q.fiscal_quarter}"
    count = len(s.rewards)
    parts = [f"{count} reward line{'' if count == 1 else 's'}" if count else "No reward lines yet"]
    if s.adjustments:
        net = sum((a.difference_usd for a in s.adjustments), Decimal(0))
        parts.append(f"with {usd(net)} of adjustments to earlier quarters")
    if s.pending_rewards:
        parts.append(f"{len(s.pending_rewards)} more pending market data")
    earned = BandItem(label, usd(s.total_rewards_usd), ", ".join(parts) + ".")

    ranked = _ranked(s, w)
    claims = [a for a in ranked if a.action == "CLAIM_REWARD"]
    if len(claims) > 1:
        total = sum((a.amount_usd for a in claims), Decimal(0))
        step = BandItem(
            "Your next step",
            usd(total),
            f"Claim what you earned in {q.fiscal_quarter} and have not claimed:"
            f" {len(claims)} rewards, {usd(total)} in all.",
            "good",
        )
    elif ranked:
        first = ranked[0]
        value = (
            usd(first.amount_usd) if first.action == "CLAIM_REWARD" else usd_up(first.amount_usd)
        )
        step = BandItem("Your next step", value, action_sentence(first, s, q, w), "good")
    elif s.is_open:
        step = BandItem(
            "Your next step", "Keep going", "Nothing is missing: keep selling as you do."
        )
    else:
        step = BandItem("Your next step", "Nothing to do", _settled_text(s, q))
    return [tier_item, earned, step]


def _settled_text(s: Statement, q: QuarterContext) -> str:
    r = s.reconciliation
    if r is not None and r.outstanding_usd > 0:
        return f"{usd(r.outstanding_usd)} approved for {q.fiscal_quarter} is on its way to you."
    if s.total_rewards_usd > 0:
        return f"Everything earned in {q.fiscal_quarter} has been claimed."
    return f"Nothing was earned in {q.fiscal_quarter} to claim."


def _next_steps(s: Statement, q: QuarterContext, w: Wording) -> Section:
    ranked = _ranked(s, w)
    blocks: list[Block] = []
    if ranked:
        blocks.append(Bullets(tuple(action_sentence(a, s, q, w) for a in ranked)))
        if any(a.action == "CLAIM_REWARD" for a in ranked):
            blocks.append(
                Paragraph(f"To claim, reply to this e-mail or write to {s.reply_to}.", media=SCREEN)
            )
            blocks.append(Paragraph(f"To claim, write to {s.reply_to}.", media=PRINT))
    elif s.is_open:
        blocks.append(Paragraph("Nothing is missing: keep selling as you do."))
    else:
        blocks.append(Paragraph(_settled_text(s, q)))
    if not s.is_open:
        if q.is_final:
            closed = (
                f"{q.fiscal_quarter} is closed: these are its final figures, as recorded on"
                f" {day(q.closed_at.date())}. A later correction is booked in a later quarter."
            )
        else:
            closed = (
                f"{q.fiscal_quarter} is over: its figures may still change with late reports"
                " until it is closed."
            )
        blocks.append(Paragraph(closed, style="muted"))
    heading = "What to do next" if s.is_open else f"What is left to do for {q.fiscal_quarter}"
    return Section("next", heading, tuple(blocks))


def rule_change_sentence(change: RuleChangeNotice) -> str:
    """`From FY2028-Q1, the base rebate rate for Gold, Data center is 3% (it was 2.5%).`"""
    after = rule_value(change.value_after, change.unit)
    before = rule_value(change.value_before, change.unit)
    subject = f"the {change.rule_name}" + (f" for {change.key}" if change.key else "")
    was = f" (it was {before})" if before else ""
    return f"From {change.effective_from}, {subject} is {after}{was}."


def _rule_changes(s: Statement) -> Section | None:
    if not s.rule_changes:
        return None
    items = tuple(rule_change_sentence(change) for change in s.rule_changes)
    return Section("changes", "Changes to the program", (Bullets(items),))


def _compact(value: Decimal) -> str:
    """A chart label: `$252.5k`, `$1.2M`, `$900`."""
    amount = abs(value)
    sign = "-" if value < 0 else ""
    for size, suffix in ((Decimal(1_000_000), "M"), (Decimal(1_000), "k")):
        if amount >= size:
            text = f"{(amount / size).quantize(Decimal('0.1'), rounding='ROUND_HALF_UP'):f}"
            return f"{sign}${text.removesuffix('.0')}{suffix}"
    return f"{sign}${amount.quantize(Decimal(1), rounding='ROUND_HALF_UP')}"


def _chart(s: Statement, q: QuarterContext, w: Wording) -> Chart | None:
    values = [review for _, review in s.review_history]
    if not values or not any(values):
        return None
    thresholds = q.names.thresholds
    # The thresholds in view: the tier in force's and the next one the partner has not reached.
    shown: list[tuple[str, Decimal]] = []
    in_force = thresholds.get(s.tier_in_force)
    if in_force:
        shown.append((s.tier_in_force, in_force))
    above = [(tier, t) for tier, t in thresholds.items() if t > max(max(values), in_force or 0)]
    shown += above[:1]
    levels = tuple(Level(w.tier(tier), float(t), _compact(t)) for tier, t in shown)
    # The scale is worked out in Decimal; floats only draw.
    top = max([*values, *(t for _, t in shown)]) * Decimal("1.12")
    step = _tick_step(top)
    ticks = tuple(
        Level("", float(step * i), _compact(step * i)) for i in range(int(top / step) + 1)
    )
    bars = tuple(
        Bar(quarter, float(review), _compact(review), i == len(values) - 1)
        for i, (quarter, review) in enumerate(s.review_history)
    )
    alt = "Trailing four-quarter revenue at each review: " + ", ".join(
        f"{quarter} {usd(review)}" for quarter, review in s.review_history
    )
    caption = "Trailing four-quarter revenue at each review" + (
        ", against " + " and ".join(f"the {level.name} threshold" for level in levels)
        if levels
        else ""
    )
    return Chart(bars, levels, ticks, float(top), caption + ".", alt + ".")


def _tick_step(top: Decimal) -> Decimal:
    """A round axis step giving three to six ticks."""
    raw = top / 4
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal(1)
    for factor in (1, 2, 2.5, 5, 10):
        step = magnitude * Decimal(str(factor))
        if step >= raw:
            return step
    return magnitude * 10


def _tier(s: Statement, q: QuarterContext, w: Wording) -> Section:
    rows = [
        Row(("Tier in force this quarter", w.tier(s.tier_in_force))),
        Row(("Trailing four-quarter revenue", usd(s.review_revenue_usd))),
        Row(("Tier this review earns" + (" so far" if s.is_open else ""), w.tier(s.earned_tier))),
    ]
    if s.next_tier:
        rows.append(Row((f"Revenue still needed for {w.tier(s.next_tier)}",
                         usd_up(s.gap_to_next_tier_usd))))  # fmt: skip
    blocks: list[Block] = [Table((Column("", LEFT), Column("", RIGHT)), tuple(rows))]
    if s.at_risk:
        blocks.append(
            Paragraph(
                f"Your review earns {w.tier(s.earned_tier)}, below your {w.tier(s.tier_in_force)}"
                " tier. The tier in force is the higher of the tiers earned at the last reviews,"
                " so a lower review waits out a quarter of grace before the tier drops.",
                style="note",
            )
        )
    elif not s.next_tier:
        blocks.append(Paragraph("You hold the program's highest tier.", style="note"))
    chart = _chart(s, q, w)
    if chart:
        blocks.append(chart)
    return Section("tier", "Your tier", tuple(blocks))


def _revenue(s: Statement, w: Wording) -> Section:
    rows = []
    for line in s.revenue_by_product_line:
        verdict = w.growth_decision(line.growth_decision)
        if line.growth_decision == "BELOW_MARKET":
            verdict += f" (market pace: {usd_up(line.market_target_usd)})"
        rows.append(
            Row(
                (
                    w.line(line.product_line),
                    usd(line.net_revenue_usd),
                    usd(line.prior_year_revenue_usd),
                    percent(line.market_growth_rate, 2) or "not yet known",
                    verdict,
                )
            )
        )
    table = Table(
        (
            Column("Product line"),
            Column("Net revenue", RIGHT),
            Column("Same quarter last year", RIGHT),
            Column("Market growth", RIGHT),
            Column("Growth against the market"),
        ),
        tuple(rows),
        total=("Total", usd(s.net_revenue_usd), "", "", ""),
        empty="No sell-through reported this quarter.",
    )
    return Section("revenue", "Revenue this quarter", (table,))


def _coverage(s: Statement, q: QuarterContext) -> Section:
    needed = percent(q.coverage_gate_share, 2)
    if s.coverage is None:
        text = (
            "No positive revenue this quarter, so no share of it carries its end customer:"
            " rewards that need shared customer data are not earned."
        )
    else:
        share = share_against(s.coverage, q.coverage_gate_share)
        verdict = (
            "enough for every reward"
            if s.coverage_gate_passed
            else "below the share needed: growth and new-customer rewards are not earned"
        )
        text = (
            f"{share} of your revenue this quarter carries its end customer. The growth and"
            f" new-customer rewards need at least {needed}: {verdict}."
        )
    return Section("coverage", "Customer data shared", (Paragraph(text),))


def _rewards(s: Statement, q: QuarterContext, w: Wording) -> Section:
    rows = []
    for r in s.rewards:
        amount = usd(r.amount_usd)
        note = "Customer segment not reported: the lowest amount applies." if (
            r.note == "SEGMENT_UNKNOWN") else ""  # fmt: skip
        rows.append(
            Row(
                (
                    w.reward(r.reward_type),
                    w.reference(r.reward_type, r.product_line, r.reference),
                    usd(r.basis_usd),
                    "flat" if r.rate is None else percent(r.rate, 2),
                    amount,
                ),
                note,
            )
        )
    total_label = "Total, with the adjustments below" if s.adjustments else "Total"
    blocks: list[Block] = [
        Table(
            (
                Column("Reward"),
                Column("For"),
                Column("Basis", RIGHT),
                Column("Rate", RIGHT),
                Column("Amount", RIGHT),
            ),
            tuple(rows),
            total=(total_label, "", "", "", usd(s.total_rewards_usd)),
            empty="No rewards this quarter.",
        )
    ]
    if s.pending_rewards:
        blocks.append(
            Bullets(
                tuple(
                    f"{w.reward(p.reward_type)}, {w.line(p.product_line)} (on"
                    f" {usd(p.basis_usd)}): waiting for the market's growth figure for"
                    f" {q.fiscal_quarter}; decided once it arrives."
                    for p in s.pending_rewards
                ),
                lead="Pending:",
            )
        )
    heading = "Your rewards so far" if s.is_open else "Your rewards"
    return Section("rewards", heading, tuple(blocks))


def _adjustments(s: Statement, q: QuarterContext, w: Wording) -> Section | None:
    if not s.adjustments:
        return None
    explanations = q.names.adjustment_reasons
    rows = tuple(
        Row(
            (
                a.adjusts_quarter,
                w.reward(a.reward_type),
                w.reference(a.reward_type, a.product_line, a.reference),
                usd(a.booked_usd),
                usd(a.now_usd),
                usd(a.difference_usd),
            ),
            explanations.get(a.reason, words(a.reason)),
        )
        for a in s.adjustments
    )
    intro = Paragraph(
        f"Rewards of closed quarters that changed after they closed are corrected in"
        f" {q.fiscal_quarter}: booked is what you were credited for the quarter, now what it"
        " earns with the reports as they stand."
    )
    table = Table(
        (
            Column("Quarter"),
            Column("Reward"),
            Column("For"),
            Column("Booked", RIGHT),
            Column("Now", RIGHT),
            Column("Difference", RIGHT),
        ),
        rows,
    )
    return Section("adjustments", "Adjustments to earlier quarters", (intro, table))


def claim_reason(c: ClaimDecision, w: Wording) -> str:
    """Why a claim was decided so, in words and in the statement's money format."""
    reward = f"“{w.reward(c.reward_type)}”"
    quarter = c.claimed_quarter
    earned = usd(c.entitlement_usd)
    if c.reason_code == "WITHIN_ENTITLEMENT":
        return f"You claimed {usd(c.amount_claimed_usd)} and earned {earned}: approved in full."
    if c.reason_code == "ABOVE_ENTITLEMENT":
        return (
            f"You claimed {usd(c.amount_claimed_usd)}, more than the {earned} earned: the"
            f" amount earned, {usd(c.amount_approved_usd)}, is approved."
        )
    if c.reason_code == "ALREADY_APPROVED":
        return (
            f"An earlier claim for your {reward} of {quarter} was approved; a reward is paid once."
        )
    if c.reason_code == "NO_ENTITLEMENT":
        return f"Nothing was earned as {reward} in {quarter}."
    if c.reason_code == "ONLY_PENDING":
        return (
            f"{reward} of {quarter} waits for the market's growth figure; claim it once it is"
            " earned."
        )
    if c.reason_code == "QUARTER_NOT_CLOSED":
        return f"{quarter} was still open: its rewards are claimed once the quarter is over."
    return c.reason  # unreadable: the mart says what to send again, and what the claim says


def _claims(s: Statement, q: QuarterContext, w: Wording) -> Section:
    blocks: list[Block] = []
    if s.claims:
        blocks.append(
            Table(
                (
                    Column("Claim"),
                    Column("Reward"),
                    Column("Claimed", RIGHT),
                    Column("Decision"),
                    Column("Approved", RIGHT),
                ),
                tuple(
                    Row(
                        (
                            c.claim_id or "(no number)",
                            w.reward(c.reward_type),
                            usd(c.amount_claimed_usd),
                            w.claim_decision(c.decision),
                            usd(c.amount_approved_usd),
                        ),
                        claim_reason(c, w),
                    )
                    for c in s.claims
                ),
            )
        )
    if s.payments:
        claims = {c.claim_id for c in s.claims}
        blocks.append(
            Table(
                (Column("Payment"), Column("Paid on"), Column("For"), Column("Amount", RIGHT)),
                tuple(
                    Row(
                        (
                            p.payment_id,
                            day(p.paid_on),
                            _payment_for(p.claim_id, claims),
                            usd(p.amount_usd),
                        )
                    )  # fmt: skip
                    for p in s.payments
                ),
                total=("Paid", "", "", usd(sum((p.amount_usd for p in s.payments), Decimal(0)))),
            )
        )
    text = _claims_text(s, q)
    if text:
        blocks.append(Paragraph(text, style="note" if s.claims or s.payments else "plain"))
    return Section("claims", "Claims and payments", tuple(blocks))


def _payment_for(claim_id: str | None, claims: set[str | None]) -> str:
    if not claim_id:
        return "no claim named"
    if claim_id in claims:
        return f"claim {claim_id}"
    return f"claim {claim_id}, which we have no record of for this quarter"


def _claims_text(s: Statement, q: QuarterContext) -> str:
    if not s.claims and not s.payments:
        if s.is_open:
            return (
                f"No claims or payments for {q.fiscal_quarter} yet: its rewards can be claimed"
                f" once the quarter is over ({day(q.ends_on)})."
            )
        return f"No claims or payments for {q.fiscal_quarter} yet."
    r = s.reconciliation
    if r is None or not (r.approved_usd or r.paid_usd):
        return ""
    bridge = f"Approved {usd(r.approved_usd)}, paid {usd(r.paid_usd)}"
    if r.overpaid:
        return (
            f"{bridge}: we have paid you {usd(r.paid_usd - r.approved_usd)} more than approved"
            f" for {q.fiscal_quarter}; your account manager will settle it with you."
        )
    if r.outstanding_usd > 0:
        return f"{bridge}: {usd(r.outstanding_usd)} approved and not yet paid."
    return f"{bridge}: everything approved for {q.fiscal_quarter} has been paid."


def _sla(s: Statement, w: Wording) -> Section:
    if not s.sla:
        return Section("sla", "How fast we answered you",
                       (Paragraph("You sent us no requests this quarter."),))  # fmt: skip
    table = Table(
        (
            Column("Request"),
            Column("Target", RIGHT),
            Column("Requests", RIGHT),
            Column("On time", RIGHT),
            Column("Late", RIGHT),
            Column("Open, in time", RIGHT),
            Column("Share on time", RIGHT),
            Column("Median", RIGHT),
            Column("90% within", RIGHT),
        ),
        tuple(
            Row(
                (
                    w.request(line.request_type),
                    span(line.target_hours),
                    str(line.requests),
                    str(line.met),
                    str(line.breached),
                    str(line.pending),
                    "not yet measured"
                    if line.attainment_rate is None
                    else percent(line.attainment_rate),
                    span(line.median_hours),
                    span(line.p90_hours),
                )
            )
            for line in s.sla
        ),
    )
    blocks: list[Block] = [table]
    if s.breached_requests:
        blocks.append(
            Bullets(
                tuple(
                    f"{r.request_id}, {w.request(r.request_type).lower()} of"
                    f" {day(r.submitted_at.date())}: "
                    + ("still open" if r.turnaround_hours is None
                       else f"answered in {_precise_span(r.turnaround_hours)}")
                    for r in s.breached_requests
                ),
                lead="Answered later than promised, or still open past the target:",
            )
        )  # fmt: skip
    else:
        blocks.append(Paragraph("No request of yours has waited longer than its target."))
    return Section("sla", "How fast we answered you", tuple(blocks))


def _precise_span(value: Decimal) -> str:
    """A late answer to the second (one second over a target shows), days beyond 48 hours."""
    if value >= 48:
        return f"{span(value)} ({hours(value)})"
    return duration(value)


def _support(s: Statement) -> Section:
    return Section(
        "support",
        "Your support",
        (
            Paragraph(s.support_line),
            Paragraph(f"Reply to this e-mail, or write to {s.reply_to}.", media=SCREEN),
            Paragraph(f"Write to {s.reply_to}.", media=PRINT),
        ),
    )
