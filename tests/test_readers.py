"""Statements as their readers read them: on a phone and a desktop (Chromium), on
paper (the PDF read back), in words (no code reaches a reader), and each partner's alone, even
when two ids would make the same file name."""

from __future__ import annotations

import email
import re
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from email import policy
from pathlib import Path

import duckdb
from pypdf import PdfReader

from dagster_project.delivery.finance_close import write_finance_close
from dagster_project.delivery.sending import deliver_statements
from dagster_project.delivery.statement_data import NextAction, RewardLine, Statement
from dagster_project.delivery.statement_document import build_document
from dagster_project.delivery.statement_email import figures_hash, file_name_part
from dagster_project.delivery.statements import render_statements, statement_path
from dagster_project.delivery.typesetting import StatementTypesetter
from tests import expected_small as expected
from tests.browser import layouts, needs_chromium, screenshot
from tests.pipeline_runs import Run
from tests.smtp_loopback import MailServerOnLoopback
from tests.statement_samples import quarter_context

CODE = re.compile(r"\b[A-Z]+_[A-Z_]+\b")  # a code of the marts (GROWTH_AT_MARKET)
PHONE, DESKTOP = 390, 1200


def _statement(**changes) -> Statement:
    base = Statement(
        partner_id="P-1", partner_name="Acme", fiscal_quarter="FY2027-Q3", is_open=True,
        tier_in_force="SILVER", earned_tier="SILVER", review_revenue_usd=Decimal("252500"),
        next_tier="GOLD", gap_to_next_tier_usd=Decimal("747500"), at_risk=False,
        net_revenue_usd=Decimal("2500"), total_rewards_usd=Decimal("25.00"),
        coverage=Decimal("1"), coverage_gate_passed=True, support_line="Ask us.",
        reply_to="partner-support@channel-ledger.example",
    )  # fmt: skip
    return replace(base, **changes)


def _document_text(statement: Statement) -> str:
    document = build_document(statement, quarter_context(statement.fiscal_quarter))
    parts = [item.detail for item in document.band]
    for section in document.sections:
        for block in section.blocks:
            parts += [getattr(block, "text", "")] + list(getattr(block, "items", ()))
    return " ".join(parts)


def test_a_share_reads_against_its_threshold_and_what_remains_is_rounded_up() -> None:
    """Coverage 94.9999% against the 95% needed is never shown as "95%"; the revenue still to
    share, 0.0001 USD, is a cent to do, not $0.00."""
    statement = _statement(
        coverage=Decimal("0.949999"),
        coverage_gate_passed=False,
        next_actions=(
            NextAction("SHARE_CUSTOMER_DATA", None, None, None, Decimal("0.0001"), None),
        ),
    )
    text = _document_text(statement)
    assert "94.9999% of your revenue this quarter carries its end customer" in text
    assert "need at least 95%: below the share needed" in text
    assert "Report the end customer of $0.01 of the revenue you already sold" in text


def test_the_figures_hash_covers_figures_not_names_or_wording() -> None:
    """Spec section 9: rewording or renaming revises nothing; a changed figure does."""
    statement = _statement()
    assert figures_hash(replace(statement, partner_name="Acme Ltd", support_line="Hi.")) == (
        figures_hash(statement)
    )
    assert figures_hash(replace(statement, total_rewards_usd=Decimal("25.01"))) != (
        figures_hash(statement)
    )


def test_the_pdf_repeats_a_long_tables_header_on_every_page(tmp_path: Path) -> None:
    """Eighty reward lines run over pages: each page that continues the table starts with its
    header, and every page's header names the program and the as-of date."""
    rewards = tuple(
        RewardLine("NEW_LOGO", None, f"C-{i:03}", Decimal(5000), None, Decimal(200), None)
        for i in range(80)
    )
    statement = _statement(rewards=rewards, total_rewards_usd=Decimal(16000))
    context = quarter_context("FY2027-Q3")
    document = build_document(statement, context)
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(StatementTypesetter().pdf(document, "FY2027-Q3", context.as_of))
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]
    with_rows = [text for text in pages if "New customer C-" in text]
    assert len(with_rows) >= 2
    for text in with_rows:
        assert "Reward For Basis Rate Amount" in text
    for text in pages:
        assert "Channel Partner Program Partner statement · FY2027-Q3 · as of 15 Nov 2026" in text


def test_file_names_of_distinct_ids_never_collide() -> None:
    """Distinct ids give distinct names, also on a case-insensitive disk."""
    ids = ["A/1", "A_1", "a/1", "A_2f1", "a1", "A1", "P 1", "P-1", "Ünï", "_", "..", "A:1"]
    names = [file_name_part(partner_id) for partner_id in ids]
    assert len({name.casefold() for name in names}) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", name) for name in names)
    assert file_name_part("P001") == "P001"


def _rename_partners(warehouse: Path, renamed: dict[str, str]) -> None:
    with duckdb.connect(str(warehouse)) as con:
        tables = con.execute(
            """SELECT c.table_name FROM information_schema.columns AS c
               JOIN information_schema.tables AS t USING (table_schema, table_name)
               WHERE c.table_schema = 'marts' AND c.column_name = 'partner_id'
                 AND t.table_type = 'BASE TABLE'"""
        ).fetchall()
        for (table,) in tables:
            for old, new in renamed.items():
                con.execute(
                    f"UPDATE marts.{table} SET partner_id = ? WHERE partner_id = ?", [new, old]
                )


