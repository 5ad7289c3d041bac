"""Sending the rendered statements over SMTP (overview: Statements), each exactly once per figures.

For every statement of the stated quarters (the `.eml` statements.py wrote), the send log
decides: never sent, or last sent with other figures (sent again: a final statement with
"Revised" in the subject, the open quarter's as the period's update, overview: Statements), sent
with these figures (skipped), an attempt without a result (reported for a person to check, never
resent). The statement of a quarter finance closed is never revised (overview: Closing a quarter):
once sent, it is skipped. A partner without a recipient is undeliverable (undeliverable_statements).
A failed send is logged, the others are still tried, and the run fails naming it: the next run sends
it again.
"""

import smtplib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    MaterializeResult,
    asset,
)

from dagster_project.delivery.mail_server import MailServer
from dagster_project.delivery.send_log import FAILED, SENT, open_send_log
from dagster_project.delivery.statement_email import (
    FIGURES_HEADER,
    PARTNER_HEADER,
    QUARTER_HEADER,
    Recipient,
    header_text,
    message_bytes,
    recipient_addresses,
    subject_revised,
)
from dagster_project.delivery.statements import statement_files, statement_path
from dagster_project.duckdb_connection import connect
from dagster_project.resources import PipelineSettings

EVERY_STATEMENT_SENT = "every_statement_sent"
NO_UNCONFIRMED_SEND = "no_unconfirmed_send"


@dataclass
class Delivery:
    """What one delivery did, statement by statement (partner_id, fiscal_quarter)."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    revised: list[tuple[str, str]] = field(default_factory=list)  # a final one, figures changed
    updated: list[tuple[str, str]] = field(default_factory=list)  # the open quarter's, again
    skipped: list[tuple[str, str]] = field(default_factory=list)  # already sent, same figures
    undeliverable: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # with the error
    unconfirmed: list[tuple[str, str, int]] = field(default_factory=list)  # with the attempt

    def counts(self) -> dict[str, int]:
        return {
            "sent": len(self.sent),
            "revised": len(self.revised),
            "updated_quarter_to_date": len(self.updated),
            "skipped_already_sent": len(self.skipped),
            "undeliverable": len(self.undeliverable),
            "failed": len(self.failed),
            "unconfirmed": len(self.unconfirmed),
        }


def _statements(
    warehouse: Path,
) -> tuple[
    list[tuple[str, str]], set[tuple[str, str]], dict[str, list[Recipient]], set[str], set[str]
]:
    """The stated statements, by quarter and partner; those without a recipient; each
    partner's recipients (the envelope: the mart, not a header read back); the closed quarters;
    the open one."""
    with connect(warehouse, read_only=True) as con:
        closed = {q for (q,) in con.execute(
            "SELECT fiscal_quarter FROM marts.program_quarters WHERE is_closed"
        ).fetchall()}  # fmt: skip
        open_quarters = {q for (q,) in con.execute(
            "SELECT fiscal_quarter FROM marts.program_quarters WHERE is_open"
        ).fetchall()}  # fmt: skip
        keys = con.execute(
            """SELECT s.partner_id, s.fiscal_quarter FROM marts.partner_statements AS s
               JOIN marts.program_quarters AS q USING (fiscal_quarter)
               WHERE q.is_stated ORDER BY s.fiscal_quarter, s.partner_id"""
        ).fetchall()
        undeliverable = con.execute(
            "SELECT partner_id, fiscal_quarter FROM marts.undeliverable_statements"
        ).fetchall()
        recipients: dict[str, list[Recipient]] = {}
        for partner_id, address, name in con.execute(
            """SELECT partner_id, email, contact_name FROM marts.statement_recipients
               ORDER BY partner_id, contact_line_number"""
        ).fetchall():
            recipients.setdefault(partner_id, []).append(Recipient(address, name))
    keys = [tuple(k) for k in keys]
    return keys, {tuple(k) for k in undeliverable}, recipients, closed, open_quarters


def deliver_statements(
    warehouse: Path, outbox: Path, log_path: Path, mail: MailServer, run_id: str
) -> Delivery:
    settings = mail.check()  # before anything: sending without a server is a setup error
    keys, undeliverable, recipients_by_partner, closed, open_quarters = _statements(warehouse)
    sender = parseaddr(settings.mail_from)[1]
    delivery = Delivery()
    session: smtplib.SMTP | None = None
    unreachable: str | None = None  # the server could not be reached: the rest are not tried
    with open_send_log(log_path) as log:
        states = log.states()
        for key in keys:
            partner_id, quarter = key
            if key in undeliverable:
                delivery.undeliverable.append(key)
                continue
            path = statement_path(outbox, partner_id, quarter, ".eml")
            headers = _read(path, headers_only=True)
            figures = str(headers[FIGURES_HEADER])
            # The file is trusted for its content only once it says whose it is.
            wrong = _not_for(headers, partner_id, quarter)
            if wrong:
                delivery.failed.append((*key, wrong))
                continue
            state = states.get(key)
            if state and state.unconfirmed:
                delivery.unconfirmed.append((*key, state.unconfirmed.attempt_id))
                continue
            if (
                state
                and state.sent_figures
                and (state.sent_figures == figures or quarter in closed)
            ):
                delivery.skipped.append(key)
                continue
            # The open quarter's statement is an update each period its figures moved, never
            # "revised" (overview: Statements); a final one is revised when its figures changed.
            again = bool(state and state.sent_figures)
            revised = again and quarter not in open_quarters
            recipients = recipients_by_partner[partner_id]
            message = _read(path)
            _prepare(message, settings.mail_from, revised, recipients)
            addresses = [r.email for r in recipients]
            attempt = log.begin(
                run_id,
                partner_id,
                quarter,
                figures,
                addresses,
                str(message["Subject"]),
                str(message["Message-ID"]),
                revised,
            )
            if unreachable:
                log.finish(attempt, FAILED, unreachable)
                delivery.failed.append((*key, unreachable))
                continue
            try:
                if session is None:
                    try:
                        session = mail.connect()
                    except (OSError, smtplib.SMTPException) as exc:
                        unreachable = f"mail server {settings.host}:{settings.port}: {exc}"
                        raise
                session.sendmail(sender, addresses, message_bytes(message, "\r\n"))
            except (OSError, smtplib.SMTPException) as exc:
                error = unreachable or f"{type(exc).__name__}: {exc}"
                log.finish(attempt, FAILED, error)
                delivery.failed.append((*key, error))
                session = _close(session)
            else:
                log.finish(attempt, SENT)
                if revised:
                    delivery.revised.append(key)
                else:
                    (delivery.updated if again else delivery.sent).append(key)
    _close(session)
    return delivery


def _read(path: Path, headers_only: bool = False) -> EmailMessage:
    """The rendered e-mail; its headers alone to decide whether it is due (no attachments
    parsed for the statements already sent)."""
    with path.open("rb") as file:
        parser = BytesParser(policy=policy.default)
        return parser.parse(file, headersonly=headers_only)  # type: ignore[return-value]


def _not_for(headers: EmailMessage, partner_id: str, quarter: str) -> str | None:
    """Why a statement file may not be sent as this partner's statement of the quarter, if so."""
    says = (str(headers[PARTNER_HEADER] or ""), str(headers[QUARTER_HEADER] or ""))
    if says != (header_text(partner_id), quarter):
        return (
            f"{partner_id} {quarter}: the statement file holds partner {says[0] or '(none)'}"
            f" {says[1] or '(no quarter)'}; not sent"
        )
    return None


