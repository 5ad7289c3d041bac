"""Partner statements (overview: Statements): for every partner, the statement of the as-of quarter
(quarter to date) and of the quarter before it (over; closed when finance closed it, overview:
Closing a quarter), as HTML, PDF and the e-mail that carries both
(`<outbox>/<fiscal_quarter>/<partner file name>.html`, `.pdf`, `.eml`; the file name is the partner
id by an encoding that cannot collide, statement_email.file_name_part).

Each statement is read from the marts (statement_data.py), built into one document
(statement_document.py) and rendered by three generic templates from report_templates/: HTML
with Jinja2 (autoescaping on; its CSS inlined for mail clients), text, and the PDF typeset by
Typst. No figure is computed here. The recipients come from statement_recipients; sending is
delivery/sending.py's. A statement whose inputs did not change since its files were written is
kept as it is (render_cache.py).
"""

import base64
import contextlib
import functools
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import css_inline
import duckdb
from dagster import AssetExecutionContext, MaterializeResult, asset
from jinja2 import Template

from dagster_project.delivery.mail_server import MailServer
from dagster_project.delivery.render_cache import QuarterInputs, RenderManifest
from dagster_project.delivery.statement_data import (
    QuarterContext,
    Statement,
    load_quarter,
    load_statements,
    statement_date,
    statement_quarters,
)
from dagster_project.delivery.statement_document import build_document
from dagster_project.delivery.statement_email import (
    CHART_CID,
    Recipient,
    file_name_part,
    statement_eml,
)
from dagster_project.delivery.typesetting import StatementTypesetter, chart_of
from dagster_project.duckdb_connection import connect
from dagster_project.presentation.templates import template_environment
from dagster_project.resources import PipelineSettings
from dagster_project.transform.keys import PUBLISHED_WAREHOUSE

STATEMENT_TEMPLATE = "statement.html.j2"
TEXT_TEMPLATE = "statement.txt.j2"
# Statements render in batches, on a process per core once there are two batches or more.
RENDER_BATCH = 100
RENDER_PROCESSES = min(os.cpu_count() or 1, 4)


def load_recipients(con: duckdb.DuckDBPyConnection) -> dict[str, list[Recipient]]:
    """Each partner's recipients (statement_recipients), in contacts.csv's order."""
    recipients: dict[str, list[Recipient]] = defaultdict(list)
    for partner_id, email, name in con.execute(
        """SELECT partner_id, email, contact_name FROM marts.statement_recipients
           ORDER BY partner_id, contact_line_number"""
    ).fetchall():
        recipients[partner_id].append(Recipient(email, name))
    return recipients


def statement_path(outbox: Path, partner_id: str, fiscal_quarter: str, suffix: str) -> Path:
    return outbox / fiscal_quarter / f"{file_name_part(partner_id)}{suffix}"


@dataclass(frozen=True)
class RenderSettings:
    """What every batch renders with (sent to the worker processes)."""

    outbox: Path
    mail_from: str | None  # the mail server's From; none: the program's sender (seed program)


@dataclass(frozen=True)
class Job:
    """A statement to render, to whom it goes, and the key of what it is rendered from."""

    statement: Statement
    recipients: list[Recipient]
    key: str


@dataclass(frozen=True)
class Rendered:
    """What a render did: the statements it wrote (their HTML files) and those it kept."""

    written: list[Path]
    kept: int


def render_statements(warehouse: Path, outbox: Path, mail_from: str | None = None) -> Rendered:
    """Render every partner's statements of the quarter before the as-of quarter and of the
    as-of quarter into the outbox, as HTML, PDF and e-mail, each one only if what it is rendered
    from changed since it was last written there (render_cache.py)."""
    settings = RenderSettings(outbox, mail_from)
    manifest = RenderManifest(outbox)
    stated: set[str] = set()
    batches: list[tuple[QuarterContext, list[Job]]] = []
    futures: list[Future[list[Path]]] = []
    with connect(warehouse, read_only=True) as con, contextlib.ExitStack() as stack:
        pool: ProcessPoolExecutor | None = None
        for batch in _stale_batches(con, outbox, mail_from, manifest, stated):
            if pool is None and batches and RENDER_PROCESSES > 1:
                # A second batch: worth a process per core (spawned, not forked: the Dagster
                # process that calls this holds threads). Typst takes ~20 ms a statement.
                pool = stack.enter_context(
                    ProcessPoolExecutor(
                        RENDER_PROCESSES, mp_context=multiprocessing.get_context("spawn")
                    )
                )
                futures = [pool.submit(_render_batch, settings, *b) for b in batches]
            batches.append(batch)
            if pool is not None:  # rendered while the next batches are read
                futures.append(pool.submit(_render_batch, settings, *batch))
        if pool is None:
            done = [_render_batch(settings, *batch) for batch in batches]
        else:
            done = [future.result() for future in futures]
    written = []
    for (_, jobs), paths in zip(batches, done, strict=True):
        for job, html in zip(jobs, paths, strict=True):
            manifest.record(_manifest_name(outbox, html), job.key, html)
            written.append(html)
    manifest.save(stated)
    return Rendered(written, kept=len(stated) - len(written))


