"""Deterministic randomness.

Python side: one `random.Random` per named stream, seeded with a string (hashed with SHA-512 by
the standard library, so independent of PYTHONHASHSEED and of call order between streams).
SQL side: DuckDB `hash()` of (seed, row key, salt), so a value depends on its row only and never
on thread scheduling. `hash()` is stable within a DuckDB version (pinned in pyproject.toml).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

# 2**53: turns the top 53 bits of a 64-bit hash into a double in [0, 1).
_TWO_53 = 9007199254740992.0


def stream(seed: int, *names: object) -> random.Random:
    """An independent, reproducible random stream for one purpose."""
    return random.Random("channel-ledger-demo:" + ":".join(str(x) for x in (seed, *names)))


def weighted(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    return rng.choices(items, weights=weights, k=1)[0]


def log_uniform(rng: random.Random, low: float, high: float) -> float:
    """Long-tailed draw: as many values between 10k and 100k as between 100k and 1M."""
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method: the lambdas here are small (a few requests a quarter)."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def sql_macros(seed: int) -> list[str]:
    """DuckDB macros for row-keyed draws; `key` is any BIGINT that identifies the row."""
    s = f"{int(seed)}::BIGINT"
    return [
        f"CREATE OR REPLACE MACRO h(key, salt) AS hash({s}, key::BIGINT, salt::BIGINT)",
        f"CREATE OR REPLACE MACRO u(key, salt) AS "
        f"((hash({s}, key::BIGINT, salt::BIGINT) >> 11)::DOUBLE / {_TWO_53})",
        # Deal-level draws hash three keys so every line of one deal sees the same value.
        f"CREATE OR REPLACE MACRO h3(a, b, c, salt) AS "
        f"hash({s}, a::BIGINT, b::BIGINT, c::BIGINT, salt::BIGINT)",
    ]
