"""Partner statements: one HTML page per partner for the as-of quarter (spec section 9, first cut).

The figures are read from the published marts into a `Statement` per partner, then rendered with
Jinja2 (autoescaping on) from report_templates/. New sections grow the dataclass and the template.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
from babel.numbers import format_currency
from dagster import AssetExecutionContext, MaterializeResult, asset
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from dagster_project.delivery.publish import published_warehouse
from dagster_project.paths import REPORT_TEMPLATES_DIR
from dagster_project.resources import PipelineSettings

STATEMENT_TEMPLATE = "statement.html.j2"


@dataclass(frozen=True)
class ProductLineRevenue:
    product_line: str
    net_revenue_usd: Decimal


@dataclass(frozen=True)
class Statement:
    partner_id: str
    partner_name: str
    fiscal_quarter: str
    is_open: bool
    tier_in_force: str
    earned_tier: str
    review_revenue_usd: Decimal
    next_tier: str | None
    gap_to_next_tier_usd: Decimal | None
    at_risk: bool
    revenue_by_product_line: tuple[ProductLineRevenue, ...] = field(default_factory=tuple)

    @property
    def net_revenue_usd(self) -> Decimal:
        return sum((r.net_revenue_usd for r in self.revenue_by_product_line), Decimal(0))


def usd(value: Decimal | None) -> str:
    """Money as a reader sees it: USD, two decimals (display only: the marts stay unrounded)."""
    return "" if value is None else format_currency(value, "USD", locale="en_US")


def open_quarter(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        "SELECT fiscal_quarter FROM marts.partner_tiers WHERE is_open LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def load_statements(con: duckdb.DuckDBPyConnection, fiscal_quarter: str) -> list[Statement]:
    """Every partner's statement for the quarter, from the marts (a few rows per partner)."""
    revenue: dict[str, list[ProductLineRevenue]] = {}
    for partner_id, product_line, amount in con.execute(
        """SELECT partner_id, product_line, sum(net_revenue_usd)
           FROM marts.fct_sell_through WHERE fiscal_quarter = ?
           GROUP BY ALL ORDER BY partner_id, product_line""",
        [fiscal_quarter],
    ).fetchall():
        revenue.setdefault(partner_id, []).append(ProductLineRevenue(product_line, amount))
    rows = con.execute(
        """SELECT t.partner_id, p.partner_name, t.fiscal_quarter, t.is_open, t.tier_in_force,
                  t.earned_tier, t.review_revenue_usd, t.next_tier, t.gap_to_next_tier_usd,
                  t.at_risk
           FROM marts.partner_tiers AS t
           JOIN marts.partners AS p USING (partner_id)
           WHERE t.fiscal_quarter = ? ORDER BY t.partner_id""",
        [fiscal_quarter],
    ).fetchall()
    return [
        Statement(*row, revenue_by_product_line=tuple(revenue.get(row[0], ())))  # type: ignore[misc]
        for row in rows
    ]


def template_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(REPORT_TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["usd"] = usd
    return env


def statement_path(outbox: Path, statement: Statement, suffix: str = ".html") -> Path:
    # A partner id becomes a file name: anything but a safe character is replaced.
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", statement.partner_id)
    return outbox / statement.fiscal_quarter / f"{safe}{suffix}"


def render_statements(warehouse: Path, outbox: Path) -> list[Path]:
    """Render the as-of quarter's statements into the outbox; return the files written."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        quarter = open_quarter(con)
        statements = load_statements(con, quarter) if quarter else []
    template = template_environment().get_template(STATEMENT_TEMPLATE)
    written = []
    for statement in statements:
        path = statement_path(outbox, statement)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.render(s=statement), encoding="utf-8")
        written.append(path)
    return written


@asset(deps=[published_warehouse], group_name="delivery")
def statement_files(
    context: AssetExecutionContext, settings: PipelineSettings
) -> MaterializeResult:
    """One HTML statement per partner for the as-of quarter, in `<outbox>/<quarter>/`."""
    written = render_statements(settings.warehouse, settings.outbox)
    context.log.info(f"{len(written)} statements written to {settings.outbox}")
    return MaterializeResult(metadata={"statements": len(written), "outbox": str(settings.outbox)})
