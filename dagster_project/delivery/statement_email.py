"""A statement as an e-mail (spec section 9), written as a standard MIME `.eml`:

    multipart/mixed
      multipart/alternative
        text/plain                 the statement in plain text
        multipart/related
          text/html                inline CSS (mail clients drop style sheets)
          image/png                the review chart (clients draw neither SVG nor scripts)
      application/pdf              the same content as a PDF

Headers hold no text a partner or contact chose unless it went through `header_text` (no line
break survives, so no name can add a header or a recipient) or an `Address` (the addresses are
valid by statement_recipients' rule). The figures hash in `X-Channel-Ledger-Figures` says whether
a statement already sent has changed (delivery/sending.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # statements.py builds e-mails with this module
    from dagster_project.delivery.statements import Statement

CHART_CID = "review-chart@channel-ledger"
PARTNER_HEADER = "X-Channel-Ledger-Partner"
QUARTER_HEADER = "X-Channel-Ledger-Quarter"
FIGURES_HEADER = "X-Channel-Ledger-Figures"
REVISED = "Revised: "
# Headers are written unfolded, up to RFC 5322's 998 characters: Python 3.11 folds an address
# list whose display names need encoding by encoding the separating comma too, which leaves
# readers one recipient. Bodies keep their 76-character lines (encoded when set).
WRITE_POLICY = policy.default.clone(max_line_length=998)


def message_bytes(message: EmailMessage, linesep: str = "\n") -> bytes:
    """The message as written to an .eml (`\n`) or sent over SMTP (`\r\n`)."""
    return message.as_bytes(policy=WRITE_POLICY.clone(linesep=linesep))


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str | None


def header_text(text: str) -> str:
    """Text for a header: every run of whitespace, line breaks included, becomes one space."""
    return re.sub(r"\s+", " ", text).strip()


def figures_hash(statement: Statement) -> str:
    """SHA-256 of the statement's data as read from the marts, not of its HTML: a template
    change is not a revision, a changed figure is."""
    figures = asdict(statement)
    del figures["rule_changes"]  # program news, not the partner's figures
    del figures["is_closed"], figures["closed_at"]  # closing changes no figure
    if not figures["adjustments"]:  # hashed as before closing existed: nothing to resend
        del figures["adjustments"]
    data = json.dumps(figures, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def subject(statement: Statement) -> str:
    kind = "quarter to date" if statement.is_open else "final"
    name = header_text(statement.partner_name)
    return f"Your partner statement for {statement.fiscal_quarter} ({kind}): {name}"


def subject_revised(subject: str) -> str:
    """The subject of a statement sent again because its figures changed."""
    return subject if subject.startswith(REVISED) else f"{REVISED}{subject}"


def file_name_part(partner_id: str) -> str:
    """A partner id in a file name: anything but a safe character is replaced."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", partner_id)


def pdf_filename(statement: Statement) -> str:
    return f"statement-{file_name_part(statement.partner_id)}-{statement.fiscal_quarter}.pdf"


def build_message(
    statement: Statement,
    recipients: list[Recipient],
    *,
    html: str,
    text: str,
    pdf: bytes,
    chart_png: bytes | None,
    date: datetime,
    mail_from: str | None,
) -> EmailMessage:
    """The statement's e-mail. `html` shows the chart as `cid:` CHART_CID when `chart_png` is
    given. Without recipients (undeliverable) it has no To; without `mail_from` no From (the
    sender sets it)."""
    message = EmailMessage()
    if mail_from:
        message["From"] = mail_from
    if recipients:
        message["To"] = [
            Address(display_name=header_text(r.name or ""), addr_spec=r.email) for r in recipients
        ]
    message["Reply-To"] = statement.reply_to
    message["Subject"] = subject(statement)
    message["Date"] = format_datetime(date)
    message[PARTNER_HEADER] = header_text(statement.partner_id)
    message[QUARTER_HEADER] = statement.fiscal_quarter
    figures = figures_hash(statement)
    message[FIGURES_HEADER] = figures
    message.set_content(text, cte="quoted-printable")
    # base64, not quoted-printable: the same for a mail client, a third of the time to encode
    message.add_alternative(html, subtype="html", cte="base64")
    if chart_png is not None:
        html_part = message.get_payload()[1]
        # Inline: with a file name and no disposition, Python marks the part an attachment, and
        # mail clients list the chart as chart.png beside the PDF.
        html_part.add_related(
            chart_png, "image", "png", cid=f"<{CHART_CID}>", filename="chart.png",
            disposition="inline",
        )  # fmt: skip
    message.add_attachment(pdf, "application", "pdf", filename=pdf_filename(statement))
    # Boundaries from the figures, not random: the same statement writes the same bytes. `=_`
    # cannot occur in a quoted-printable or base64 body.
    for number, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_{figures[:24]}_{number}")
    return message
