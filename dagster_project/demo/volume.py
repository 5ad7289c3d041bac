"""How many lines each (account, month) reports, and how much revenue that should be.

The plan is a small table of "cells" (partner account x month, a few tens of thousands of rows
even for 10M lines) built in Python; DuckDB then expands every cell into its lines. Revenue
targets come from the partner's band, growth and seasonality, so the tier mix stays the same
whatever the line count: a denser demo just has smaller lines (see `price_scale` in
sell_through.py).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from .catalog import PRODUCTS
from .dimensions import Account, Partner
from .periods import Month
from .rand import stream

SEASON_QUARTER = (0.92, 0.97, 1.03, 1.10)  # fiscal Q1..Q4: the fiscal year-end push
SEASON_MONTH = (0.85, 0.95, 1.20)  # the quarter-end hockey stick
GLOBAL_CUSTOMERS = 25  # large enterprises that buy through many partners
# Quantity scale by line group (PC hw, PC service, DC hw, DC service), times partner order size.
QTY_FACTOR = (1.0, 0.6, 0.22, 0.15)
SERVICE_IN_DEAL, SERVICE_OUTSIDE_DEAL = 0.22, 0.025
RETURN_RATE = 0.03


@dataclass(frozen=True)
class Plan:
    cells: pd.DataFrame  # one row per (account, month) with lines to generate
    pools: pd.DataFrame  # end-customer pools: one row per partner plus the global accounts
    budget_cents: int  # the revenue (USD cents) all base lines should add up to
    lines: int


def _group_means() -> list[float]:
    """Mean unit price in cents per line group (CTO lines average 5% above list)."""
    out = []
    for is_dc, is_service in ((False, False), (False, True), (True, False), (True, True)):
        group = [
            p
            for p in PRODUCTS
            if (p.product_line == "DATA_CENTER") == is_dc and p.is_service == is_service
        ]
        weight = sum(p.weight for p in group)
        mean = sum(p.weight * p.list_cents * (1.05 if p.category == "CTO" else 1.0) for p in group)
        out.append(mean / weight)
    return out


def expected_line_cents(p: Partner) -> float:
    """Expected quantity x unit price of one line of this partner, before price scaling."""
    service = p.deal_rate * SERVICE_IN_DEAL + (1 - p.deal_rate) * SERVICE_OUTSIDE_DEAL
    probs = (
        (1 - p.dc_share) * (1 - service),
        (1 - p.dc_share) * service,
        p.dc_share * (1 - service),
        p.dc_share * service,
    )
    total = 0.0
    for prob, price, factor in zip(probs, _group_means(), QTY_FACTOR, strict=True):
        scale = p.order_size * factor
        qty = 1 + 1 / math.expm1(1 / scale)  # mean of 1 + floor(Exp(scale))
        qty = (1 - RETURN_RATE) * qty - RETURN_RATE * 1.5
        total += prob * price * (1 - p.discount - 0.025) * qty
    return total


def _month_revenue(p: Partner, m: Month, months: int, noise: float) -> float:
    """Target USD cents of partner p in month m: growth around mid-demo, seasonality, ramp-up."""
    if not p.sell_from <= m.idx < p.sell_until:
        return 0.0
    years = (m.idx - (months - 1) / 2) / 12
    ramp = min(1.0, (m.idx - p.sell_from + 1) / 6) if p.sell_from > 0 else 1.0
    season = SEASON_QUARTER[m.fiscal_quarter - 1] * SEASON_MONTH[m.month_in_quarter]
    return p.annual_usd * 100 / 12 * (1 + p.growth) ** years * season * ramp * noise


def build_plan(
    partners: list[Partner], accounts: list[Account], months: list[Month], lines: int, seed: int
) -> Plan:
    rng = stream(seed, "cells")
    by_partner: dict[int, list[Account]] = defaultdict(list)
    for a in accounts:
        by_partner[a.partner_idx].append(a)
    rows: list[dict] = []
    for p in partners:
        line_value = expected_line_cents(p)
        for m in months:
            revenue = _month_revenue(p, m, len(months), math.exp(rng.gauss(0, 0.12)))
            for a in by_partner[p.idx]:
                if revenue > 0:
                    cents = revenue * a.share
                    rows.append({"p": p, "a": a, "m": m, "cents": cents, "x": cents / line_value})
    _round_to_total(rows, lines, rng)
    budget = sum(r["cents"] for r in rows)
    rows = [r for r in rows if r["n"] > 0]
    pools, offsets = _customer_pools(partners, rows, len(months))
    cells = _cells_frame(rows, offsets, months)
    return Plan(cells=cells, pools=pools, budget_cents=round(budget), lines=lines)


def _round_to_total(rows: list[dict], total: int, rng) -> None:
    """Integer line counts proportional to x that add up to exactly `total`.

    Stochastic rounding keeps small partners unbiased (0.3 expected lines -> 1 line 30% of the
    time); the few lines of difference to the target are then taken from the largest cells.
    """
    scale = total / sum(r["x"] for r in rows)
    for r in rows:
        x = r["x"] * scale
        r["n"] = math.floor(x + rng.random())
    diff = total - sum(r["n"] for r in rows)
    ranked = sorted(range(len(rows)), key=lambda i: (-rows[i]["x"], i))
    step = 1 if diff > 0 else -1
    i = 0
    while diff:
        r = rows[ranked[i % len(ranked)]]
        if r["n"] + step >= 0:
            r["n"] += step
            diff -= step
        i += 1


def _customer_pools(
    partners: list[Partner], rows: list[dict], months: int
) -> tuple[pd.DataFrame, dict[int, tuple[int, int, int]]]:
    """Each partner owns a pool of end customers; a share of them only appears later (new logos).

    Returns the pools frame and, per partner, (offset, size, size of the initial customers).
    """
    lines_of: dict[int, int] = defaultdict(int)
    for r in rows:
        lines_of[r["p"].idx] += r["n"]
    regions = ("NA", "EMEA", "AP", "LA")
    pool_rows = [
        {
            "partner_idx": -1,
            "cust_off": 0,
            "cust_k": GLOBAL_CUSTOMERS,
            "country": "",
            "region": regions[0],
            "is_global": True,
        }
    ]
    offsets: dict[int, tuple[int, int, int]] = {}
    offset = GLOBAL_CUSTOMERS
    for p in partners:
        k = max(3, math.ceil(lines_of[p.idx] / 8))
        offsets[p.idx] = (offset, k, math.ceil(0.55 * k))
        pool_rows.append(
            {
                "partner_idx": p.idx,
                "cust_off": offset,
                "cust_k": k,
                "country": p.country,
                "region": p.region,
                "is_global": False,
            }
        )
        offset += k
    return pd.DataFrame(pool_rows), offsets


def _active(size: int, initial: int, since_start: int, span: int) -> int:
    """Customers of a pool active `since_start` months after the partner started selling."""
    late = size - initial
    return initial + min(late, math.ceil((since_start + 1) * late / max(1, span)))


def _cells_frame(
    rows: list[dict], offsets: dict[int, tuple[int, int, int]], months: list[Month]
) -> pd.DataFrame:
    per_quarter: dict[tuple[int, int], int] = defaultdict(int)
    for r in rows:
        per_quarter[(r["p"].idx, r["m"].quarter_idx)] += r["n"]
    quarter_start = {}
    for m in months:
        quarter_start.setdefault(m.quarter_idx, m.idx)
    out = []
    line_offset = 0
    for cell_id, r in enumerate(rows):
        p, a, m = r["p"], r["a"], r["m"]
        off, size, initial = offsets[p.idx]
        span = len(months) - p.sell_from
        q_first = max(quarter_start[m.quarter_idx], p.sell_from)
        out.append(
            {
                "cell_id": cell_id,
                "line_offset": line_offset,
                "n_lines": r["n"],
                "partner_idx": p.idx,
                "account_idx": a.idx,
                "month_idx": m.idx,
                "q_idx": m.quarter_idx,
                "fq_code": f"{m.fiscal_year % 100:02d}Q{m.fiscal_quarter}",
                "month_start": m.start,
                "days": m.days,
                "region": p.region,
                "dc_share": p.dc_share,
                "deal_rate": p.deal_rate,
                "miss_rate": p.miss_rate,
                "mu": p.order_size,
                "discount": p.discount,
                "n_deals": max(1, round(p.deal_rate * per_quarter[(p.idx, m.quarter_idx)] / 5)),
                "cust_off": off,
                "cust_active": _active(size, initial, m.idx - p.sell_from, span),
                "cust_active_q": _active(size, initial, q_first - p.sell_from, span),
            }
        )
        line_offset += r["n"]
    return pd.DataFrame(out)
