"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests that send statements."""

import email
import os
import socket
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from dagster_project.delivery.mail_server import MailServer

MAIL_FROM = "Partner Program <statements@vendor.example>"


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def by_statement(self) -> dict[tuple[str, str], tuple[list[str], EmailMessage]]:
        return {
            (str(m["X-Channel-Ledger-Partner"]), str(m["X-Channel-Ledger-Quarter"])): (to, m)
            for to, m in self.received
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServerOnLoopback:
    """A real SMTP server on 127.0.0.1 that can be stopped and started again on its port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "CHANNEL_LEDGER_SMTP_HOST": "127.0.0.1",
            "CHANNEL_LEDGER_SMTP_PORT": str(self.port),
            "CHANNEL_LEDGER_SMTP_SECURITY": "none",
            "CHANNEL_LEDGER_MAIL_FROM": MAIL_FROM,
        }

    def resource(self) -> MailServer:
        return MailServer(host="127.0.0.1", port=self.port, mail_from=MAIL_FROM)
