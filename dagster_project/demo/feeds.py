"""Optional feeds: SLA requests, claims and payments.

Claims are sized from the generated revenue with the program's rules (the tier by the review
window and grace of tier_review_rules, BASE and SOLUTION rates), so most are approved, some
partly, a few rejected or duplicated. They are estimates: the pipeline's ledger decides.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .catalog import COUNTRIES, DESK_COUNTRY, UTC_OFFSET
from .dimensions import Partner
from .periods import Month
from .program import Program
from .rand import poisson, stream, weighted

# (median hours, log-sd): under 1% of price quotes and 10-15% of the other requests breach their
# target, so that a country's price-quote attainment sits near 99%, above the 90% floor.
TURNAROUND = {"PRICE_QUOTE": (5.0, 0.6), "DEAL_REGISTRATION": (20.0, 0.8), "CLAIM": (300.0, 0.7)}
# The planted SLA problem: price quotes for Brazil slow down fivefold in the demo's last two
# quarters (the desk lost staff), so that its attainment falls well below the 90% floor and the
# asset check sla_attainment_floor flags it on the default run.
SLOW_QUOTE_COUNTRY = "BR"
SLOW_QUOTE_QUARTERS = 2
SLOW_QUOTE_FACTOR = 5.0


REQUESTS_PER_QUARTER = {"TOP": 9.0, "GOLD": 4.0, "SILVER": 1.8, "BRONZE": 0.6, "NONE": 0.0}


@dataclass(frozen=True)
class Quarter:
    idx: int
    label: str
    start: date
    end: date
    months: tuple[int, ...]


def quarters_of(months: list[Month]) -> list[Quarter]:
    grouped: dict[int, list[Month]] = defaultdict(list)
    for m in months:
        grouped[m.quarter_idx].append(m)
    return [
        Quarter(q, ms[0].quarter_label, ms[0].start, ms[-1].end, tuple(m.idx for m in ms))
        for q, ms in sorted(grouped.items())
    ]


def offset_minutes(country: str, when: datetime) -> int:
    """Standard offset plus one summer hour (April-October) where the country observes it."""
    minutes, dst = UTC_OFFSET[country]
    return minutes + (60 if dst and 4 <= when.month <= 10 else 0)


def iso(instant: datetime, country: str | None, style: str = "offset") -> str:
    """ISO 8601 with the local offset of `country`; 'Z' and naive styles are UTC."""
    if style == "z" or country is None:
        return instant.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == "naive":
        return instant.strftime("%Y-%m-%dT%H:%M:%S")
    minutes = offset_minutes(country, instant)
    local = instant + timedelta(minutes=minutes)
    sign = "+" if minutes >= 0 else "-"
    hh, mm = divmod(abs(minutes), 60)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{hh:02d}:{mm:02d}"


def cents_text(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def cents_at_rate(cents: int, rate: Decimal) -> int:
    """cents x rate, rounded half away from zero to a cent, as the ledger rounds."""
    return int((cents * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _local_instant(rng: random.Random, country: str, day: date) -> datetime:
    """A business-hours moment on `day` in the partner's country, as a UTC datetime."""
    local = datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(8, 17),
        rng.randint(0, 59),
        rng.choice((0, 0, 0, rng.randint(0, 59))),
        tzinfo=UTC,
    )
    return local - timedelta(minutes=offset_minutes(country, local))


def _random_day(rng: random.Random, start: date, end: date) -> date:
    day = start + timedelta(days=rng.randint(0, (end - start).days))
    if day.weekday() >= 5 and rng.random() < 0.8:
        day -= timedelta(days=day.weekday() - 4)
    return max(day, start)


# ---------------------------------------------------------------------------------------------
# Requests


