"""What was rendered from what: a statement is rendered again only when what it is rendered
from changed. The manifest (`<outbox>/manifest.json`) records, for each statement in the
outbox, the key of its inputs and the size and modification time of each of its files; a
statement whose key is the same and whose files are as they were written is kept. A file
deleted or edited by hand no longer matches, and the statement is rendered again.

The key of a statement of a quarter that is not closed: its figures and names (Statement), its
quarter's context (the as-of instant, the names in force), its recipients, the sender, and the
renderer: every file of report_templates/ (templates, style, fonts), the source of the delivery
package and the versions of the libraries that write the files. The key of a closed quarter's
statement is its figures as closed and the close it belongs to, nothing else: its figures are
final, so it is never rendered again, whatever changes in the templates or the code, unless the
quarter is reopened and closed again (or its files are deleted).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

from dagster_project.delivery.statement_data import QuarterContext, Statement
from dagster_project.delivery.statement_email import Recipient, figures_hash
from dagster_project.paths import REPORT_TEMPLATES_DIR

MANIFEST_NAME = "manifest.json"
SUFFIXES = (".html", ".pdf", ".eml")
# The libraries whose output is in the files (the e-mail's encoding is Python's own).
RENDERING_LIBRARIES = ("typst", "css-inline", "jinja2")
DELIVERY_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def renderer_fingerprint() -> str:
    """The templates, the code and the libraries that render a statement, as one hash."""
    digest = hashlib.sha256()
    files = sorted(REPORT_TEMPLATES_DIR.rglob("*")) + sorted(DELIVERY_PACKAGE.glob("*.py"))
    for path in files:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for library in RENDERING_LIBRARIES:
        digest.update(f"{library}=={version(library)}\0".encode())
    digest.update(platform.python_version().encode())
    return digest.hexdigest()


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))


class QuarterInputs:
    """What every statement of a quarter is rendered from besides its own figures."""

    def __init__(self, context: QuarterContext, mail_from: str) -> None:
        self.closed = context.is_final
        if self.closed:
            self.key = _canonical([context.fiscal_quarter, context.closed_at])
        else:
            self.key = _canonical([renderer_fingerprint(), asdict(context), mail_from])

    def statement_key(self, statement: Statement, recipients: list[Recipient]) -> str:
        if self.closed:  # final figures: the close and the figures it recorded
            inputs = f"{self.key}|{figures_hash(statement)}"
        else:
            # The dataclasses' repr: every field, in order, Decimals with their digits (30 us a
            # statement, against 220 us for a JSON of its asdict; 10,000 statements a run).
            inputs = f"{self.key}|{statement!r}|{recipients!r}"
        return hashlib.sha256(inputs.encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    key: str
    files: dict[str, tuple[int, int]]  # suffix -> (size, modification time in ns)


class RenderManifest:
    """The outbox's manifest: read at the start of a render, written at its end."""

    def __init__(self, outbox: Path) -> None:
        self.path = outbox / MANIFEST_NAME
        self.entries: dict[str, Entry] = {}
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = {
                name: Entry(e["key"], {s: (size, ns) for s, (size, ns) in e["files"].items()})
                for name, e in saved["statements"].items()
            }
        except (OSError, ValueError, KeyError, TypeError):
            pass  # none, or unreadable: every statement is rendered

    def is_current(self, name: str, key: str, html: Path) -> bool:
        """Whether the statement's files were rendered from `key` and are as written."""
        entry = self.entries.get(name)
        if entry is None or entry.key != key:
            return False
        for suffix in SUFFIXES:
            try:
                stat = html.with_suffix(suffix).stat()
            except OSError:
                return False
            if entry.files.get(suffix) != (stat.st_size, stat.st_mtime_ns):
                return False
        return True

    def record(self, name: str, key: str, html: Path) -> None:
        files = {}
        for suffix in SUFFIXES:
            stat = html.with_suffix(suffix).stat()
            files[suffix] = (stat.st_size, stat.st_mtime_ns)
        self.entries[name] = Entry(key, files)

    def save(self, names: set[str]) -> None:
        """Write the entries of `names` (the statements of this run), one a line, atomically."""
        lines = [
            f"{json.dumps(name)}: {json.dumps({'key': e.key, 'files': e.files})}"
            for name, e in sorted(self.entries.items())
            if name in names
        ]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text('{"statements": {\n' + ",\n".join(lines) + "\n}}\n", "utf-8")
        os.replace(partial, self.path)