def _stale_batches(
    con: duckdb.DuckDBPyConnection,
    outbox: Path,
    mail_from: str | None,
    manifest: RenderManifest,
    stated: set[str],
) -> Iterator[tuple[QuarterContext, list[Job]]]:
    """The statements to render, in batches of RENDER_BATCH, quarter by quarter; every
    statement of the run is added to `stated`."""
    recipients = load_recipients(con)
    for quarter in statement_quarters(con):
        context = load_quarter(con, quarter)
        inputs = QuarterInputs(context, mail_from or context.names.sender)
        jobs = []
        for statement in load_statements(con, context):
            to = recipients.get(statement.partner_id, [])
            key = inputs.statement_key(statement, to)
            html = statement_path(outbox, statement.partner_id, quarter, ".html")
            name = _manifest_name(outbox, html)
            stated.add(name)
            if not manifest.is_current(name, key, html):
                jobs.append(Job(statement, to, key))
            if len(jobs) == RENDER_BATCH:
                yield context, jobs
                jobs = []
        if jobs:
            yield context, jobs


def _manifest_name(outbox: Path, html: Path) -> str:
    return html.with_suffix("").relative_to(outbox).as_posix()  # FY2027-Q3/P001


@functools.cache
def _renderers() -> tuple[Template, Template, css_inline.CSSInliner, StatementTypesetter]:
    """The templates, the CSS inliner and the Typst compilers, made once per process: a
    compiler's first document loads its fonts and templates (every batch did it again)."""
    templates = template_environment()
    return (
        templates.get_template(STATEMENT_TEMPLATE),
        templates.get_template(TEXT_TEMPLATE),
        css_inline.CSSInliner(),
        StatementTypesetter(),
    )


def _render_batch(settings: RenderSettings, context: QuarterContext, jobs: list[Job]) -> list[Path]:
    """Write the HTML, the PDF and the e-mail of each statement; return the HTML files."""
    html_template, text_template, inliner, typesetter = _renderers()
    mail_from = settings.mail_from or context.names.sender
    date = statement_date(context)
    written = []
    for job in jobs:
        statement, recipients = job.statement, job.recipients
        document = build_document(statement, context)
        chart_block = chart_of(document)
        chart = typesetter.chart_png(chart_block) if chart_block else None
        src = f"cid:{CHART_CID}" if chart else ""
        html = inliner.inline(html_template.render(d=document, chart_src=src))
        pdf = typesetter.pdf(document, statement.fiscal_quarter, date)
        eml = statement_eml(
            statement,
            document,
            recipients,
            html=html,
            text=text_template.render(d=document),
            pdf=pdf,
            chart_png=chart,
            date=date,
            mail_from=mail_from,
        )
        path = statement_path(
            settings.outbox, statement.partner_id, statement.fiscal_quarter, ".html"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        if chart:  # the page opens from disk: the chart inside it
            data_uri = "data:image/png;base64," + base64.b64encode(chart).decode()
            html = html.replace(f'src="{src}"', f'src="{data_uri}"', 1)
        path.write_text(html, encoding="utf-8")
        path.with_suffix(".pdf").write_bytes(pdf)
        path.with_suffix(".eml").write_bytes(eml)
        written.append(path)
    return written


@asset(deps=[PUBLISHED_WAREHOUSE], group_name="delivery")
def statement_files(
    context: AssetExecutionContext, settings: PipelineSettings, mail: MailServer
) -> MaterializeResult:
    """Every partner's statements of the as-of quarter and the quarter before it, as HTML, PDF
    and e-mail (`.eml`), in `<outbox>/<quarter>/`. Rendering sends nothing."""
    rendered = render_statements(
        settings.warehouse, settings.outbox, mail.settings().mail_from or None
    )
    context.log.info(
        f"{len(rendered.written)} statements written to {settings.outbox},"
        f" {rendered.kept} kept as they were (nothing they are rendered from changed)"
    )
    return MaterializeResult(
        metadata={
            "statements": len(rendered.written) + rendered.kept,
            "written": len(rendered.written),
            "kept": rendered.kept,
            "outbox": str(settings.outbox),
        }
    )