def test_partners_whose_ids_make_the_same_file_name_each_get_their_own(
    run: Run, tmp_path: Path
) -> None:
    """P001 and P002 of the fixture renamed `A/1` and `A_1` (a `/` is no file name character):
    two statements per quarter, each e-mail to its own partner's recipients holding its own
    partner only. A file that holds another partner's statement is not sent."""
    warehouse = Path(shutil.copy2(run.warehouse, tmp_path / "warehouse.duckdb"))
    _rename_partners(warehouse, {"P001": "A/1", "P002": "A_1"})
    outbox = tmp_path / "outbox"
    render_statements(warehouse, outbox)
    quarter = expected.AS_OF_QUARTER
    first, second = (statement_path(outbox, p, quarter, ".eml") for p in ("A/1", "A_1"))
    assert first != second and first.is_file() and second.is_file()

    server = MailServerOnLoopback()
    server.start()
    try:
        log = tmp_path / "send-log.sqlite"
        delivery = deliver_statements(warehouse, outbox, log, server.resource(), "renamed")
        received = server.inbox.by_statement()
        own = {"A/1": ("Aurora Tech", "Boreal Networks"), "A_1": ("Boreal Networks", "Aurora Tech")}
        recipients = {"A/1": {"ops@aurora.example", "Rebates@Aurora.example"},
                      "A_1": {"owner@boreal.example"}}  # fmt: skip
        for partner, (name, other) in own.items():
            envelope, message = received[(partner, quarter)]
            assert set(envelope) == recipients[partner]
            text = message.get_body(("plain",)).get_content()
            assert name in text and other not in text

        # A_1's file of the quarter replaced by A/1's: refused, naming whose it holds; A_1's
        # recipients receive their FY2027-Q2 statement only, never Aurora's.
        shutil.copy2(first, second)
        before = len(server.inbox.received)
        log2 = tmp_path / "send-log-2.sqlite"
        delivery = deliver_statements(warehouse, outbox, log2, server.resource(), "swapped")
        failed = {(p, q): error for p, q, error in delivery.failed}
        assert "holds partner A/1" in failed[("A_1", quarter)]
        to_a_1 = [m for to, m in server.inbox.received[before:] if set(to) == recipients["A_1"]]
        assert [str(m["X-Channel-Ledger-Quarter"]) for m in to_a_1] == ["FY2027-Q2"]
        assert "Aurora Tech" not in to_a_1[0].get_body(("plain",)).get_content()
    finally:
        server.stop()


@needs_chromium
def test_statements_read_on_a_phone_and_a_desktop(run: Run, tmp_path: Path) -> None:
    """Every statement of the fixture, at 390 and 1200 pixels: nothing wider than the window,
    no code of the marts in the visible text, the summary band's three items."""
    pages = sorted(run.outbox.glob("FY*/*.html"))
    assert len(pages) == 2 * len(expected.PARTNER_NAMES)
    measured = layouts(pages, (PHONE, DESKTOP), tmp_path)
    assert len(measured) == 2 * len(pages)
    for (page, width), seen in measured.items():
        where = (page.parent.name, page.name, width)
        assert seen.scroll_width <= seen.client_width, where
        assert not CODE.findall(seen.text), (where, CODE.findall(seen.text))
        assert seen.band_items == 3, where
        assert "Your tier" in seen.text and "Your next step" in seen.text, where
    shot = screenshot(run.outbox / expected.AS_OF_QUARTER / "P003.html", PHONE, tmp_path / "p.png")
    assert shot.stat().st_size > 10_000


@needs_chromium
def test_the_sla_report_and_the_finance_summary_read_on_a_phone_and_a_desktop(
    run: Run, tmp_path: Path
) -> None:
    """The reports at 390 and 1200 pixels: nothing wider than the window (a wide table scrolls
    in its box), no code of the marts in the visible text. (The what-if page: test_whatif.)"""
    register = run.warehouse.with_name(run.warehouse.name + ".closes")
    _, written = write_finance_close(run.warehouse, "FY2026-Q4", tmp_path / "finance", register)
    pages = [run.outbox / "sla" / f"{expected.AS_OF_QUARTER}.html", written[-1]]
    assert all(page.suffix == ".html" for page in pages)
    for (page, width), seen in layouts(pages, (PHONE, DESKTOP), tmp_path).items():
        assert seen.scroll_width <= seen.client_width, (page.name, width)
        assert not CODE.findall(seen.text), (page.name, width, CODE.findall(seen.text))
        assert "Channel Partner Program".upper() in seen.text.upper(), page.name


def test_the_e_mail_has_a_sender_and_claims_read_in_one_money_format(run: Run) -> None:
    """The .eml in the outbox has its From (the program's sender, seeds/program.csv); claim
    reasons write money as the rest of the statement does, never "USD 10001.00"."""
    eml = (run.outbox / "FY2027-Q2" / "P002.eml").read_bytes()
    message = email.message_from_bytes(eml, policy=policy.default)
    assert str(message["From"]) == ("Channel Partner Program <statements@channel-ledger.example>")
    text = message.get_body(("plain",)).get_content()
    assert "You claimed $10,001.00 and earned $10,000.00: approved in full." in text
    assert "USD" not in text
    assert message["Date"].datetime == datetime(2026, 11, 15, 12, tzinfo=UTC)
