"""The mail server statements are sent through, as a Dagster resource. Its settings come from the
environment only (never from code or the repository): CHANNEL_LEDGER_SMTP_HOST, _PORT, _USER,
_PASSWORD, _SECURITY (`none`, `starttls`, `ssl`) and CHANNEL_LEDGER_MAIL_FROM."""

import os
import smtplib
import ssl
from dataclasses import dataclass

from dagster import ConfigurableResource

DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
TIMEOUT_SECONDS = 60


class MailServerNotConfigured(Exception):
    """Sending was asked for without the settings it needs."""


def _env(name: str) -> str:
    return os.environ.get(f"CHANNEL_LEDGER_{name}", "").strip()


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    user: str
    password: str
    security: str
    mail_from: str


class MailServer(ConfigurableResource):
    """An SMTP server. A field left empty takes its CHANNEL_LEDGER_* variable, read when the
    settings are used (so an operator's or a test's environment applies without code)."""

    host: str = ""
    port: int = 0  # 0: the variable, else the security's usual port (25, 587, 465)
    user: str = ""
    password: str = ""
    security: str = ""  # none, starttls or ssl; empty: the variable, else none
    mail_from: str = ""  # the statements' From, e.g. "Partner Program <statements@vendor.com>"

    def settings(self) -> MailSettings:
        security = (self.security or _env("SMTP_SECURITY") or "none").lower()
        port = self.port or int(_env("SMTP_PORT") or 0) or DEFAULT_PORTS.get(security, 25)
        return MailSettings(
            host=self.host or _env("SMTP_HOST"),
            port=port,
            user=self.user or _env("SMTP_USER"),
            password=self.password or os.environ.get("CHANNEL_LEDGER_SMTP_PASSWORD", ""),
            security=security,
            mail_from=self.mail_from or _env("MAIL_FROM"),
        )

    def check(self) -> MailSettings:
        """The settings, or MailServerNotConfigured naming what is missing or wrong."""
        settings = self.settings()
        missing = [
            variable
            for variable, value in (
                ("CHANNEL_LEDGER_SMTP_HOST", settings.host),
                ("CHANNEL_LEDGER_MAIL_FROM", settings.mail_from),
            )
            if not value
        ]
        if missing:
            raise MailServerNotConfigured(
                "sending statements needs " + " and ".join(missing) + " in the environment"
            )
        if settings.security not in DEFAULT_PORTS:
            raise MailServerNotConfigured(
                f"CHANNEL_LEDGER_SMTP_SECURITY is {settings.security!r}: use none, starttls or ssl"
            )
        return settings

    def connect(self) -> smtplib.SMTP:
        """An open, authenticated SMTP session (the caller quits it)."""
        settings = self.check()
        if settings.security == "ssl":
            session: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=TIMEOUT_SECONDS,
                context=ssl.create_default_context(),
            )
        else:
            session = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
            if settings.security == "starttls":
                session.starttls(context=ssl.create_default_context())
        if settings.user:
            session.login(settings.user, settings.password)
        return session
