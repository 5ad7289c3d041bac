"""Wall time of the demo generator at 1M and 10M sell-through lines.

    uv run python bench/demo_generate.py [--sizes 1000000,10000000] [--partners 5000] [--months 36]
        [--no-corrections]

By default the shape of a vendor's year: 5,000 partners, a monthly report and a corrections
file per distributor and month.

Each size is generated into its own temporary directory, which is removed afterwards.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from dagster_project.demo import generate_demo


def _size_on_disk(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def bench(lines: int, partners: int, months: int, corrections: bool) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="demo-bench-"))
    try:
        start = time.perf_counter()
        summary = generate_demo(
            tmp / "landing",
            partners=partners,
            months=months,
            lines=lines,
            first_month="2024-01",
            corrections=corrections,
        )
        wall = time.perf_counter() - start
        size_mb = _size_on_disk(tmp / "landing") / 1e6
        print(
            f"{lines:>11,} lines  {wall:7.1f} s  {summary.lines / wall:>10,.0f} lines/s  "
            f"{summary.files} report files  {size_mb:,.0f} MB",
            flush=True,
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--no-corrections", action="store_true")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        bench(size, args.partners, args.months, not args.no_corrections)


if __name__ == "__main__":
    main()
