"""Statements delivered: a real SMTP conversation with a local server (aiosmtpd on
127.0.0.1), the send log, revisions, failures and retries, on the hand-made fixture.

Recipients by hand from tests/fixtures/small_landing/contacts.csv (overview: Statements): P001 has
two incentives addresses (ops@ given again in capitals: one recipient) and an owner; P002 and P006
only owners; P003's incentives contact has no valid address, so its owner receives it; P004 has only
a finance contact and P005 none: undeliverable, in both stated quarters.
"""

import email
import io
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from email import policy
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader

from dagster_project.delivery.mail_server import MailServer
from dagster_project.delivery.send_log import open_send_log
from dagster_project.delivery.sending import Delivery, deliver_statements
from dagster_project.delivery.statement_data import Statement
from dagster_project.delivery.statement_document import build_document
from dagster_project.delivery.statement_email import Recipient, statement_eml
from dagster_project.presentation.formatting import usd
from dagster_project.presentation.templates import template_environment
from tests import expected_small as expected
from tests.pipeline_runs import CLI_TIMEOUT_SECONDS, PROJECT_ROOT, Run, cli_command
from tests.smtp_loopback import MAIL_FROM, MailServerOnLoopback, free_port
from tests.statement_samples import quarter_context

CLOSED_QUARTER = "FY2027-Q2"
QUARTERS = (CLOSED_QUARTER, expected.AS_OF_QUARTER)
RECIPIENTS = {
    "P001": {"ops@aurora.example", "Rebates@Aurora.example"},  # incentives, names not ASCII
    "P002": {"owner@boreal.example"},  # owner: its other contact is sales
    "P003": {"boss@cobalt.example"},  # owner: the incentives address is not valid
    "P006": {"cfo@fjord.example"},  # owner
    "P007": {"ir@granite.example"},  # incentives
}
UNDELIVERABLE = {("P004", q) for q in QUARTERS} | {("P005", q) for q in QUARTERS}
# Reply-To by the tier in force (seeds/partner_support.csv): P003 and P006 hold GOLD and
# PLATINUM in FY2027-Q3, the others AUTHORIZED or SILVER.
FIELD_TEAM = "field-team@channel-ledger.example"
SUPPORT_CENTRE = "partner-support@channel-ledger.example"


@dataclass(frozen=True)
class Sent:
    landing: Path
    warehouse: Path
    outbox: Path
    send_log: Path
    server: MailServerOnLoopback
    first: Delivery


def _run_send(sent: Sent) -> subprocess.CompletedProcess:
    """`channel-ledger run --send` on the copied run, with the local server's settings."""
    return subprocess.run(
        cli_command(sent.landing, sent.warehouse, sent.outbox, "--send"),
        cwd=PROJECT_ROOT,
        env=sent.server.env(),
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_SECONDS,
    )


@pytest.fixture(scope="module")
def sent(run: Run, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sent]:
    """The session run's statements sent to a local SMTP server, as `--send` sends them. The
    run is copied (landing, warehouse, ingestion cache, outbox): the tests change its landing
    and rerun it with `--send`."""
    base = tmp_path_factory.mktemp("delivery")
    landing = Path(shutil.copytree(run.landing, base / "landing"))
    outbox = Path(shutil.copytree(run.outbox, base / "outbox"))
    warehouse = Path(shutil.copy2(run.warehouse, base / "warehouse.duckdb"))
    cache = run.warehouse.with_name(run.warehouse.name + ".cache")
    shutil.copytree(cache, warehouse.with_name(warehouse.name + ".cache"))
    server = MailServerOnLoopback()
    server.start()
    log = warehouse.with_name(warehouse.name + ".send-log.sqlite")
    delivery = deliver_statements(warehouse, outbox, log, server.resource(), "first")
    yield Sent(landing, warehouse, outbox, log, server, delivery)
    server.stop()


def _log_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT partner_id, fiscal_quarter, result, revised, subject FROM send_attempts"
            " ORDER BY attempt_id"
        ).fetchall()