def _prepare(
    message: EmailMessage, mail_from: str, revised: bool, recipients: list[Recipient]
) -> None:
    """Set what a send decides: From, To (the partner's recipients in the marts, not the
    file's), Date, Message-ID, the revised subject."""
    for header in ("From", "To", "Date", "Message-ID"):
        del message[header]
    message["From"] = mail_from
    message["To"] = recipient_addresses(recipients)
    message["Date"] = format_datetime(datetime.now(UTC))
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid("statement", domain=domain)
    subject = header_text(str(message["Subject"]))  # as written, unfolded
    message.replace_header("Subject", subject_revised(subject) if revised else subject)


def _close(session: smtplib.SMTP | None) -> None:
    if session is not None:
        try:
            session.quit()
        except (TimeoutError, OSError, smtplib.SMTPException):
            session.close()
    return None


@asset(
    deps=[statement_files],
    group_name="delivery",
    check_specs=[
        AssetCheckSpec(
            EVERY_STATEMENT_SENT,
            asset="statement_delivery",
            blocking=True,
            description="Every statement due was sent: a failed send fails the run.",
        ),
        AssetCheckSpec(
            NO_UNCONFIRMED_SEND,
            asset="statement_delivery",
            description="No send attempt is without a result (a person checks those).",
        ),
    ],
)
def statement_delivery(
    context: AssetExecutionContext, settings: PipelineSettings, mail: MailServer
) -> MaterializeResult:
    """Send the statements rendered by statement_files over SMTP, once per figures, logging
    every attempt in the send log beside the warehouse. Only `channel-ledger run --send` and the
    monthly schedule run it; the sensor's runs and plain runs render only."""
    delivery = deliver_statements(
        settings.warehouse, settings.outbox, settings.send_log, mail, context.run_id
    )
    counts = delivery.counts()
    context.log.info(", ".join(f"{name} {count}" for name, count in counts.items()))
    failed = [f"{partner} {quarter}: {error}" for partner, quarter, error in delivery.failed]
    unconfirmed = [
        f"{partner} {quarter} (attempt {attempt})"
        for partner, quarter, attempt in delivery.unconfirmed
    ]
    return MaterializeResult(
        metadata={**counts, "send_log": str(settings.send_log)},
        check_results=[
            AssetCheckResult(
                check_name=EVERY_STATEMENT_SENT,
                passed=not failed,
                severity=AssetCheckSeverity.ERROR,
                description=(
                    f"{len(failed)} statements could not be sent; the next run sends them again"
                    if failed
                    else "every statement due was sent"
                ),
                metadata={"failed": failed[:100]},
            ),
            AssetCheckResult(
                check_name=NO_UNCONFIRMED_SEND,
                passed=not unconfirmed,
                severity=AssetCheckSeverity.WARN,
                description=(
                    f"{len(unconfirmed)} attempts have no result: check whether they arrived,"
                    " then `channel-ledger send-log --resolve`"
                    if unconfirmed
                    else "every attempt has its result"
                ),
                metadata={"unconfirmed": unconfirmed[:100]},
            ),
        ],
    )