def build_requests(
    partners: list[Partner], months: list[Month], seed: int, config: Program
) -> tuple[list[tuple[str, ...]], int]:
    """Rows of requests.csv and the number of deliberately bad requests among them."""
    rng = stream(seed, "requests")
    targets = config.sla_target_hours
    demo_end = datetime.combine(months[-1].end, datetime.max.time(), tzinfo=UTC)
    slow_from = months[-1].quarter_idx - SLOW_QUOTE_QUARTERS + 1
    rows: list[dict] = []
    for p in partners:
        for q in quarters_of(months):
            active = [i for i in q.months if p.sell_from <= i < p.sell_until]
            if not active:
                continue
            lam = REQUESTS_PER_QUARTER[p.band] * len(active) / 3
            for _ in range(poisson(rng, lam)):
                month = months[rng.choice(active)]
                rows.append(
                    _request(rng, p, month, demo_end, targets, month.quarter_idx >= slow_from)
                )
    bad = _spoil_requests(rng, rows, months)
    rows.sort(key=lambda r: (r["sort"], r["partner_id"], r["request_type"]))
    out = []
    for n, r in enumerate(rows, 1):
        request_id = "" if r.get("no_id") else f"RQ-{n:06d}"
        out.append(
            (
                request_id,
                r["request_type"],
                r["partner_id"],
                r["country"],
                r["submitted_at"],
                r["responded_at"],
            )
        )
    return out, bad


def _request(
    rng: random.Random,
    p: Partner,
    month: Month,
    demo_end: datetime,
    targets: dict[str, int],
    late_quarters: bool,
) -> dict:
    kind = weighted(rng, list(TURNAROUND), [0.55, 0.35, 0.10])
    submitted = _local_instant(rng, p.country, _random_day(rng, month.start, month.end))
    roll = rng.random()
    country = (
        p.country if roll < 0.55 else "" if roll < 0.90 else rng.choice(list(COUNTRIES[p.region]))
    )
    median, sd = TURNAROUND[kind]
    if p.band in ("TOP", "GOLD"):
        median *= 0.8  # big partners get a dedicated desk
    if late_quarters and kind == "PRICE_QUOTE" and (country or p.country) == SLOW_QUOTE_COUNTRY:
        median *= SLOW_QUOTE_FACTOR
    hours = median * math.exp(rng.gauss(0, sd))
    if rng.random() < 0.015:
        hours = targets[kind]  # answered exactly on target: still MET
    responded = submitted + timedelta(seconds=round(hours * 3600))
    is_open = responded > demo_end or rng.random() < 0.003  # a few forgotten
    style = weighted(rng, ["offset", "z", "naive"], [0.88, 0.08, 0.04])
    return {
        "sort": submitted,
        "partner_id": p.partner_id,
        "request_type": kind.lower() if rng.random() < 0.03 else kind,
        "country": country,
        "submitted_at": iso(submitted, p.country, style),
        "responded_at": "" if is_open else iso(responded, DESK_COUNTRY[p.region]),
        "submitted": submitted,
        "home": p.country,
    }