def test_the_statements_reach_the_right_personas_once(sent: Sent, run: Run) -> None:
    received = sent.server.inbox.by_statement()
    assert len(sent.server.inbox.received) == 10  # five deliverable partners, two quarters
    assert set(received) == {(p, q) for p in RECIPIENTS for q in QUARTERS}
    for (partner, _), (envelope, message) in received.items():
        assert set(envelope) == RECIPIENTS[partner], partner
        assert {a.addr_spec for a in message["To"].addresses} == RECIPIENTS[partner]
        assert "Bcc" not in message and "Cc" not in message
        assert str(message["From"]) == MAIL_FROM
        assert message["Message-ID"] and message["Date"]
    # Names of the statement's partner, marked open or final.
    _, p001 = received[("P001", expected.AS_OF_QUARTER)]
    assert p001["Subject"] == (
        "Channel Partner Program · FY2027-Q3 statement, quarter to date: $25.00 earned"
        " · Aurora Tech"
    )
    _, closed = received[("P001", CLOSED_QUARTER)]
    assert closed["Subject"] == (
        "Channel Partner Program · FY2027-Q2 statement, final: $0.00 earned · Aurora Tech"
    )
    # The inbox preview is the summary band, not the page's first words.
    preview = p001.get_body(("html",)).get_content()
    assert '<div class="preheader"' in preview
    assert "Your tier: Silver · Earned so far this quarter: $25.00 · Your next step:" in preview
    # Names that need encoding keep every address of the list (Python 3.11 folds them wrong).
    assert {a.display_name for a in p001["To"].addresses} == {"Ana Ruíz", "Rita Ekström"}
    # A reply reaches the support of the tier in force.
    assert str(received[("P006", expected.AS_OF_QUARTER)][1]["Reply-To"]) == FIELD_TEAM
    assert str(p001["Reply-To"]) == SUPPORT_CENTRE
    # The contact's name with quotes and a script tag is one quoted display name.
    (boss,) = received[("P003", expected.AS_OF_QUARTER)][1]["To"].addresses
    assert boss.display_name == 'Bo "The Boss" <script>alert(1)</script>'
    assert boss.addr_spec == "boss@cobalt.example"
    # Undeliverable statements: in the mart and in the summary, never sent.
    with duckdb.connect(str(sent.warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT partner_id, fiscal_quarter, reason_code FROM marts.undeliverable_statements"
        ).fetchall()
    assert {(p, q) for p, q, _ in rows} == UNDELIVERABLE
    assert {p: r for p, _, r in rows} == {
        "P004": "NO_INCENTIVES_OR_OWNER_CONTACT",
        "P005": "NO_CONTACT",
    }
    assert "statements undeliverable (no recipient) │ 4" in " ".join(run.output.split())
    assert sent.first.counts() == {
        "sent": 10, "revised": 0, "updated_quarter_to_date": 0, "skipped_already_sent": 0,
        "undeliverable": 4, "failed": 0, "unconfirmed": 0,
    }  # fmt: skip
    assert [(p, q, r, v) for p, q, r, v, _ in _log_rows(sent.send_log)] == [
        (p, q, "SENT", 0) for q in QUARTERS for p in sorted(RECIPIENTS)
    ]


def test_the_message_holds_text_html_chart_and_the_pdf(sent: Sent) -> None:
    _, message = sent.server.inbox.by_statement()[("P001", expected.AS_OF_QUARTER)]
    text = message.get_body(("plain",)).get_content()
    assert "Revenue still needed for Gold: $747,500.00" in text
    assert (
        "- Sell $747,500.00 more by the close of FY2027-Q3 (31 Dec 2026) to reach Gold at its"
        " review." in text
    )
    html_part = message.get_body(("html",))
    html = html_part.get_content()
    assert "<script" not in html  # nothing to run
    # Inline CSS; the one style sheet kept holds the phone layout (clients without media
    # queries read the inline styles).
    assert html.count("<style") == 1 and "@media only screen and (max-width: 480px)" in html
    assert 'style="' in html and 'src="cid:review-chart@channel-ledger"' in html
    (chart,) = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert chart["Content-ID"] == "<review-chart@channel-ledger>"
    # Shown in the HTML, not listed as an attachment beside the PDF.
    assert chart.get_content_disposition() == "inline"
    attachments = [p.get_filename() for p in message.iter_attachments()]
    assert attachments == [f"statement-P001-{expected.AS_OF_QUARTER}.pdf"]
    assert chart.get_content().startswith(b"\x89PNG")
    (pdf,) = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == "statement-P001-FY2027-Q3.pdf"
    pdf_text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages
    )
    assert "Aurora Tech" in pdf_text and "$747,500.00" in pdf_text
    # The .eml in the outbox is the same statement (the send adds From, Date and Message-ID).
    eml = (sent.outbox / expected.AS_OF_QUARTER / "P001.eml").read_bytes()
    written = email.message_from_bytes(eml, policy=policy.default)
    # (SMTP carries lines ended by CR LF)
    assert written.get_body(("plain",)).get_content() == text.replace("\r\n", "\n")


