"""Wall time and peak memory of `channel-ledger run`, as a whole process, at several sizes.

    uv run python bench/pipeline_run.py [--sizes 0,250000,1000000,10000000] [--keep DIR]

Size 0 is the hand-made test landing folder: nearly all of its time is fixed cost outside
DuckDB (process start, imports, dbt parse, Dagster), the baseline to read the others against.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="0,250000,1000000")
    parser.add_argument("--keep", type=Path, help="folder to keep generated demos in")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            landing = FIXTURE if size == 0 else root / f"demo-{size}"
            if size and not (landing / "partners.csv").exists():
                generate_demo(landing, lines=size, overwrite=True)
            work = Path(tempfile.mkdtemp(prefix="pipeline-run-"))
            try:
                figures = run(landing, work)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            label = "fixture" if size == 0 else f"{size:,} lines"
            print(f"{label}: " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
