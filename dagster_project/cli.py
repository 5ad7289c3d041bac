"""`channel-ledger`: run the pipeline headless (the same Dagster job the schedule runs), close a
quarter for finance, read the send log, build the documentation, or write a demo landing
folder."""

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console

from dagster_project.fiscal_calendar import quarter_index
from dagster_project.presentation.formatting import usd
from dagster_project.processes import INTERRUPTED, children_reaped
from dagster_project.resources import (
    DEFAULT_DEMO_PROGRAM,
    DEFAULT_FINANCE,
    DEFAULT_LANDING,
    DEFAULT_OUTBOX,
    DEFAULT_WAREHOUSE,
    DEFAULT_WHATIF,
)

console = Console(stderr=True, highlight=False)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="channel-ledger", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the whole pipeline once, in this process")
    run.add_argument("--landing", type=Path, help="landing folder (default: the bundled demo)")
    run.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file")
    run.add_argument(
        "--as-of", default="", help="ISO 8601 instant deciding the open quarter (default: now, UTC)"
    )
    run.add_argument("--outbox", type=Path, default=DEFAULT_OUTBOX, help="where statements land")
    run.add_argument(
        "--program",
        type=Path,
        help="a folder of program files (the seeds' format) replacing the shipped ones of their"
        " name (default: the shipped ones; the demo's own with the bundled demo)",
    )
    run.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="what dbt builds with: DuckDB, or Spark in a local session (same marts)",
    )
    run.add_argument(
        "--unit-tests",
        action="store_true",
        help="also run dbt's unit tests (as CI does; they test the rules' code, not the data)",
    )
    run.add_argument(
        "--send",
        action="store_true",
        help="also e-mail the statements over SMTP (CHANNEL_LEDGER_SMTP_* settings), each once",
    )
    run.add_argument(
        "--no-statements",
        action="store_true",
        help="build and publish the warehouse and its reports without rendering statements"
        " (to correct data mid-month; the next run renders what changed)",
    )

    send_log = commands.add_parser(
        "send-log",
        help="list the statements e-mailed, and resolve attempts that have no result",
    )
    send_log.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file")
    send_log.add_argument("--resolve", type=int, metavar="ATTEMPT", help="an attempt's id")
    send_log.add_argument(
        "--as",
        dest="verdict",
        choices=("sent", "failed"),
        help="with --resolve: it arrived (sent), or it did not (failed: the next run sends it)",
    )

    close = commands.add_parser(
        "close",
        help="close a quarter: its figures are final, later changes become adjustments",
        description="Close the next quarter in order (over at the published warehouse's as-of"
        " time), recording its figures in the close register; or reopen the last closed one.",
    )
    what = close.add_mutually_exclusive_group(required=True)
    what.add_argument("--quarter", help="the quarter to close, FY2027-Q1")
    what.add_argument("--reopen", metavar="QUARTER", help="the last closed quarter, to reopen")
    close.add_argument("--by", required=True, help="who closes or reopens (the audit trail)")
    close.add_argument("--reason", help="why a quarter is reopened (required with --reopen)")
    close.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file")

    docs = commands.add_parser(
        "docs", help="build dbt's documentation site beside the warehouse's GX Data Docs"
    )
    docs.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file")

    finance = commands.add_parser(
        "finance",
        help="close a quarter: payables CSV, reconciliation workbook and summary for finance",
    )
    finance.add_argument("--quarter", required=True, help="a closed fiscal quarter, FY2027-Q1")
    finance.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file")
    finance.add_argument(
        "--out", type=Path, default=DEFAULT_FINANCE, help="where the three files are written"
    )

    whatif = commands.add_parser(
        "whatif",
        help="the program under alternative rules: what each partner would earn, what it costs",
    )
    whatif.add_argument(
        "--rules", type=Path, required=True, help="a folder of program CSVs (the seeds' format)"
    )
    whatif.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file")
    whatif.add_argument("--quarters", help="FY2026-Q1..FY2027-Q2 (default: every quarter)")
    whatif.add_argument(
        "--out", type=Path, default=DEFAULT_WHATIF, help="where the result is written"
    )

    demo = commands.add_parser("demo", help="write a demo landing folder")
    demo.add_argument("--out", type=Path, required=True)
    demo.add_argument("--partners", type=int, default=300)
    demo.add_argument("--months", type=int, default=36)
    demo.add_argument("--lines", type=int, default=250_000)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument(
        "--first-month", help="YYYY-MM (default: the months end with today's fiscal quarter)"
    )
    demo.add_argument(
        "--program-out",
        type=Path,
        help="also write the demo's program files here (one rate raised from a recent quarter),"
        " for `run --program`",
    )
    demo.add_argument(
        "--corrections",
        action="store_true",
        help="a corrections file per distributor and month, as real vendors receive them",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        from dagster_project.demo.generate import generate_demo

        summary = generate_demo(
            args.out,
            partners=args.partners,
            months=args.months,
            lines=args.lines,
            seed=args.seed,
            first_month=args.first_month,
            corrections=args.corrections,
            program_out=args.program_out,
        )
        console.print(f"demo landing folder written: {summary}")
        return 0
    if args.command == "close":
        return _close(args.warehouse, args.quarter, args.reopen, args.by, args.reason)
    if args.command == "docs":
        return _docs(args.warehouse)
    if args.command == "finance":
        return _finance(args.warehouse, args.quarter, args.out)
    if args.command == "whatif":
        return _whatif(args.rules, args.warehouse, args.quarters, args.out)
    if args.command == "send-log":
        return _send_log(args.warehouse, args.resolve, args.verdict)
    if args.send and args.no_statements:
        console.print("[red]--send sends the statements a run renders: not with --no-statements[/]")
        return 2
    from dagster_project.pipeline import run_pipeline

    if args.landing:
        landing, program = args.landing, args.program
    else:
        landing, demo_program = _demo_landing()
        program = args.program or demo_program

    def run(send: bool) -> int:
        return run_pipeline(
            landing, args.warehouse, args.outbox, args.as_of, console, args.engine,
            args.unit_tests, send, program, statements=not args.no_statements,
        )  # fmt: skip

    if not args.landing and not _has_closes(args.warehouse):
        # The demo's first run on this warehouse: its history closed, then a late restatement.
        code = run(send=False)
        if code != 0:
            return code
        _close_demo_history(landing, args.warehouse)
    return run(args.send)


def _has_closes(warehouse: Path) -> bool:
    from dagster_project.closing.register import read_register
    from dagster_project.resources import PipelineSettings

    return bool(read_register(PipelineSettings(warehouse_path=str(warehouse)).closes))


def _close_demo_history(landing: Path, warehouse: Path) -> None:
    """Close every quarter of the demo's history that is over, as finance would, then land one
    late restatement of a closed quarter: the next run books it as an adjustment."""
    from dagster_project.closing.quarter_close import close_quarter
    from dagster_project.demo.late import write_late_restatement
    from dagster_project.duckdb_connection import connect
    from dagster_project.resources import PipelineSettings

    register = PipelineSettings(warehouse_path=str(warehouse)).closes
    with connect(warehouse, read_only=True) as con:
        over = [
            quarter
            for (quarter,) in con.execute(
                "SELECT fiscal_quarter FROM marts.program_quarters WHERE NOT is_open"
            ).fetchall()
        ]
    over.sort(key=quarter_index)
    for quarter in over:
        close_quarter(warehouse.resolve(), register, quarter, "Channel Ledger demo")
    console.print(f"demo: closed {over[0]} .. {over[-1]} (close register {register})")
    if len(over) >= 2 and not any(landing.glob("sell_through/*/*_late.csv")):
        late = write_late_restatement(landing, warehouse, over[-2])
        if late is not None:
            console.print(f"demo: a late restatement of {over[-2]} landed: {late.name}")


def _docs(warehouse: Path) -> int:
    from dagster_project.resources import PipelineSettings
    from dagster_project.transform.docs import DocsError, build_dbt_docs

    settings = PipelineSettings(warehouse_path=str(warehouse))
    try:
        with console.status("generating dbt's documentation ..."):
            page = build_dbt_docs(settings.warehouse, settings.dbt_docs_dir)
    except DocsError as exc:
        console.print(f"[red]{exc}[/]")
        return 1
    console.print(f"dbt docs: {page}", soft_wrap=True)
    gx = settings.gx_docs_dir / "index.html"
    if gx.exists():
        console.print(f"GX Data Docs: {gx}", soft_wrap=True)
    return 0


def _close(
    warehouse: Path, quarter: str | None, reopen: str | None, by: str, reason: str | None
) -> int:
    from dagster_project.closing.quarter_close import CloseRefused, close_quarter, reopen_quarter
    from dagster_project.resources import PipelineSettings

    register = PipelineSettings(warehouse_path=str(warehouse)).closes
    try:
        if reopen:
            record = reopen_quarter(
                warehouse.resolve(), register, reopen.strip().upper(), by, reason or ""
            )
        else:
            assert quarter is not None
            record = close_quarter(warehouse.resolve(), register, quarter.strip().upper(), by)
    except CloseRefused as exc:
        console.print(f"[red]refused: {exc}[/]; nothing changed", soft_wrap=True)
        return 2
    if record.action == "CLOSED":
        console.print(
            f"{record.fiscal_quarter} closed by {record.by} at {record.at}: "
            f"{record.ledger_lines:,} ledger lines, {record.ledger_total_usd:,} USD, figures as of "
            f"{record.figures_as_of}; from the next run on they never change.",
            soft_wrap=True,
        )
    else:
        console.print(
            f"{record.fiscal_quarter} reopened by {record.by} at {record.at}: the next run "
            "computes its figures again, with the adjustments it held.",
            soft_wrap=True,
        )
    console.print(f"close register: {record.folder} (sha256 {record.sha256})", soft_wrap=True)
    return 0


def _finance(warehouse: Path, quarter: str, out: Path) -> int:
    from dagster_project.delivery.finance_close import CloseRefused, write_finance_close
    from dagster_project.resources import PipelineSettings

    if not warehouse.is_file():
        console.print(f"[red]no warehouse at {warehouse}: run the pipeline first[/]")
        return 1
    register = PipelineSettings(warehouse_path=str(warehouse)).closes
    quarter = quarter.strip().upper()
    try:
        close, written = write_finance_close(warehouse, quarter, out, register)
    except CloseRefused as exc:
        console.print(f"[red]refused: {exc}[/]", soft_wrap=True)
        return 2
    console.print(close.status_text(), soft_wrap=True)
    for path in written:
        console.print(f"{quarter}: {path}", soft_wrap=True)
    return 0


def _whatif(rules: Path, warehouse: Path, quarters: str | None, out: Path) -> int:
    from dagster_project.whatif.report import write_report
    from dagster_project.whatif.rules import ScenarioError
    from dagster_project.whatif.scenario import parse_quarters, run_scenario

    try:
        with console.status(f"running the program under {rules} ..."):
            result = run_scenario(rules, warehouse, out, parse_quarters(quarters))
            page = write_report(result, out)
    except ScenarioError as exc:
        console.print(f"[red]refused: {exc}[/]", soft_wrap=True)
        return 2
    changed = ", ".join(f"{name}.csv" for name in result.scenario.files) or "nothing"
    console.print(f"scenario {rules}: replaces {changed}")
    for change in result.scenario.changes:
        console.print(f"  {change.sentence()}", soft_wrap=True)
    for quarter, (program, scenario, difference) in result.cost_by_quarter().items():
        console.print(
            f"  {quarter}: program {usd(program)}, scenario {usd(scenario)}, cost {usd(difference)}"
        )
    console.print(
        f"cost of the change: {usd(result.total_cost())}; partner-quarters changing tier:"
        f" {len(result.tier_changes())}"
    )
    console.print(f"per partner and quarter: {result.csv_path}", soft_wrap=True)
    console.print(
        f"ledger lines changed ({len(result.changed_lines):,}): {result.lines_path}", soft_wrap=True
    )
    console.print(f"the page: {page}", soft_wrap=True)
    return 0


def _send_log(warehouse: Path, resolve: int | None, verdict: str | None) -> int:
    from rich.table import Table

    from dagster_project.delivery.send_log import FAILED, SENT, open_send_log
    from dagster_project.resources import PipelineSettings

    path = PipelineSettings(warehouse_path=str(warehouse)).send_log
    if not path.is_file():
        console.print(f"no send log at {path}: nothing was sent", soft_wrap=True)
        return 0
    with open_send_log(path) as log:
        if resolve is not None:
            if verdict is None:
                console.print("[red]--resolve needs --as sent or --as failed[/]")
                return 2
            result = SENT if verdict == "sent" else FAILED
            if not log.resolve(resolve, result, f"resolved as {verdict} by a person"):
                console.print(f"[red]attempt {resolve} is not an attempt without a result[/]")
                return 1
            console.print(f"attempt {resolve}: {result}")
            return 0
        table = Table(title=f"send log {path}", title_justify="left")
        for column in ("attempt", "partner", "quarter", "attempted at", "result", "recipients"):
            table.add_column(column)
        for a in log.attempts():
            result = a.result or "[yellow]NO RESULT: check, then --resolve[/]"
            table.add_row(
                str(a.attempt_id), a.partner_id, a.fiscal_quarter, a.attempted_at,
                result + (f" ({a.error})" if a.error else ""), a.recipients,
            )  # fmt: skip
        console.print(table)
    return 0


def _demo_landing() -> tuple[Path, Path]:
    """The default demo, generated once into a cache folder and reused: its landing folder and
    its program files (the shipped program with one rate raised from a recent quarter)."""
    # Beside the folder, not in it: everything in a landing folder is read or reported.
    marker = DEFAULT_LANDING.with_name(DEFAULT_LANDING.name + ".complete")
    if not marker.exists() or not DEFAULT_DEMO_PROGRAM.is_dir():
        from dagster_project.demo.generate import generate_demo

        with console.status(f"generating the demo landing folder into {DEFAULT_LANDING} ..."):
            generate_demo(DEFAULT_LANDING, overwrite=True, program_out=DEFAULT_DEMO_PROGRAM)
        marker.write_text("generated by channel-ledger run\n")
    return DEFAULT_LANDING, DEFAULT_DEMO_PROGRAM


def run() -> None:
    """The console script: exit as soon as the work is done, the output is out and every process
    it started has ended. Python's own teardown of dbt, Dagster and DuckDB's modules takes
    seconds and has nothing left to do."""
    try:
        with children_reaped():
            code = main()
    except KeyboardInterrupt:
        code = INTERRUPTED  # Ctrl-C: the children got it too, and have been waited for
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