def test_a_rerun_sends_nothing(sent: Sent) -> None:
    before = len(sent.server.inbox.received)
    delivery = deliver_statements(
        sent.warehouse, sent.outbox, sent.send_log, sent.server.resource(), "rerun"
    )
    assert delivery.counts() == {
        "sent": 0, "revised": 0, "updated_quarter_to_date": 0, "skipped_already_sent": 10,
        "undeliverable": 4, "failed": 0, "unconfirmed": 0,
    }  # fmt: skip
    assert len(sent.server.inbox.received) == before


def test_a_changed_figure_is_sent_again_and_a_failed_send_retried(sent: Sent) -> None:
    """P006's line L10 in FY2027-Q3 sells 9 instead of 8: its FY2027-Q3 statement changes,
    nobody else's. The server is down: the run fails naming it, and logs it; once the server is
    back the next delivery sends it again: FY2027-Q3 is the open quarter, so it is the period's
    update, never marked revised (overview: Statements)."""
    report = sent.landing / "sell_through" / "ALSTON" / "ALSTON_2026-11-12.csv"
    lines = report.read_text(encoding="utf-8").splitlines(keepends=True)
    (index,) = [i for i, line in enumerate(lines) if line.startswith("L10,")]
    assert ",8,2625.00," in lines[index]
    lines[index] = lines[index].replace(",8,2625.00,", ",9,2625.00,")
    report.write_text("".join(lines), encoding="utf-8")
    before = len(sent.server.inbox.received)

    sent.server.stop()
    done = _run_send(sent)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "1 statements could not be sent" in output
    assert "P006 FY2027-Q3: mail server 127.0.0.1" in output
    assert "skipped already sent │ 9" in " ".join(output.split())
    last = _log_rows(sent.send_log)[-1]
    assert last[:4] == ("P006", expected.AS_OF_QUARTER, "FAILED", 0)

    sent.server.start()
    delivery = deliver_statements(
        sent.warehouse, sent.outbox, sent.send_log, sent.server.resource(), "retry"
    )
    assert delivery.updated == [("P006", expected.AS_OF_QUARTER)]
    assert delivery.revised == [] and delivery.sent == [] and delivery.failed == []
    assert len(delivery.skipped) == 9
    ((envelope, message),) = sent.server.inbox.received[before:]
    assert envelope == ["cfo@fjord.example"]
    with duckdb.connect(str(sent.warehouse), read_only=True) as con:
        (total,) = con.execute(
            """SELECT total_rewards_usd FROM marts.partner_statements
               WHERE partner_id = 'P006' AND fiscal_quarter = ?""",
            [expected.AS_OF_QUARTER],
        ).fetchone()
    assert total != Decimal("1710.00")  # the figure moved
    assert message["Subject"] == (
        f"Channel Partner Program · FY2027-Q3 statement, quarter to date: {usd(total)} earned"
        " · Fjord Enterprise"
    )
    assert _log_rows(sent.send_log)[-1][:4] == ("P006", expected.AS_OF_QUARTER, "SENT", 0)


