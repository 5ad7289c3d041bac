"""Wall time of the Great Expectations suites, one `validate_parquet` per landed source, each on
its whole table (what a run without kept results validates).

    uv run python bench/gx_validation.py RAW_DIR [--repeat N] [--suites a,b]

RAW_DIR is a run's raw folder (`<source>.parquet`, `sell_through_lines/*.parquet`), e.g. from
`land_folder`. Suites run in one process, in the order of the pipeline's checks, as the
in-process Dagster executor runs them: the first suite also pays GX's import and set-up, shown
apart. With --repeat, each suite is timed N times and the best is printed.
"""

import argparse
import time
from pathlib import Path

from dagster_project.ingest.contract import SELL_THROUGH, SOURCES
from dagster_project.paths import EXPECTATIONS_DIR
from dagster_project.quality.gx_validation import validate_parquet


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--suites", help="comma-separated sources (default: all)")
    args = parser.parse_args()
    sources = [s.name for s in (*SOURCES, SELL_THROUGH)]
    if args.suites:
        sources = [s for s in sources if s in args.suites.split(",")]

    start = time.perf_counter()
    import great_expectations  # noqa: F401  (the first suite would otherwise pay for it)

    print(f"{'import great_expectations':<28} {time.perf_counter() - start:6.2f} s")
    total = 0.0
    for source in sources:
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            table = args.raw_dir / (source if source == SELL_THROUGH.name else f"{source}.parquet")
            outcome = validate_parquet(table, EXPECTATIONS_DIR / f"{source}.json")
            best = min(best, time.perf_counter() - start)
        total += best
        verdict = "passed" if outcome.success else f"{len(outcome.failures)} failed"
        print(
            f"{source:<28} {best:6.2f} s  {outcome.evaluated_rows:>10,} rows, "
            f"{len(outcome.outcomes)} expectations, {verdict}"
        )
    print(f"{'all suites':<28} {total:6.2f} s")


if __name__ == "__main__":
    main()
