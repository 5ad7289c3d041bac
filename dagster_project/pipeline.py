"""Run the pipeline job in this process (the same job the schedule and sensor start) and print
what it did."""

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from dagster import AssetKey, ExecuteInProcessResult
from rich.console import Console
from rich.table import Table

from dagster_project.automation.jobs import (
    PIPELINE_JOB_NAME,
    SEND_JOB_NAME,
    WAREHOUSE_JOB_NAME,
)
from dagster_project.closing.register import RegisterCorrupt
from dagster_project.closing.run_tables import RunRefused, checked_for_run
from dagster_project.delivery.mail_server import MailServer, MailServerNotConfigured
from dagster_project.delivery.sending import EVERY_STATEMENT_SENT, NO_UNCONFIRMED_SEND
from dagster_project.duckdb_connection import connect
from dagster_project.presentation.formatting import percent
from dagster_project.processes import INTERRUPTED
from dagster_project.progress import set_status
from dagster_project.quality.gx_validation import (
    finish_data_docs,
    preload_great_expectations,
)
from dagster_project.resources import PipelineSettings, parse_as_of
from dagster_project.transform.increment import build_of
from dagster_project.transform.project import prepare_manifest

SHOWN_FAILURES = 20  # failed sends listed on the console; all are in the send log


def run_pipeline(
    landing: Path,
    warehouse: Path,
    outbox: Path,
    as_of: str,
    console: Console,
    engine: str = "duckdb",
    unit_tests: bool = False,
    send: bool = False,
    program: Path | None = None,
    statements: bool = True,
) -> int:
    """Execute the job (with `send`, the one that also e-mails the statements; without
    `statements`, the one that renders none); return the process exit code (0 when every step
    succeeded)."""
    try:
        as_of_utc = parse_as_of(as_of).isoformat()
    except ValueError:
        console.print(
            f"[red]--as-of {as_of!r} is not an ISO 8601 instant[/], e.g. 2026-11-15T12:00:00Z"
        )
        return 2
    try:
        # Before anything is read: a register that does not match its hashes, or an as-of
        # quarter that is closed (overview: Closing a quarter). The run's resource checks it again.
        register = PipelineSettings(warehouse_path=str(warehouse.resolve())).closes
        checked_for_run(register, parse_as_of(as_of_utc))
    except (RegisterCorrupt, RunRefused) as exc:
        console.print(f"[red]refused: {exc}[/]", soft_wrap=True)
        return 2
    if send:
        try:
            MailServer().check()
        except MailServerNotConfigured as exc:
            console.print(f"[red]--send: {exc}[/] (see the README: sending statements)")
            return 2
    job_name = SEND_JOB_NAME if send else PIPELINE_JOB_NAME if statements else WAREHOUSE_JOB_NAME
    with console.status("preparing the dbt project ...") as status:
        # Great Expectations takes seconds to import; the checks need it only after landing,
        # whose work is DuckDB's: import it beside that work, not after it.
        preload_great_expectations()
        prepare_manifest()
        from dagster_project.definitions import defs  # after the manifest exists

        job = defs.resolve_job_def(job_name)
        settings = {
            "landing_dir": str(landing.resolve()),
            "warehouse_path": str(warehouse.resolve()),
            "outbox_dir": str(outbox.resolve()),
            "as_of": as_of_utc,
            "engine": engine,
            "dbt_unit_tests": unit_tests,
        }
        run_id = str(uuid.uuid4())
        console.print(
            f"running {job_name} (run {run_id}) on {landing} as of {as_of_utc}, dbt on {engine}"
            + (f", program files of {program}" if program else "")
        )
        status.update("running ...")
        set_status(status)
        try:
            # dbt's own log lines go to a file beside the warehouse, not over the progress.
            with _dbt_log(warehouse) as log_path, contextlib.redirect_stdout(log_path):
                result = job.execute_in_process(
                    run_config={
                        "resources": {
                            "settings": {"config": settings},
                            "program_rules": {
                                "config": {"program_dir": str(program.resolve()) if program else ""}
                            },
                        },
                        "loggers": {"console": {}},
                    },
                    raise_on_error=False,
                    run_id=run_id,
                )
        finally:
            # A failed run's GX Data Docs too (in its run folder): they say what GX found.
            finish_data_docs()
            set_status(None)
    delivery = _delivery(result) if send else None
    rendered = _asset_metadata(result, "statement_files")
    if not result.success and delivery is not None:
        # The send step ran, so all before it succeeded: the warehouse and the statements are
        # out, some e-mails are not.
        print_summary(warehouse, outbox, console, rendered, delivery)
        console.print(
            f"[red bold]the run failed[/]: {delivery.counts.get('failed', 0):,} statements could"
            " not be sent (logged; the next run sends them again):"
        )
        for line in delivery.failed[:SHOWN_FAILURES]:
            console.print(f"[red]  {line}[/]", soft_wrap=True)
        if len(delivery.failed) > SHOWN_FAILURES:
            console.print(f"  ... the others are in the send log: {delivery.send_log}")
        return 1
    if not result.success and _interrupted(result):
        console.print("[red bold]interrupted[/]: the warehouse was left as it was.")
        return INTERRUPTED
    if not result.success:
        console.print("[red bold]the run failed[/]; the warehouse was left as it was.")
        for event in result.all_events:
            if event.is_step_failure and event.step_failure_data.error is not None:
                error = event.step_failure_data.error
                console.print(f"[red]{event.step_key}[/]: {_failure_message(error)}")
            elif event.is_resource_init_failure and event.engine_event_data.error is not None:
                # Before any step: the warehouse's lock is held by another run, for one.
                console.print(f"[red]refused[/]: {_failure_message(event.engine_event_data.error)}")
        return 1
    skipped = [e.step_key for e in result.all_events if e.event_type_value == "STEP_SKIPPED"]
    if skipped:
        # Dagster skips a step whose inputs were not all produced, and calls the run a success:
        # a run that did not publish did not succeed.
        console.print(
            "[red bold]the run failed[/]: steps skipped, the warehouse was left as it was: "
            + ", ".join(str(step) for step in skipped)
        )
        return 1
    print_summary(warehouse, outbox, console, rendered, delivery)
    return 0