def test_every_send_is_tried_and_logged_when_the_server_is_down(sent: Sent, tmp_path: Path) -> None:
    """A fresh send log, the server unreachable: all ten fail and are logged; the next
    delivery sends all ten."""
    log = tmp_path / "send-log.sqlite"
    down = MailServer(host="127.0.0.1", port=free_port(), mail_from=MAIL_FROM)
    delivery = deliver_statements(sent.warehouse, sent.outbox, log, down, "down")
    assert len(delivery.failed) == 10 and delivery.sent == []
    assert {result for _, _, result, _, _ in _log_rows(log)} == {"FAILED"}
    before = len(sent.server.inbox.received)
    delivery = deliver_statements(sent.warehouse, sent.outbox, log, sent.server.resource(), "up")
    assert len(delivery.sent) == 10 and delivery.failed == []
    assert len(sent.server.inbox.received) == before + 10


def test_an_attempt_without_a_result_is_reported_and_never_resent(
    sent: Sent, tmp_path: Path
) -> None:
    """The process died between recording an attempt and its result: the statement may have
    arrived. Delivery reports it and leaves it; once a person resolves it as failed, the next
    delivery sends it."""
    log = tmp_path / "send-log.sqlite"
    with open_send_log(log) as send_log:
        attempt = send_log.begin(
            "crashed", "P002", CLOSED_QUARTER, "figures", ["owner@boreal.example"], "s", "m", False
        )
    before = len(sent.server.inbox.received)
    server = sent.server.resource()
    delivery = deliver_statements(sent.warehouse, sent.outbox, log, server, "after")
    assert delivery.unconfirmed == [("P002", CLOSED_QUARTER, attempt)]
    assert len(delivery.sent) == 9 and ("P002", CLOSED_QUARTER) not in delivery.sent
    assert len(sent.server.inbox.received) == before + 9

    with open_send_log(log) as send_log:
        assert send_log.resolve(attempt, "FAILED", "a person: it never arrived")
    delivery = deliver_statements(sent.warehouse, sent.outbox, log, server, "resolved")
    assert delivery.sent == [("P002", CLOSED_QUARTER)] and delivery.unconfirmed == []


def test_names_cannot_add_headers_or_recipients(tmp_path: Path) -> None:
    """A partner and a contact named with CR LF, a Bcc line, quotes and a script tag: the
    message keeps its one recipient and its headers; the HTML escapes the name."""
    name = 'Evil "Corp"\r\nBcc: thief@attacker.example\r\n<script>alert(1)</script>'
    statement = Statement(
        partner_id="P-1\r\nBcc: thief@attacker.example", partner_name=name,
        fiscal_quarter="FY2027-Q3", is_open=True, tier_in_force="SILVER", earned_tier="SILVER",
        review_revenue_usd=Decimal("252500"), next_tier="GOLD",
        gap_to_next_tier_usd=Decimal("747500"), at_risk=False, net_revenue_usd=Decimal("2500"),
        total_rewards_usd=Decimal("25.00"), coverage=Decimal("1"), coverage_gate_passed=True,
        support_line="Reply to this e-mail.", reply_to="partner-support@channel-ledger.example",
    )  # fmt: skip
    document = build_document(statement, quarter_context("FY2027-Q3"))
    raw = statement_eml(
        statement,
        document,
        [Recipient("ana@partner.example", "Ana\r\nBcc: thief@attacker.example")],
        html="<p>x</p>", text="x", pdf=b"%PDF-1.7", chart_png=None,
        date=datetime(2026, 11, 15, 12, tzinfo=UTC),
        mail_from=MAIL_FROM,
    )  # fmt: skip
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert "Bcc" not in parsed
    assert [a.addr_spec for a in parsed["To"].addresses] == ["ana@partner.example"]
    assert b"\r\nBcc:" not in raw and b"\nBcc:" not in raw
    assert parsed["Subject"] == (
        "Channel Partner Program · FY2027-Q3 statement, quarter to date: $25.00 earned"
        ' · Evil "Corp" Bcc: thief@attacker.example <script>alert(1)</script>'
    )
    page = template_environment().get_template("statement.html.j2")
    html = page.render(d=document, chart_src="")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
