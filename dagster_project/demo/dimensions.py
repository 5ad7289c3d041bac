"""Small dimension tables: partners, accounts, contacts, products, FX rates, market growth.

These are a few thousand rows at most, so plain Python with seeded streams is fast enough and
easier to read than SQL. Every list is built in a fixed order so output is reproducible.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

import pycountry

from .catalog import (
    COMPANY_SUFFIX,
    COUNTRIES,
    DISTRIBUTORS,
    EMAIL_TLD,
    FIRST_NAMES,
    LAST_NAMES,
    NAME_WORDS,
    PRODUCTS,
    REGION_WEIGHTS,
    TRADE_WORDS,
    DistributorProfile,
)
from .periods import Month
from .rand import log_uniform, stream, weighted

# Revenue bands of trailing-four-quarter revenue (USD a year at mid-demo), sized so that the
# tier thresholds (overview: Tiers; 250k / 1M / 5M) see a long tail of partners.
BANDS: dict[str, tuple[float, float]] = {
    "TOP": (5_800_000, 16_000_000),
    "GOLD": (1_150_000, 4_600_000),
    "SILVER": (280_000, 950_000),
    "BRONZE": (12_000, 230_000),
}
BAND_SHARE = {"TOP": 0.03, "GOLD": 0.12, "SILVER": 0.25}


@dataclass(frozen=True)
class Partner:
    idx: int
    partner_id: str
    name: str
    country: str
    region: str
    enrolled_on: date
    status: str
    band: str  # TOP | GOLD | SILVER | BRONZE | NONE (never sells)
    annual_usd: float
    growth: float  # year-on-year growth of its own revenue
    sell_from: int  # first month index with sales (== months: never sells)
    sell_until: int  # exclusive month index (termination)
    dc_share: float  # probability that a line is DATA_CENTER
    deal_rate: float  # probability that a line belongs to a registered deal
    miss_rate: float  # probability that a line carries no end customer
    order_size: float  # scale of the quantity distribution
    discount: float
    slug: str
    domain: str


@dataclass(frozen=True)
class Account:
    idx: int
    distributor_id: str
    reseller_account: str
    partner_idx: int
    currency: str
    share: float  # share of the partner's revenue that flows through this account


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _allot(total: int, weights: dict[str, float], minimum: int) -> dict[str, int]:
    """Largest-remainder split of `total` by weights, each key getting at least `minimum`."""
    keys = list(weights)
    free = total - minimum * len(keys)
    raw = {k: free * weights[k] / sum(weights.values()) for k in keys}
    out = {k: minimum + math.floor(raw[k]) for k in keys}
    for k in sorted(keys, key=lambda k: (raw[k] - math.floor(raw[k]), k), reverse=True):
        if sum(out.values()) >= total:
            break
        out[k] += 1
    return out


def _partner_name(rng, region: str, country: str, taken: set[str]) -> str:
    suffix = COMPANY_SUFFIX[country]
    for attempt in range(50):
        roll = rng.random()
        if roll < 0.06:
            a, b = rng.sample(LAST_NAMES[region], 2)
            # A comma inside a name: the CSV writer must quote it.
            base = f"{a}, {b} & Partners" if roll < 0.02 else f"{a} & {b} {rng.choice(TRADE_WORDS)}"
        else:
            base = f"{rng.choice(NAME_WORDS[region])} {rng.choice(TRADE_WORDS)}"
        if attempt >= 20:
            base = f"{base} {attempt}"
        name = f"{base} {suffix}"
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("could not find a unique partner name")  # pragma: no cover


def _bands(n: int, rng) -> list[str]:
    """Band per partner slot, shuffled; at least one partner in every band and one never sells."""
    never = 1 if n < 100 else 2
    counts = {b: max(1, round(share * n)) for b, share in BAND_SHARE.items()}
    counts["NONE"] = never
    counts["BRONZE"] = n - sum(counts.values())
    bands = [b for b, c in counts.items() for _ in range(c)]
    rng.shuffle(bands)
    return bands


def build_partners(n: int, months: list[Month], seed: int) -> list[Partner]:
    rng = stream(seed, "partners")
    m_count = len(months)
    first_day = months[0].start
    regions = [r for r, c in _allot(n, REGION_WEIGHTS, 2).items() for _ in range(c)]
    rng.shuffle(regions)
    bands = _bands(n, rng)
    # A few terminated partners and a few that enrol during the demo, never among the top.
    eligible = [i for i in range(n) if bands[i] in ("GOLD", "SILVER", "BRONZE")]
    terminated = set(rng.sample(eligible, max(1, round(0.03 * n))))
    newcomers = set(
        rng.sample([i for i in eligible if i not in terminated], max(1, round(0.08 * n)))
    )
    taken: set[str] = set()
    domains: set[str] = set()
    out: list[Partner] = []
    for i in range(n):
        region, band = regions[i], bands[i]
        country = weighted(rng, list(COUNTRIES[region]), list(COUNTRIES[region].values()))
        assert pycountry.countries.get(alpha_2=country) is not None, country
        name = _partner_name(rng, region, country, taken)
        base = name[: -len(COMPANY_SUFFIX[country])].strip(" ,")
        domain = f"{ascii_slug(base)}.{EMAIL_TLD[country]}"
        while domain in domains:
            domain = f"{ascii_slug(base)}-{len(domains)}.{EMAIL_TLD[country]}"
        domains.add(domain)
        sell_from, sell_until = 0, m_count
        enrolled = first_day - timedelta(days=rng.randint(120, 4500))
        if band == "NONE":
            sell_from, enrolled = m_count, months[-1].start + timedelta(days=rng.randint(0, 20))
        elif i in newcomers:
            sell_from = rng.randint(1, max(1, m_count - 2))
            enrolled = months[sell_from].start - timedelta(days=rng.randint(5, 25))
        if i in terminated:
            sell_until = rng.randint(max(sell_from + 1, m_count // 2), m_count - 1)
        size = {"TOP": 3, "GOLD": 2, "SILVER": 1, "BRONZE": 0, "NONE": 0}[band]
        low, high = BANDS.get(band, (0.0, 0.0))
        out.append(
            Partner(
                idx=i,
                partner_id=f"PTR-{i + 1:05d}",
                name=name,
                country=country,
                region=region,
                enrolled_on=enrolled,
                status="TERMINATED" if i in terminated else "ACTIVE",
                band=band,
                annual_usd=log_uniform(rng, low, high) if high else 0.0,
                growth=_growth(rng),
                sell_from=sell_from,
                sell_until=sell_until,
                dc_share=rng.uniform(
                    *((0.0, 0.06), (0.04, 0.15), (0.10, 0.25), (0.18, 0.35))[size]
                ),
                deal_rate=rng.uniform(
                    *((0.03, 0.08), (0.08, 0.16), (0.15, 0.25), (0.2, 0.3))[size]
                ),
                miss_rate=_miss_rate(rng),
                order_size=rng.uniform(*((0.3, 1.2), (1.0, 2.5), (2.0, 3.5), (3.0, 5.0))[size]),
                discount=rng.uniform(
                    *((0.0, 0.03), (0.03, 0.06), (0.05, 0.09), (0.08, 0.12))[size]
                ),
                slug=ascii_slug(name.split()[0]).replace("-", "")[:10] or "partner",
                domain=domain,
            )
        )
    return out


def _growth(rng) -> float:
    """Some partners grow fast, many are flat-ish, some shrink: growth-at-market splits them."""
    roll = rng.random()
    if roll < 0.30:
        return rng.uniform(0.12, 0.40)
    if roll < 0.70:
        return rng.uniform(0.0, 0.10)
    return rng.uniform(-0.22, -0.02)


def _miss_rate(rng) -> float:
    """Share of lines without an end customer: about half the partners share nearly everything."""
    roll = rng.random()
    if roll < 0.50:
        return rng.uniform(0.0, 0.03)
    if roll < 0.85:
        return rng.uniform(0.10, 0.30)
    return rng.uniform(0.35, 0.60)


def _region_distributors(region: str) -> list[DistributorProfile]:
    return [d for d in DISTRIBUTORS if region in d.regions]


def build_accounts(partners: list[Partner], seed: int) -> list[Account]:
    """1-3 distributor accounts per partner; every distributor gets a selling partner."""
    rng = stream(seed, "accounts")
    plan: dict[int, list[tuple[str, float]]] = {}
    for p in partners:
        dists = _region_distributors(p.region)
        wanted = {"TOP": 3, "GOLD": rng.choice((2, 3)), "SILVER": rng.choice((1, 2))}.get(
            p.band, 1 if rng.random() < 0.7 else 2
        )
        names = [d.distributor_id for d in dists]
        picked: list[str] = []
        weights = [3.0 if j == 0 else 2.0 if j == 1 else 1.0 for j in range(len(names))]
        while len(picked) < min(wanted, len(names)):
            pick = weighted(rng, names, weights)
            if pick not in picked:
                picked.append(pick)
        primary = rng.uniform(0.55, 0.8) if len(picked) > 1 else 1.0
        rest = [rng.random() + 0.2 for _ in picked[1:]]
        shares = [primary] + [(1 - primary) * r / sum(rest) for r in rest]
        plan[p.idx] = list(zip(picked, shares, strict=True))
    _cover_every_distributor(partners, plan)
    _add_legacy_account(partners, plan)
    return _number_accounts(partners, plan, rng)


def _cover_every_distributor(partners: list[Partner], plan: dict[int, list[tuple[str, float]]]):
    """Small demos may leave a distributor without partners; give it the largest one around."""
    selling = [p for p in partners if p.band != "NONE"]
    for d in DISTRIBUTORS:
        if any(name == d.distributor_id for p in selling for name, _ in plan[p.idx]):
            continue
        candidates = [p for p in selling if p.region in d.regions]
        best = max(candidates, key=lambda p: (len(plan[p.idx]) < 3, p.annual_usd))
        accounts = plan[best.idx][:2]
        accounts.append((d.distributor_id, 0.3))
        total = sum(s for _, s in accounts)
        plan[best.idx] = [(name, s / total) for name, s in accounts]


def _add_legacy_account(partners: list[Partner], plan: dict[int, list[tuple[str, float]]]):
    """One large partner holds two accounts at its main distributor (an acquired reseller)."""
    if len(partners) < 20:
        return
    top = max(partners, key=lambda p: p.annual_usd)
    (name, share), *rest = plan[top.idx]
    plan[top.idx] = [(name, share * 0.6), (name, share * 0.4), *rest]


def _number_accounts(
    partners: list[Partner], plan: dict[int, list[tuple[str, float]]], rng
) -> list[Account]:
    by_dist = {d.distributor_id: d for d in DISTRIBUTORS}
    slots = {d: [] for d in by_dist}
    for p in partners:
        for name, share in plan[p.idx]:
            slots[name].append((p, share))
    out: list[Account] = []
    for dist_id, rows in slots.items():
        prof = by_dist[dist_id]
        numbers = rng.sample(range(*prof.account_range), len(rows))
        for (p, share), n in zip(rows, numbers, strict=True):
            account = prof.account_format.format(n=n, country=p.country, slug=p.slug)
            currency = prof.currency_by_country.get(p.country, prof.default_currency)
            out.append(Account(len(out), dist_id, account, p.idx, currency, share))
    return out


def build_contacts(partners: list[Partner], seed: int) -> list[tuple[str, str, str, str]]:
    """(partner_id, email, name, personas): most have incentives, some owner only, a few none."""
    rng = stream(seed, "contacts")
    n = len(partners)
    nobody = set(rng.sample(range(n), max(1, round(0.03 * n))))
    owner_only = set(rng.sample([i for i in range(n) if i not in nobody], max(1, round(0.1 * n))))
    rows: list[tuple[str, str, str, str]] = []
    for p in partners:
        if p.idx in nobody:
            continue
        if p.idx in owner_only:
            roles = ["owner"]
        else:
            roles = [rng.choice(("owner", "owner;incentives", "owner;finance"))]
            roles.append(rng.choice(("incentives", "finance;incentives", "incentives;sales")))
            if rng.random() < 0.45:
                roles.append(rng.choice(("sales", "finance")))
        used: set[str] = set()
        for personas in roles:
            first, last = rng.choice(FIRST_NAMES[p.region]), rng.choice(LAST_NAMES[p.region])
            email = f"{ascii_slug(first)}.{ascii_slug(last)}@{p.domain}".replace("-", "")
            if email in used:
                email = email.replace("@", f"{len(used) + 1}@")
            used.add(email)
            rows.append((p.partner_id, email, f"{first} {last}", personas))
    return rows


def product_rows() -> list[tuple[str, ...]]:
    return [
        (p.sku, p.description, p.product_line, p.category, str(p.is_service).lower(), p.solution)
        for p in PRODUCTS
    ]


# USD per unit around 2024-2026, and how many decimals the rate table carries.
FX_BASE: dict[str, tuple[float, int]] = {
    "AUD": (0.6580, 6),
    "CAD": (0.7330, 6),
    "CHF": (1.1280, 6),
    "EUR": (1.0850, 6),
    "GBP": (1.2690, 6),
    "JPY": (0.0066225, 10),
    "SGD": (0.7440, 6),
}


def fx_hole(months: list[Month]) -> tuple[str, str]:
    """The one (currency, month) without a rate: CHF, a little before mid-demo."""
    return "CHF", months[(len(months) * 5) // 12].key


def build_fx(months: list[Month], seed: int) -> list[tuple[str, str, str]]:
    """(month, currency, usd_per_unit): a mean-reverting random walk per currency."""
    hole = fx_hole(months)
    rows: list[tuple[str, str, str]] = []
    for cur, (base, decimals) in FX_BASE.items():
        rng = stream(seed, "fx", cur)
        rate = base * (1 + rng.uniform(-0.02, 0.02))
        for m in months:
            if (cur, m.key) != hole:
                rows.append((m.key, cur, f"{rate:.{decimals}f}"))
            rate *= math.exp(0.012 * rng.gauss(0, 1) + 0.15 * math.log(base / rate))
    return sorted(rows)


def growth_holes(quarters: list[str]) -> frozenset[tuple[str, str, str]]:
    """The (quarter, product line, region) without market data: one with a prior year, and the
    open quarter's AP data center figure, not yet published (pending rewards on statements)."""
    return frozenset(
        {(quarters[min(5, len(quarters) - 1)], "PC", "EMEA"), (quarters[-1], "DATA_CENTER", "AP")}
    )


def build_market_growth(quarters: list[str], seed: int) -> list[tuple[str, str, str, str]]:
    """Year-on-year market growth per quarter, line and region, e.g. 0.045 or -0.012."""
    rng = stream(seed, "market")
    line_base = {"PC": 0.018, "DATA_CENTER": 0.085}
    region_base = {"NA": 0.004, "LA": -0.012, "EMEA": -0.006, "AP": 0.014}
    holes = growth_holes(quarters)
    rows = []
    for q_idx, q in enumerate(quarters):
        cycle = 0.02 * math.sin(q_idx / 2.0)  # a slow market cycle shared by everyone
        for line, lb in line_base.items():
            for region, rb in region_base.items():
                if (q, line, region) in holes:
                    continue
                value = round(lb + rb + cycle + rng.uniform(-0.02, 0.02), 3)
                rows.append((q, line, region, f"{value + 0.0:.3f}"))
    return rows
