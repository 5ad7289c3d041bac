"""Statements rendered per second: the full batch (every partner, the as-of quarter and the
quarter before it, each as HTML + PDF + .eml with its chart) of a 5,000-partner vendor.

    uv run python bench/statements_render.py [--warehouse FILE] [--partners 5000]
        [--lines 1000000] [--keep DIR] [--sample 200]

Without --warehouse, a demo of that size (the volume shape: 36 months, corrections) is generated
into DIR (reused when already there) and the pipeline run once to publish its warehouse; only
the rendering is timed, as the statement_files asset does it (a process per core). Then, on one
core, a sample of statements is timed format by format, to show where the time goes.
Target: at least 100 statements a second, cold, on this 2-core machine; nothing rendered again
when nothing changed.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import css_inline
import duckdb

from dagster_project.delivery import statements
from dagster_project.delivery.statement_data import (
    load_quarter,
    load_statements,
    statement_quarters,
)
from dagster_project.delivery.statement_document import build_document
from dagster_project.delivery.statement_email import statement_eml
from dagster_project.delivery.typesetting import StatementTypesetter, chart_of
from dagster_project.demo import generate_demo
from dagster_project.presentation.templates import template_environment

AS_OF = "2026-11-15T12:00:00Z"
TARGET_PER_SECOND = 100


def published_warehouse(partners: int, lines: int, keep: Path) -> Path:
    landing = keep / f"demo-{lines}-p{partners}-c"
    if not landing.is_dir():
        generate_demo(
            landing, partners=partners, lines=lines, first_month="2024-01", corrections=True
        )
    warehouse = keep / f"warehouse-{lines}-p{partners}.duckdb"
    command = [
        sys.executable, "-m", "dagster_project.cli", "run", "--landing", str(landing),
        "--warehouse", str(warehouse), "--as-of", AS_OF, "--outbox", str(keep / "outbox"),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    return warehouse


def time_full_batch(warehouse: Path, outbox: Path) -> tuple[int, int, float]:
    """Statements written, statements kept, seconds."""
    started = time.perf_counter()
    rendered = statements.render_statements(warehouse, outbox)
    return len(rendered.written), rendered.kept, time.perf_counter() - started


def time_formats(warehouse: Path, sample: int) -> dict[str, float]:
    """Milliseconds a statement, by step, on one core."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        quarter = statement_quarters(con)[-1]
        context = load_quarter(con, quarter)
        batch = load_statements(con, context)[:sample]
    templates = template_environment()
    html_template = templates.get_template(statements.STATEMENT_TEMPLATE)
    text_template = templates.get_template(statements.TEXT_TEMPLATE)
    inliner = css_inline.CSSInliner()
    typesetter = StatementTypesetter()
    steps = ("document", "HTML (Jinja2 + CSS inlined)", "plain text", "PDF", "chart PNG", ".eml")
    spent = dict.fromkeys(steps, 0.0)
    for statement in batch:
        t0 = time.perf_counter()
        document = build_document(statement, context)
        t1 = time.perf_counter()
        html = inliner.inline(html_template.render(d=document, chart_src="cid:chart"))
        t2 = time.perf_counter()
        text = text_template.render(d=document)
        t3 = time.perf_counter()
        pdf = typesetter.pdf(document, quarter, context.as_of)
        t4 = time.perf_counter()
        chart_block = chart_of(document)
        chart = typesetter.chart_png(chart_block) if chart_block else None
        t5 = time.perf_counter()
        message = statement_eml(
            statement, document, [], html=html, text=text, pdf=pdf, chart_png=chart,
            date=datetime(2026, 11, 15, 12, tzinfo=UTC), mail_from=context.names.sender,
        )  # fmt: skip
        t6 = time.perf_counter()
        assert message
        times = (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)
        for name, seconds in zip(spent, times, strict=True):
            spent[name] += seconds
    return {name: seconds * 1000 / len(batch) for name, seconds in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="a published warehouse to render from")
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="where the demo and its warehouse are kept")
    parser.add_argument("--sample", type=int, default=200, help="statements timed by step")
    args = parser.parse_args()
    keep = args.keep or Path(tempfile.mkdtemp(prefix="statements-bench-"))
    warehouse = args.warehouse or published_warehouse(args.partners, args.lines, keep)
    print(f"warehouse: {warehouse}")
    with tempfile.TemporaryDirectory() as outbox:
        # Cold: into an empty outbox (every statement rendered). Then again with nothing
        # changed: every statement kept as it is (its inputs are the same).
        for label in ("cold, empty outbox", "again, nothing changed"):
            written, kept, seconds = time_full_batch(warehouse, Path(outbox))
            files = sum(1 for _ in Path(outbox).rglob("*.*"))
            line = (
                f"{label}: {written:,} statements rendered, {kept:,} kept ({files:,} files) in"
                f" {seconds:.1f} s on {statements.RENDER_PROCESSES} processes"
            )
            if written:
                rate = written / seconds
                verdict = "meets" if rate >= TARGET_PER_SECOND else "misses"
                line += f": {rate:.1f} statements/s ({verdict} the target of {TARGET_PER_SECOND}/s)"
            print(line)
    print(f"one core, {args.sample} statements of the as-of quarter, ms a statement:")
    steps = time_formats(warehouse, args.sample)
    for name, ms in steps.items():
        print(f"  {name:<28} {ms:6.1f}")
    print(f"  {'total':<28} {sum(steps.values()):6.1f}")


if __name__ == "__main__":
    main()
