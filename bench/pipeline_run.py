"""Wall time and peak memory of `channel-ledger run`, as a whole process, at several sizes.

    uv run python bench/pipeline_run.py [--sizes 0,1000000,10000000] [--partners 5000]
        [--corrections] [--increment] [--keep DIR]

Size 0 is the hand-made test landing folder: nearly all of its time is fixed cost outside
DuckDB (process start, imports, dbt, Dagster), the baseline to read the others against. The
realistic shape of a vendor's year (issue 10) is `--partners 5000 --corrections`: 36 months,
six distributors each sending a monthly report and a corrections file every month.

Each run starts with no ingestion cache (a fresh warehouse beside it). With `--increment`, the
monthly run is timed too: the folder without its last month is run first (filling the cache),
then the whole folder is run on that warehouse, as the schedule would a month later.
Each demo is generated into a temporary folder (or DIR, reused when already there).
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
FIRST_MONTH, LAST_MONTH = "2024-01", "2026-12"  # 36 months, so that the figures do not drift
AS_OF = "2026-11-15T12:00:00Z"


def run(landing: Path, work: Path) -> dict[str, str]:
    command = [
        "/usr/bin/time", "-v", sys.executable, "-m", "dagster_project.cli", "run",
        "--landing", str(landing), "--warehouse", str(work / "warehouse.duckdb"),
        "--as-of", AS_OF, "--outbox", str(work / "outbox"),
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
    parser.add_argument("--keep", type=Path, help="folder to keep generated demos in")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    shape = f"p{args.partners}{'-c' if args.corrections else ''}"
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            landing = FIXTURE if size == 0 else root / f"demo-{size}-{shape}"
            if size and not (landing / "partners.csv").exists():
                generate_demo(
                    landing,
                    lines=size,
                    partners=args.partners,
                    first_month=FIRST_MONTH,
                    corrections=args.corrections,
                    overwrite=True,
                )
            label = "fixture" if size == 0 else f"{size:,} lines"
            work = Path(tempfile.mkdtemp(prefix="pipeline-run-"))
            try:
                figures = run(landing, work / "full")
                print(f"{label}, full: " + _show(figures), flush=True)
                if args.increment and size:
                    before = without_last_month(landing, work / "month-before")
                    run(before, work / "monthly")
                    figures = run(landing, work / "monthly")
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
