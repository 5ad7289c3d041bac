"""Wall time and peak memory of `channel-ledger run`, as a whole process, at several sizes.

    uv run python bench/pipeline_run.py [--sizes 0,1000000,10000000] [--partners 5000]
        [--corrections] [--increment] [--closed] [--rerun] [--no-statements] [--warehouse-only]
        [--months N] [--keep DIR]

Size 0 is the hand-made test landing folder: nearly all of its time is fixed cost outside
DuckDB (process start, imports, dbt, Dagster), the baseline to read the others against. The
realistic shape of a vendor's year is `--partners 5000 --corrections`: 36 months,
six distributors each sending a monthly report and a corrections file every month.

Each run starts with no ingestion cache (a fresh warehouse beside it). With `--increment`, the
monthly run is timed too: the folder without its last month is run first (filling the cache),
then the whole folder is run on that warehouse, as the schedule would a month later.
With `--closed` (the cost of closed quarters), the full run is run again on its
warehouse as it is, then every quarter that is over is closed (`channel-ledger close`) and it
is run once more: the two reruns differ only by the closed quarters (their recorded figures
read, each recomputed, the adjustments). `--months` sets the history's length (default 36,
ending in 2026-12; 96 months hold 31 quarters that are over).
With `--rerun`, the full run is run again as it is (nothing new: no statement rendered); with
`--no-statements`, a run of the warehouse alone into a fresh warehouse (what an operator runs
mid-month). With `--warehouse-only`, every run is made with `--no-statements` (the issue's
volume figures: the full run, the increment, the rerun without rendering). Each demo is generated
into a temporary folder (or DIR, reused when already there).
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from dagster_project.demo import generate_demo

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "small_landing"
LAST_MONTH = "2026-12"  # the history ends here whatever its length, so the figures do not drift
AS_OF = "2026-11-15T12:00:00Z"


def run(landing: Path, work: Path, *options: str) -> dict[str, str]:
    command = [
        "/usr/bin/time", "-v", sys.executable, "-m", "dagster_project.cli", "run",
        "--landing", str(landing), "--warehouse", str(work / "warehouse.duckdb"),
        "--as-of", AS_OF, "--outbox", str(work / "outbox"), *options,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    out = done.stdout + done.stderr
    figures = {
        "wall": re.search(r"Elapsed \(wall clock\) time.*: (\S+)", out).group(1),
        "peak_rss_mb": str(
            int(re.search(r"Maximum resident set size.*: (\d+)", out).group(1)) // 1024
        ),
    }
    for step, seconds in re.findall(r"done (\S+) in ([0-9.]+) s", out):
        if "great_expectations" not in step:
            figures[step] = seconds
    checks = re.findall(r"done (\S+great_expectations) in ([0-9.]+) s", out)
    figures["great_expectations (all suites)"] = f"{sum(float(s) for _, s in checks):.1f}"
    return figures


def close_every_quarter_over(warehouse: Path) -> int:
    """Close, in order, every quarter that is over at the warehouse's as-of time."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        quarters = sorted(
            q for (q,) in con.execute(
                "SELECT fiscal_quarter FROM marts.program_quarters WHERE NOT is_open"
            ).fetchall()
        )  # fmt: skip
    for quarter in quarters:
        subprocess.run(
            [sys.executable, "-m", "dagster_project.cli", "close", "--quarter", quarter,
             "--by", "bench", "--warehouse", str(warehouse)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    return len(quarters)


def first_month(months: int) -> str:
    year, month = (int(part) for part in LAST_MONTH.split("-"))
    index = year * 12 + month - 1 - (months - 1)
    return f"{index // 12}-{index % 12 + 1:02d}"


def without_last_month(landing: Path, into: Path) -> Path:
    """The landing folder as it was a month earlier: hard links, the last month's reports out."""
    shutil.copytree(landing, into, copy_function=_link)
    for report in into.glob(f"sell_through/*/*_{LAST_MONTH}*"):
        report.unlink()
    return into


def _link(src: str, dst: str) -> None:
    Path(dst).hardlink_to(src)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="0,250000,1000000")
    parser.add_argument("--partners", type=int, default=300)
    parser.add_argument("--corrections", action="store_true")
    parser.add_argument("--increment", action="store_true", help="time the monthly run too")
    parser.add_argument("--closed", action="store_true", help="time a rerun with quarters closed")
    parser.add_argument("--months", type=int, default=36, help="months of history")
    parser.add_argument(
        "--rerun", action="store_true", help="time a rerun with nothing new (nothing rendered)"
    )
    parser.add_argument(
        "--no-statements",
        action="store_true",
        help="time a run of the warehouse alone (`--no-statements`, a fresh warehouse) too",
    )
    parser.add_argument(
        "--warehouse-only", action="store_true", help="every run with --no-statements"
    )
    parser.add_argument("--keep", type=Path, help="folder to keep generated demos in")
    args = parser.parse_args()
    every = ("--no-statements",) if args.warehouse_only else ()
    root = args.keep or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    shape = f"p{args.partners}{'-c' if args.corrections else ''}-m{args.months}"
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            landing = FIXTURE if size == 0 else root / f"demo-{size}-{shape}"
            if size and not (landing / "partners.csv").exists():
                generate_demo(
                    landing,
                    lines=size,
                    partners=args.partners,
                    months=args.months,
                    first_month=first_month(args.months),
                    corrections=args.corrections,
                    overwrite=True,
                )
            label = "fixture" if size == 0 else f"{size:,} lines"
            work = Path(tempfile.mkdtemp(prefix="pipeline-run-"))
            try:
                figures = run(landing, work / "full", *every)
                print(f"{label}, full: " + _show(figures), flush=True)
                if args.rerun:
                    figures = run(landing, work / "full", *every)
                    print(f"{label}, rerun, nothing new: " + _show(figures), flush=True)
                if args.no_statements and not args.warehouse_only:
                    figures = run(landing, work / "warehouse-alone", "--no-statements")
                    print(f"{label}, --no-statements: " + _show(figures), flush=True)
                if args.closed:
                    figures = run(landing, work / "full", *every)
                    print(f"{label}, rerun, nothing closed: " + _show(figures), flush=True)
                    closed = close_every_quarter_over(work / "full" / "warehouse.duckdb")
                    figures = run(landing, work / "full", *every)
                    print(f"{label}, rerun, {closed} closed: " + _show(figures), flush=True)
                if args.increment and size:
                    before = without_last_month(landing, work / "month-before")
                    run(before, work / "monthly", *every)
                    figures = run(landing, work / "monthly", *every)
                    print(f"{label}, monthly increment: " + _show(figures), flush=True)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def _show(figures: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in figures.items())


if __name__ == "__main__":
    main()
