"""What the Dagster step running dbt costs beyond dbt's own build, on the test fixture.

    uv run python bench/dbt_overhead.py [--repeat 3] [--root DIR]

Each run is `channel-ledger run` as a whole process into a fresh folder; printed per run: wall
time, the `channel_ledger_dbt` step, dbt's own build time (its "Finished running ... (N s)" line
in the log beside the warehouse), the difference, and whether dbt parsed partially. `--root` runs
another checkout of the project with this Python (to compare two versions side by side).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-15T12:00:00Z"


def run(root: Path, work: Path) -> dict[str, str]:
    warehouse = work / "warehouse.duckdb"
    command = [
        sys.executable, "-m", "dagster_project.cli", "run",
        "--landing", str(root / "tests" / "fixtures" / "small_landing"),
        "--warehouse", str(warehouse), "--as-of", AS_OF, "--outbox", str(work / "outbox"),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env, check=True)
    wall = time.monotonic() - started
    step = float(re.search(r"done channel_ledger_dbt in ([0-9.]+) s", done.stderr).group(1))
    log = warehouse.with_name(warehouse.name + ".log").read_text()
    own = float(re.search(r"Finished running .*\(([0-9.]+)s\)", log).group(1))
    unable = re.search(r"Unable to do partial parsing because (.*)", log)
    return {
        "wall": f"{wall:.1f}",
        "dbt_step": f"{step:.1f}",
        "dbt_own_build": f"{own:.1f}",
        "overhead": f"{step - own:.1f}",
        "parse": f"full ({unable.group(1).strip()})" if unable else "partial",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to run")
    args = parser.parse_args()
    for index in range(args.repeat):
        work = Path(tempfile.mkdtemp(prefix="dbt-overhead-"))
        try:
            figures = run(args.root.resolve(), work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"run {index + 1}: " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