def _spoil_requests(rng: random.Random, rows: list[dict], months: list[Month]) -> int:
    """Eight bad requests: no id, unknown types, answered before asked, unreadable times."""
    answered = [r for r in rows if r["responded_at"]]
    if len(answered) < 8:
        return 0
    victims = rng.sample(answered, 8)
    victims[0]["no_id"] = True
    victims[1]["request_type"] = "PRICE_QOUTE"
    victims[2]["request_type"] = "RMA"
    for r in victims[3:5]:
        r["responded_at"] = iso(r["submitted"] - timedelta(hours=3), r["home"])
    m = months[len(months) // 3]
    victims[5]["submitted_at"] = f"{m.year:04d}-{m.month:02d}-{m.days + 1:02d}T10:00:00+01:00"
    victims[6]["submitted_at"] = victims[6]["submitted"].strftime("%d/%m/%Y %H:%M")
    victims[7]["responded_at"] = "n/a"
    return 8


# ---------------------------------------------------------------------------------------------
# Claims and payments


def _entitlements(
    estimates: pd.DataFrame, quarters: list[Quarter], config: Program
) -> dict[tuple[int, int], dict[str, int]]:
    """(partner_idx, q_idx) -> estimated BASE / SOLUTION entitlement cents and the tier, at
    the rates in force in each quarter."""
    by_line: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_solution: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in estimates.itertuples(index=False):
        key = (int(row.partner_idx), int(row.q_idx))
        by_line[key][row.product_line] += int(row.cents)
        if row.solution:
            by_solution[key][row.solution] += int(row.cents)
    partners = sorted({p for p, _ in by_line})
    out: dict[tuple[int, int], dict[str, int]] = {}
    for p in partners:
        revenue = [sum(by_line.get((p, q.idx), {}).values()) for q in quarters]
        earned = []
        window, grace = config.review_window_quarters, config.grace_quarters
        for i in range(len(quarters)):
            trailing = sum(revenue[max(0, i - window + 1) : i + 1])
            reached = [t for t, th in enumerate(config.threshold_cents) if trailing >= th]
            earned.append(max(reached, default=0))
        for i in range(len(quarters)):
            # In force: the best tier reviewed at the end of the last 1 + grace quarters.
            tier = max([earned[j] for j in range(i - 1 - grace, i) if j >= 0], default=0)
            lines = by_line.get((p, i), {})
            base = sum(
                cents_at_rate(max(0, c), config.base_rate(line, tier, quarters[i].label))
                for line, c in lines.items()
            )
            solution = sum(
                cents_at_rate(max(0, c), config.solution_rates[name])
                for name, c in by_solution.get((p, i), {}).items()
            )
            out[(p, i)] = {
                "BASE": base,
                "SOLUTION": solution,
                "tier": tier,
                "revenue": sum(lines.values()),
            }
    return out


def build_claims_and_payments(
    partners: list[Partner],
    months: list[Month],
    estimates: pd.DataFrame,
    seed: int,
    config: Program,
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    rng = stream(seed, "claims")
    quarters = quarters_of(months)
    demo_end = months[-1].end
    ent = _entitlements(estimates, quarters, config)
    by_idx = {p.idx: p for p in partners}
    claims: list[dict] = []
    for (p_idx, q_idx), e in sorted(ent.items()):
        q, p = quarters[q_idx], by_idx[p_idx]
        if q.end + timedelta(days=10) > demo_end:
            continue  # too recent to be claimed within the demo
        for reward, chance in (("BASE", 0.75), ("SOLUTION", 0.3)):
            if e[reward] >= 50_000 and rng.random() < chance:
                claims.append(_claim(rng, p, q, reward, e[reward], demo_end))
        if e["tier"] == 0 and e["revenue"] > 0 and rng.random() < 0.02:
            # An AUTHORIZED partner claims a base rebate it has no rate for: rejected.
            claims.append(
                _claim(rng, p, q, "BASE", e["revenue"] // 100, demo_end, expect_paid=False)
            )
    claims += _odd_claims(rng, claims, partners, quarters, ent)
    claims.sort(key=lambda c: (c["submitted"], c["partner_id"], c["reward_type"]))
    for n, c in enumerate(claims, 1):
        c["claim_id"] = f"CL-{n:06d}"
    claim_rows = [
        (
            c["claim_id"],
            c["partner_id"],
            c["fiscal_quarter"],
            c["reward_type"],
            c["amount_text"],
            c["submitted_at"],
        )
        for c in claims
    ]
    return claim_rows, _payments(rng, claims, quarters, demo_end)


def _claim(
    rng: random.Random,
    p: Partner,
    q: Quarter,
    reward: str,
    entitled: int,
    demo_end: date,
    expect_paid: bool = True,
) -> dict:
    roll = rng.random()
    if roll < 0.70:
        amount = entitled
    elif roll < 0.80:
        amount = entitled + rng.randint(1, 99)  # within the 1.00 USD tolerance
    elif roll < 0.90:
        amount = entitled * rng.randint(103, 115) // 100  # asks for more: partly approved
    else:
        amount = entitled * rng.randint(85, 98) // 100
    day = min(q.end + timedelta(days=rng.randint(8, 70)), demo_end)
    submitted = _local_instant(rng, p.country, day)
    return {
        "partner_id": p.partner_id,
        "country": p.country,
        "fiscal_quarter": q.label,
        "q_idx": q.idx,
        "reward_type": reward,
        "amount": amount,
        "entitled": entitled,
        "amount_text": cents_text(amount),
        "submitted": submitted,
        "submitted_at": iso(submitted, p.country),
        "payable": expect_paid,
    }


def _odd_claims(
    rng: random.Random,
    claims: list[dict],
    partners: list[Partner],
    quarters: list[Quarter],
    ent: dict[tuple[int, int], dict[str, int]],
) -> list[dict]:
    """Duplicates, claims for a still-open quarter, unreadable claims, odd-but-valid casing."""
    extra: list[dict] = []
    for c in rng.sample(claims, max(1, len(claims) // 30)) if claims else []:
        dup = dict(c, submitted=c["submitted"] + timedelta(days=rng.randint(5, 30)), payable=False)
        dup["submitted_at"] = iso(dup["submitted"], c["country"])
        extra.append(dup)
    last = quarters[-1]
    top = sorted(partners, key=lambda p: -p.annual_usd)[:2]
    for p in top:  # claimed before the quarter is over
        e = ent.get((p.idx, last.idx), {"BASE": 100_000})
        c = _claim(rng, p, last, "BASE", max(e["BASE"], 100_000), last.end, expect_paid=False)
        c["submitted"] = _local_instant(rng, p.country, last.start + timedelta(days=40))
        c["submitted_at"] = iso(c["submitted"], p.country)
        extra.append(c)
    if len(claims) >= 5:
        odd = [dict(c, payable=False) for c in rng.sample(claims, 3)]
        odd[0]["amount_text"] = "1.234,56"  # a European-formatted amount: unreadable
        odd[1]["fiscal_quarter"] = odd[1]["fiscal_quarter"][:7] + "Q5"  # no such quarter
        odd[2]["submitted_at"] = "n/a"
        for o in odd:
            o["submitted"] += timedelta(days=1)
        extra += odd
        for c, field in zip(rng.sample(claims, 2), ("reward_type", "fiscal_quarter"), strict=True):
            c[field] = c[field].lower()  # enumerations match case-insensitively
    return extra


def _payments(
    rng: random.Random, claims: list[dict], quarters: list[Quarter], demo_end: date
) -> list[tuple[str, ...]]:
    rows: list[dict] = []
    for c in claims:
        if not c["payable"] or rng.random() >= 0.85:
            continue
        amount = min(c["amount"], c["entitled"])
        paid = c["submitted"].date() + timedelta(days=rng.randint(20, 50))
        if paid > demo_end:
            continue
        roll = rng.random()
        if roll < 0.04:  # paid in two instalments
            first = amount * 6 // 10
            rows.append(_payment(c, first, paid))
            rows.append(_payment(c, amount - first, paid + timedelta(days=14)))
            continue
        if roll < 0.06:
            amount += 25_000  # overpaid by 250.00
        rows.append(_payment(c, amount, paid))
    paid_claims = [r for r in rows if r["claim_id"]]
    if len(paid_claims) >= 3 and len(quarters) > 1:
        for r in rng.sample(paid_claims, 3)[:2]:  # paid without a claim reference
            rows.append(dict(r, claim_id="", paid_on=r["paid_on"] + timedelta(days=3)))
        r = rng.choice(paid_claims)  # a reference to a claim of another quarter
        other = quarters[(r["q_idx"] + 1) % len(quarters)].label
        rows.append(dict(r, fiscal_quarter=other, paid_on=r["paid_on"] + timedelta(days=5)))
    rows.sort(key=lambda r: (r["paid_on"], r["partner_id"], r["claim_id"], r["amount"]))
    return [
        (
            f"PAY-{n:06d}",
            r["partner_id"],
            r["claim_id"],
            r["fiscal_quarter"],
            cents_text(r["amount"]),
            r["paid_on"].isoformat(),
        )
        for n, r in enumerate(rows, 1)
    ]


def _payment(c: dict, amount: int, paid: date) -> dict:
    return {
        "partner_id": c["partner_id"],
        "claim_id": c["claim_id"],
        "q_idx": c["q_idx"],
        "fiscal_quarter": c["fiscal_quarter"].upper(),
        "amount": amount,
        "paid_on": paid,
    }
