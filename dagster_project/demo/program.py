"""The program's configuration as the demo generator reads it: the same seeds the models read
(seeds/*.csv), money and rates as Decimal, so that the demo's claims are sized with the rules the
pipeline applies."""

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from dagster_project.paths import SEEDS_DIR


def _rows(seed: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / f"{seed}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class Program:
    tiers: tuple[str, ...]  # lowest first
    threshold_cents: tuple[int, ...]  # per tier, in tier order
    base_rates: dict[str, tuple[Decimal, ...]]  # product line -> rate per tier, in tier order
    solution_rates: dict[str, Decimal]
    sla_target_hours: dict[str, int]


@cache
def program() -> Program:
    tiers = sorted(_rows("tier_thresholds"), key=lambda r: int(r["tier_rank"]))
    names = tuple(t["tier"] for t in tiers)
    rates: dict[str, dict[str, Decimal]] = {}
    for row in _rows("base_rebate_rates"):
        rates.setdefault(row["product_line"], {})[row["tier"]] = Decimal(row["rate"])
    return Program(
        tiers=names,
        threshold_cents=tuple(int(Decimal(t["threshold_usd"]) * 100) for t in tiers),
        base_rates={line: tuple(by_tier[t] for t in names) for line, by_tier in rates.items()},
        solution_rates={r["solution"]: Decimal(r["rate"]) for r in _rows("solution_rates")},
        sla_target_hours={
            r["request_type"]: int(r["target_hours"]) for r in _rows("request_types")
        },
    )
