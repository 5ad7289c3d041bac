"""A statement as an e-mail (overview: Statements), written as a standard MIME `.eml`:

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

import base64
import binascii
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
    names or its wording (overview: Statements). A template change, a reworded sentence or a renamed
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


def statement_eml(
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
) -> bytes:
    """The statement's e-mail as the bytes of its `.eml` (`\n` line ends). `html` shows the
    chart as `cid:` CHART_CID when `chart_png` is given. Without recipients (undeliverable) it
    has no To; sending sets From, To and Date again as it sends.

    The headers are Python's (its e-mail package encodes and checks them); the parts, whose
    headers are fixed ASCII, are laid out here and their bodies encoded once by binascii: the
    e-mail package builds and writes a part line by line, which took a fifth of a statement's
    time, for the same bytes a mail client reads."""
    figures = figures_hash(statement)
    # Boundaries from the figures, not random: the same statement writes the same bytes. `=_`
    # cannot occur in a quoted-printable or base64 body.
    mixed, alternative, related = (f"=_{figures[:24]}_{n}" for n in range(3))
    headers = EmailMessage(policy=WRITE_POLICY)
    headers["From"] = mail_from
    if recipients:
        headers["To"] = recipient_addresses(recipients)
    headers["Reply-To"] = statement.reply_to
    headers["Subject"] = subject(statement, document)
    headers["Date"] = format_datetime(date)
    headers[PARTNER_HEADER] = header_text(statement.partner_id)
    headers[QUARTER_HEADER] = statement.fiscal_quarter
    headers[FIGURES_HEADER] = figures
    headers["MIME-Version"] = "1.0"
    headers["Content-Type"] = f'multipart/mixed; boundary="{mixed}"'
    # base64 for the HTML, not quoted-printable: the same for a mail client, faster to encode
    html_part = _part('text/html; charset="utf-8"', "base64", _base64(html.encode()))
    if chart_png is not None:
        # Inline: mail clients would list an attachment chart.png beside the PDF.
        chart = _part(
            "image/png", "base64", _base64(chart_png),
            f"Content-ID: <{CHART_CID}>", 'Content-Disposition: inline; filename="chart.png"',
        )  # fmt: skip
        html_part = _multipart("multipart/related", related, [html_part, chart])
    plain = binascii.b2a_qp(text.encode(), istext=True)
    body = _multipart(
        "multipart/mixed",
        mixed,
        [
            _multipart(
                "multipart/alternative",
                alternative,
                [_part("text/plain; charset=\"utf-8\"", "quoted-printable", plain), html_part],
            ),
            _part(
                "application/pdf", "base64", _base64(pdf),
                f'Content-Disposition: attachment; filename="{pdf_filename(statement)}"',
            ),
        ],
        with_type=False,
    )  # fmt: skip
    head = b"".join(WRITE_POLICY.fold_binary(name, value) for name, value in headers.items())
    return head + b"\n" + body


def _base64(data: bytes) -> bytes:
    return base64.encodebytes(data)  # 76-character lines, each ending in \n


def _part(content_type: str, encoding: str, body: bytes, *more_headers: str) -> bytes:
    head = [f"Content-Type: {content_type}", f"Content-Transfer-Encoding: {encoding}"]
    lines = "\n".join([*head, *more_headers]) + "\n\n"
    return lines.encode("ascii") + body.rstrip(b"\n") + b"\n"


def _multipart(
    content_type: str, boundary: str, parts: list[bytes], with_type: bool = True
) -> bytes:
    """A multipart body; `with_type`: its Content-Type header first (not for the message's
    own, which is among its headers)."""
    head = f'Content-Type: {content_type}; boundary="{boundary}"\n\n' if with_type else ""
    delimiter = f"--{boundary}\n".encode("ascii")
    return (
        head.encode("ascii")
        + b"".join(delimiter + part for part in parts)
        + f"--{boundary}--\n".encode("ascii")
    )
