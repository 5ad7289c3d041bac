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

from dagster_project.delivery.statement_data import NOT_FIGURES, Statement

if TYPE_CHECKING:
    from dagster_project.delivery.statement_document import Document

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


def recipient_addresses(recipients: list[Recipient]) -> list[Address]:
    """The To header's addresses: names through `header_text`, addresses valid by the mart's
    rule."""
    return [Address(display_name=header_text(r.name or ""), addr_spec=r.email) for r in recipients]


def figures_hash(statement: Statement) -> str:
    """SHA-256 of the statement's figures as read from the marts, by code: not of its HTML, its
    names or its wording (spec section 9). A template change, a reworded sentence or a renamed
    tier is not a revision; a changed figure is."""
    figures = asdict(statement)
    for name in NOT_FIGURES:
        del figures[name]
    for claim in figures["claims"]:
        del claim["reason"]  # the mart's words for an unreadable claim
    data = json.dumps(figures, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def subject(statement: Statement, document: Document) -> str:
    """`Channel Partner Program · FY2027-Q3 statement, quarter to date: $1,234.56 earned ·
    Aurora Tech`: the program, the period, the key figure, the partner."""
    kind = "quarter to date" if statement.is_open else "final"
    return header_text(
        f"{document.program} · {statement.fiscal_quarter} statement, {kind}:"
        f" {document.earned} earned"
        f" · {statement.partner_name}"
    )


def subject_revised(subject: str) -> str:
    """The subject of a statement sent again because its figures changed."""
    return subject if subject.startswith(REVISED) else f"{REVISED}{subject}"


# Kept as they are in a file name; every other character is escaped as `_` and its UTF-8 bytes
# in lower-case hex. No lower-case letter is kept, so two names never differ in case alone.
_FILE_NAME_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def file_name_part(partner_id: str) -> str:
    """A partner id in a file name, by an encoding that cannot collide: distinct ids give
    names that differ even on a case-insensitive disk (`A/1` -> `A_2f1`, `A_1` -> `A_5f1`,
    `a1` -> `_611`); the usual upper-case ids (`P001`) read as they are."""
    return "".join(
        char if char in _FILE_NAME_SAFE else "".join(f"_{byte:02x}" for byte in char.encode())
        for char in partner_id
    )


def pdf_filename(statement: Statement) -> str:
    return f"statement-{file_name_part(statement.partner_id)}-{statement.fiscal_quarter}.pdf"


def build_message(
    statement: Statement,
    document: Document,
    recipients: list[Recipient],
    *,
    html: str,
    text: str,
    pdf: bytes,
    chart_png: bytes | None,
    date: datetime,
    mail_from: str,
) -> EmailMessage:
    """The statement's e-mail. `html` shows the chart as `cid:` CHART_CID when `chart_png` is
    given. Without recipients (undeliverable) it has no To; sending sets From, To and Date
    again as it sends."""
    message = EmailMessage()
    message["From"] = mail_from
    if recipients:
        message["To"] = recipient_addresses(recipients)
    message["Reply-To"] = statement.reply_to
    message["Subject"] = subject(statement, document)
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