@dataclass(frozen=True)
class DeliveryReport:
    """What the send step reported: its counts and the statements that need a person."""

    counts: dict[str, int]
    failed: list[str]
    unconfirmed: list[str]
    send_log: str


def _interrupted(result: ExecuteInProcessResult) -> bool:
    """Whether a step failed because the run was interrupted (Dagster turns Ctrl-C into that)."""
    return any(
        event.is_step_failure
        and event.step_failure_data.error is not None
        and event.step_failure_data.error.cls_name == "DagsterExecutionInterruptedError"
        for event in result.all_events
    )


def _asset_metadata(result: ExecuteInProcessResult, asset: str) -> dict | None:
    """The metadata of the asset's materialization in the run (none: not materialized)."""
    for event in result.get_asset_materialization_events():
        if event.asset_key == AssetKey(asset):
            return {k: v.value for k, v in event.materialization.metadata.items()}
    return None


def _delivery(result: ExecuteInProcessResult) -> DeliveryReport | None:
    metadata = _asset_metadata(result, "statement_delivery")
    if metadata is None:
        return None
    checks = {
        e.check_name: {k: v.value for k, v in e.metadata.items()}
        for e in result.get_asset_check_evaluations()
        if e.asset_key == AssetKey("statement_delivery")
    }
    return DeliveryReport(
        counts={k: int(v) for k, v in metadata.items() if isinstance(v, int)},
        failed=list(checks.get(EVERY_STATEMENT_SENT, {}).get("failed", [])),
        unconfirmed=list(checks.get(NO_UNCONFIRMED_SEND, {}).get("unconfirmed", [])),
        send_log=str(metadata.get("send_log", "")),
    )


@contextlib.contextmanager
def _dbt_log(warehouse: Path) -> Iterator[TextIO]:
    path = warehouse.with_name(warehouse.name + ".log")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as log:
        yield log


def _failure_message(error) -> str:
    # A dagster.Failure carries its description; anything else its message and cause.
    while error.cause is not None and "Failure" not in error.cls_name:
        error = error.cause
    message = error.message.strip()
    prefix = f"{error.cls_name}: "
    return message.split(prefix, 1)[1] if prefix in message else message


