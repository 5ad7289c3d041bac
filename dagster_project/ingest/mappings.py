"""Per-distributor report formats (config/distributors.yml): header names, delimiter, dates."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dagster_project.paths import DISTRIBUTORS_FILE

CANONICAL_DATE_FORMAT = "%Y-%m-%d"


@dataclass(frozen=True)
class ReportFormat:
    delimiter: str = ","
    date_format: str = CANONICAL_DATE_FORMAT
    # canonical column -> the distributor's own header (case-insensitive)
    columns: dict[str, str] = field(default_factory=dict)

    def header(self, canonical: str) -> str:
        """The header this distributor writes for a canonical column (the demo writes reports)."""
        return self.columns.get(canonical, canonical)

    def aliases(self, canonical: str) -> tuple[str, ...]:
        """Headers accepted for a canonical column: the distributor's own, then the canonical."""
        own = self.columns.get(canonical)
        return tuple(n.lower() for n in (own, canonical) if n)


CANONICAL = ReportFormat()


def load_report_formats(path: Path = DISTRIBUTORS_FILE) -> dict[str, ReportFormat]:
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    formats = {}
    for distributor_id, spec in (raw.get("distributors") or {}).items():
        spec = spec or {}
        formats[str(distributor_id)] = ReportFormat(
            delimiter=spec.get("delimiter", ","),
            date_format=spec.get("date_format", CANONICAL_DATE_FORMAT),
            columns={str(k): str(v) for k, v in (spec.get("columns") or {}).items()},
        )
    return formats
