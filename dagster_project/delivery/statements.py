"""Partner statements (spec section 9): for every partner, the statement of the as-of quarter
(quarter to date) and of the quarter before it (over; closed when finance closed it, spec section
12), as HTML, PDF and the e-mail that carries both (`<outbox>/<fiscal_quarter>/<partner file
name>.html`, `.pdf`, `.eml`; the file name is the partner id by an encoding that cannot
collide, statement_email.file_name_part).

Each statement is read from the marts (statement_data.py), built into one document
(statement_document.py) and rendered by three generic templates from report_templates/: HTML
with Jinja2 (autoescaping on; its CSS inlined for mail clients), text, and the PDF typeset by
Typst. No figure is computed here. The recipients come from statement_recipients; sending is
delivery/sending.py's.
"""

import base64
import functools
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import css_inline
import duckdb
from dagster import AssetExecutionContext, MaterializeResult, asset
from jinja2 import Template

from dagster_project.delivery.keys import PUBLISHED_WAREHOUSE
from dagster_project.delivery.mail_server import MailServer
from dagster_project.delivery.statement_data import (
    QuarterContext,
    Statement,
    load_quarter,
    load_statements,
    statement_quarters,
)
from dagster_project.delivery.statement_document import build_document
from dagster_project.delivery.statement_email import (
    CHART_CID,
    Recipient,
    build_message,
    file_name_part,
    message_bytes,
)
from dagster_project.delivery.templates import template_environment
from dagster_project.delivery.typesetting import StatementTypesetter, chart_of
from dagster_project.resources import PipelineSettings

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
    date: datetime  # the e-mail's Date: the run's as-of instant, so a rerun writes the same
    mail_from: str | None  # the mail server's From; none: the program's sender (seed program)


def render_statements(warehouse: Path, outbox: Path, mail_from: str | None = None) -> list[Path]:
    """Render every partner's statements of the quarter before the as-of quarter and of the
    as-of quarter into the outbox, as HTML, PDF and e-mail; return the HTML files written."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (count,) = con.execute(
            """SELECT count(*) FROM marts.partner_statements AS s
               JOIN marts.program_quarters AS q USING (fiscal_quarter) WHERE q.is_stated"""
        ).fetchone()
        (as_of,) = con.execute("SELECT max(as_of_utc) FROM marts.program_quarters").fetchone()
        date = as_of.replace(tzinfo=UTC) if as_of else datetime.now(UTC)  # no quarter: nothing
        settings = RenderSettings(outbox, date, mail_from)
        recipients = load_recipients(con)

        def batches() -> Iterator[tuple[QuarterContext, list[tuple[Statement, list[Recipient]]]]]:
            for quarter in statement_quarters(con):
                context = load_quarter(con, quarter)
                loaded = load_statements(con, context)
                jobs = [(s, recipients.get(s.partner_id, [])) for s in loaded]
                for i in range(0, len(jobs), RENDER_BATCH):
                    yield context, jobs[i : i + RENDER_BATCH]

        if count <= RENDER_BATCH or RENDER_PROCESSES < 2:
            return [
                path
                for context, batch in batches()
                for path in _render_batch(settings, context, batch)
            ]
        # Typst takes ~25 ms a statement on one core: the batches go to a process per core
        # (spawned, not forked: the Dagster process that calls this holds threads). Batches are
        # submitted as each quarter loads: the workers start and render while the next loads.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(RENDER_PROCESSES, mp_context=context) as pool:
            futures = [
                pool.submit(_render_batch, settings, context, batch) for context, batch in batches()
            ]
            return [path for future in futures for path in future.result()]


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


def _render_batch(
    settings: RenderSettings,
    context: QuarterContext,
    jobs: list[tuple[Statement, list[Recipient]]],
) -> list[Path]:
    """Write the HTML, the PDF and the e-mail of each statement; return the HTML files."""
    html_template, text_template, inliner, typesetter = _renderers()
    mail_from = settings.mail_from or context.names.sender
    written = []
    for statement, recipients in jobs:
        document = build_document(statement, context)
        chart_block = chart_of(document)
        chart = typesetter.chart_png(chart_block) if chart_block else None
        src = f"cid:{CHART_CID}" if chart else ""
        html = inliner.inline(html_template.render(d=document, chart_src=src))
        pdf = typesetter.pdf(document, statement.fiscal_quarter)
        message = build_message(
            statement,
            document,
            recipients,
            html=html,
            text=text_template.render(d=document),
            pdf=pdf,
            chart_png=chart,
            date=settings.date,
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
        path.with_suffix(".eml").write_bytes(message_bytes(message))
        written.append(path)
    return written


@asset(deps=[PUBLISHED_WAREHOUSE], group_name="delivery")
def statement_files(
    context: AssetExecutionContext, settings: PipelineSettings, mail: MailServer
) -> MaterializeResult:
    """Every partner's statements of the as-of quarter and the quarter before it, as HTML, PDF
    and e-mail (`.eml`), in `<outbox>/<quarter>/`. Rendering sends nothing."""
    written = render_statements(
        settings.warehouse, settings.outbox, mail.settings().mail_from or None
    )
    context.log.info(f"{len(written)} statements written to {settings.outbox}")
    return MaterializeResult(metadata={"statements": len(written), "outbox": str(settings.outbox)})
