"""Per-distributor report formats, read from config/distributors.yml (never copied into code)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

# The canonical sell-through columns, in contract order (spec section 3).
CANONICAL_COLUMNS: tuple[str, ...] = (
    "report_line_id",
    "invoice_date",
    "reseller_account",
    "end_customer_id",
    "end_customer_name",
    "end_customer_country",
    "end_customer_segment",
    "sku",
    "quantity",
    "unit_price",
    "currency",
    "deal_id",
)

DEFAULT_FORMATS_FILE = Path(__file__).resolve().parents[2] / "config" / "distributors.yml"


@dataclass(frozen=True)
class ReportFormat:
    delimiter: str = ","
    date_format: str = "%Y-%m-%d"  # strftime codes; DuckDB's strftime speaks the same codes
    columns: Mapping[str, str] | None = None  # canonical -> header; None = identity

    def header(self, canonical: str) -> str:
        return (self.columns or {}).get(canonical, canonical)


def load_formats(path: Path | None = None) -> dict[str, ReportFormat]:
    """Distributor id -> format; distributors absent from the file use the canonical format."""
    data = yaml.safe_load((path or DEFAULT_FORMATS_FILE).read_text(encoding="utf-8")) or {}
    out: dict[str, ReportFormat] = {}
    for dist, spec in (data.get("distributors") or {}).items():
        spec = spec or {}
        out[str(dist)] = ReportFormat(
            delimiter=str(spec.get("delimiter", ",")),
            date_format=str(spec.get("date_format", "%Y-%m-%d")),
            columns={str(k): str(v) for k, v in (spec.get("columns") or {}).items()} or None,
        )
    return out
