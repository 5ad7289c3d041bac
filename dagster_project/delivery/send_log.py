"""The send log: every statement e-mail attempted, with its result (overview: Statements: every send
is logged, none is sent twice). It is state, not derived data: a SQLite file beside the warehouse
(`<warehouse>.send-log.sqlite`) that no dbt run or publish replaces, written one committed row at a
time.

An attempt is recorded, and committed, before the SMTP conversation and its result after: an
attempt without a result (the process died in between) may or may not have reached the partner,
so it is never resent silently; a person checks and resolves it (`channel-ledger send-log`).
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SENT = "SENT"
FAILED = "FAILED"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS send_attempts (
    attempt_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id         TEXT NOT NULL,
    partner_id     TEXT NOT NULL,
    fiscal_quarter TEXT NOT NULL,
    figures_hash   TEXT NOT NULL,   -- of the statement's data, not its HTML
    recipients     TEXT NOT NULL,   -- the addresses, comma-separated
    subject        TEXT NOT NULL,
    message_id     TEXT NOT NULL,
    revised        INTEGER NOT NULL CHECK (revised IN (0, 1)),
    attempted_at   TEXT NOT NULL,   -- UTC, ISO 8601, before the SMTP conversation
    finished_at    TEXT,            -- UTC, after it; empty: no result recorded
    result         TEXT CHECK (result IN ('SENT', 'FAILED')),
    error          TEXT,
    resolved_by    TEXT             -- a person's note when they resolved an unconfirmed attempt
);
CREATE INDEX IF NOT EXISTS send_attempts_statement ON send_attempts (partner_id, fiscal_quarter);
"""


@dataclass(frozen=True)
class Attempt:
    attempt_id: int
    partner_id: str
    fiscal_quarter: str
    figures_hash: str
    recipients: str
    subject: str
    attempted_at: str
    result: str | None
    error: str | None


@dataclass(frozen=True)
class StatementState:
    """What the log says of one statement (partner x quarter)."""

    sent_figures: str | None  # the figures hash last sent; none: never sent
    unconfirmed: Attempt | None  # an attempt without a result


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class SendLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)  # autocommit: one row, one commit
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def states(self) -> dict[tuple[str, str], StatementState]:
        """Every statement the log knows, by (partner_id, fiscal_quarter)."""
        sent: dict[tuple[str, str], str] = {}
        for partner, quarter, figures in self._db.execute(
            f"SELECT partner_id, fiscal_quarter, figures_hash FROM send_attempts"
            f" WHERE result = '{SENT}' ORDER BY attempt_id"
        ):
            sent[(partner, quarter)] = figures  # the latest wins
        unconfirmed = {(a.partner_id, a.fiscal_quarter): a for a in self.unconfirmed()}
        return {
            key: StatementState(sent.get(key), unconfirmed.get(key))
            for key in sent.keys() | unconfirmed.keys()
        }

    def unconfirmed(self) -> list[Attempt]:
        return [
            Attempt(*row)
            for row in self._db.execute(
                """SELECT attempt_id, partner_id, fiscal_quarter, figures_hash, recipients,
                          subject, attempted_at, result, error
                   FROM send_attempts WHERE result IS NULL ORDER BY attempt_id"""
            )
        ]

    def begin(
        self,
        run_id: str,
        partner_id: str,
        fiscal_quarter: str,
        figures_hash: str,
        recipients: list[str],
        subject: str,
        message_id: str,
        revised: bool,
    ) -> int:
        """Record an attempt, committed before anything is sent; return its id."""
        cursor = self._db.execute(
            """INSERT INTO send_attempts (run_id, partner_id, fiscal_quarter, figures_hash,
                   recipients, subject, message_id, revised, attempted_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                run_id,
                partner_id,
                fiscal_quarter,
                figures_hash,
                ", ".join(recipients),
                subject,
                message_id,
                int(revised),
                _now(),
            ),
        )
        return int(cursor.lastrowid or 0)

    def finish(self, attempt_id: int, result: str, error: str | None = None) -> None:
        self._db.execute(
            "UPDATE send_attempts SET finished_at = ?, result = ?, error = ? WHERE attempt_id = ?",
            (_now(), result, error, attempt_id),
        )

    def resolve(self, attempt_id: int, result: str, note: str) -> bool:
        """A person's verdict on an attempt without a result: SENT (it arrived) or FAILED (the
        next run sends it again). False when there is no such unconfirmed attempt."""
        cursor = self._db.execute(
            """UPDATE send_attempts SET finished_at = ?, result = ?, resolved_by = ?
               WHERE attempt_id = ? AND result IS NULL""",
            (_now(), result, note, attempt_id),
        )
        return cursor.rowcount == 1

    def attempts(self, run_id: str | None = None) -> list[Attempt]:
        where, params = ("WHERE run_id = ?", (run_id,)) if run_id else ("", ())
        return [
            Attempt(*row)
            for row in self._db.execute(
                f"""SELECT attempt_id, partner_id, fiscal_quarter, figures_hash, recipients,
                           subject, attempted_at, result, error
                    FROM send_attempts {where} ORDER BY attempt_id""",
                params,
            )
        ]


@contextmanager
def open_send_log(path: Path) -> Iterator[SendLog]:
    with closing(SendLog(path)) as log:
        yield log