def print_summary(
    warehouse: Path,
    outbox: Path,
    console: Console,
    rendered: dict | None = None,
    delivery: DeliveryReport | None = None,
) -> None:
    """The run's figures; `rendered`: the statement_files step's metadata (none: not run)."""
    with connect(warehouse, read_only=True) as con:
        outcomes = dict(
            con.execute(
                "SELECT outcome, count(*) FROM marts.sell_through_line_outcomes GROUP BY ALL"
            ).fetchall()
        )
        reasons = con.execute(
            "SELECT reason, count(*) FROM marts.sell_through_quarantine GROUP BY ALL ORDER BY 1"
        ).fetchall()
        rejected = con.execute("SELECT count(*) FROM marts.rejected_files").fetchone()[0]
        ignored = con.execute("SELECT count(*) FROM marts.ignored_files").fetchone()[0]
        quarter = con.execute(
            "SELECT any_value(fiscal_quarter) FROM marts.partner_tiers WHERE is_open"
        ).fetchone()[0]
        tiers = con.execute(
            """SELECT t.tier, count(*) FROM marts.partner_tiers AS p
               JOIN marts.program_tiers AS t
                 ON p.fiscal_quarter = t.fiscal_quarter AND p.tier_in_force = t.tier
               WHERE p.is_open GROUP BY t.tier, t.tier_rank ORDER BY t.tier_rank"""
        ).fetchall()
        (revenue,) = con.execute(
            "SELECT sum(net_revenue_usd) FROM marts.fct_sell_through"
        ).fetchone()
        requests = dict(
            con.execute(
                "SELECT sla_status, count(*) FROM marts.sla_requests GROUP BY ALL"
            ).fetchall()
        )
        (requests_quarantined,) = con.execute(
            "SELECT count(*) FROM marts.request_quarantine"
        ).fetchone()
        undeliverable = con.execute(
            "SELECT count(*) FROM marts.undeliverable_statements"
        ).fetchone()[0]
        build = build_of(con)
        below_floor = con.execute(
            """SELECT request_type, country, attainment_rate FROM marts.sla_attainment_by_country
               WHERE is_as_of_quarter AND below_attainment_floor
               ORDER BY request_type, country NULLS LAST"""
        ).fetchall()
    table = Table(title="Channel Ledger run", show_header=False, title_justify="left")
    table.add_row("lines read", f"{sum(outcomes.values()):,}")
    table.add_row("loaded (fact)", f"{outcomes.get('FACT', 0):,}")
    table.add_row("superseded", f"{outcomes.get('SUPERSEDED', 0):,}")
    table.add_row("removed", f"{outcomes.get('REMOVED', 0):,}")
    table.add_row("quarantined", f"{outcomes.get('QUARANTINED', 0):,}")
    for reason, count in reasons:
        table.add_row(f"  {reason}", f"{count:,}")
    table.add_row("files rejected", f"{rejected:,}")
    table.add_row("files ignored (not landing files)", f"{ignored:,}")
    table.add_row("fact revenue (USD)", f"{(revenue or Decimal(0)):,.2f}")
    if quarter:
        table.add_row(f"partners per tier in force, {quarter}", "")
        for tier, count in tiers:
            table.add_row(f"  {tier}", f"{count:,}")
    table.add_row("requests (SLA)", f"{sum(requests.values()):,}")
    for status in ("MET", "BREACHED", "PENDING"):
        table.add_row(f"  {status}", f"{requests.get(status, 0):,}")
    table.add_row("requests quarantined", f"{requests_quarantined:,}")
    for kind, country, rate in below_floor:
        table.add_row(f"  below SLA floor: {country or 'unknown'} {kind}", percent(rate))
    if rendered is None:
        table.add_row("statements", "not rendered (--no-statements)")
    else:
        table.add_row("statements rendered", f"{rendered['written']:,}")
        table.add_row("  kept as they were (nothing changed)", f"{rendered['kept']:,}")
    table.add_row("statements undeliverable (no recipient)", f"{undeliverable:,}")
    if delivery is not None:
        table.add_row("statements e-mailed", "")
        for name, count in delivery.counts.items():
            table.add_row(f"  {name.replace('_', ' ')}", f"{count:,}")
    console.print(table)
    if delivery is not None:
        for line in delivery.unconfirmed:
            console.print(
                f"[yellow]sent or not? an attempt without a result, not resent: {line}[/]"
                " (channel-ledger send-log)",
                soft_wrap=True,
            )
        console.print(f"send log: {delivery.send_log}", soft_wrap=True)
    if build is not None:
        is_increment, reason = build
        console.print(f"warehouse build: {'increment' if is_increment else 'full'} ({reason})")
    # Paths on lines of their own, never wrapped: they are for copying.
    console.print(f"warehouse: {warehouse}", soft_wrap=True)
    statements = outbox / quarter if quarter else "none (no quarter in the history yet)"
    console.print(f"statements: {statements}", soft_wrap=True)
    if quarter and (outbox / "sla" / f"{quarter}.html").is_file():
        console.print(f"SLA report: {outbox / 'sla' / f'{quarter}.html'}", soft_wrap=True)
    gx_docs = PipelineSettings(warehouse_path=str(warehouse)).gx_docs_dir / "index.html"
    console.print(f"data quality (GX Data Docs): {gx_docs}", soft_wrap=True)
