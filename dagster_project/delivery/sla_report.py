"""Channel management's SLA report: one self-contained HTML page per run,
`<outbox>/sla/<fiscal_quarter>.html`, for the as-of quarter, dated: attainment by country and
request type with the program's total, rates resting on a small sample marked, the countries
below their floor, the requests still open past their target, and the trend over the last four
quarters as a chart (matplotlib, inlined as SVG: the page opens from disk with no network), every
country drawn, those below a floor in colour.

Every figure comes from the marts sla_attainment_by_country, sla_attainment_by_request_type,
sla_requests, program_request_types and program_quarters; nothing is computed here but the
chart's drawing.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pycountry
from dagster import AssetExecutionContext, MaterializeResult, asset

from dagster_project.delivery.statement_data import load_program
from dagster_project.duckdb_connection import connect
from dagster_project.presentation.charts import inline_svg
from dagster_project.presentation.formatting import day, months, percent, previous_quarters, span
from dagster_project.presentation.templates import template_environment
from dagster_project.resources import PipelineSettings
from dagster_project.transform.keys import PUBLISHED_WAREHOUSE

SLA_REPORT_TEMPLATE = "sla_report.html.j2"
TREND_QUARTERS = 4
# The same page for the same figures: SVG ids from a fixed salt, no creation date.
SVG_HASH_SALT = "channel-ledger"
HIGHLIGHT_COLOURS = ("#c0392b", "#d35400", "#8e44ad", "#2471a3", "#117a65", "#7d6608")


@dataclass(frozen=True)
class RequestType:
    code: str
    name: str
    target_hours: int
    floor: Decimal | None


@dataclass(frozen=True)
class Attainment:
    country: str | None
    request_type: str
    fiscal_quarter: str
    requests: int
    met: int
    breached: int
    pending: int
    attainment_rate: Decimal | None
    median_hours: Decimal | None
    p90_hours: Decimal | None
    below_attainment_floor: bool
    is_small_sample: bool


@dataclass(frozen=True)
class Total:
    """Every country together, per request type (the table's total row)."""

    request_type: str
    requests: int
    met: int
    breached: int
    pending: int
    attainment_rate: Decimal | None
    median_hours: Decimal | None
    p90_hours: Decimal | None
    is_small_sample: bool


@dataclass(frozen=True)
class OverdueRequest:
    request_id: str
    request_type: str
    partner_id: str | None
    partner_name: str | None
    country: str | None
    submitted_at: object


def country_name(code: str | None) -> str:
    if code is None:
        return "Country unknown"
    country = pycountry.countries.get(alpha_2=code)
    return f"{country.name} ({code})" if country else code


def as_of_quarter(con: duckdb.DuckDBPyConnection) -> str | None:
    """The run's open quarter: from the program's quarters, else from the requests (a landing
    folder with requests and no sell-through yet has no program quarter)."""
    for sql in (
        "SELECT any_value(fiscal_quarter) FROM marts.program_quarters WHERE is_open",
        "SELECT any_value(fiscal_quarter) FROM marts.sla_attainment_by_country"
        " WHERE is_as_of_quarter",
    ):
        (quarter,) = con.execute(sql).fetchone()
        if quarter:
            return quarter
    return None


def load_attainment(
    con: duckdb.DuckDBPyConnection, quarters: list[str]
) -> tuple[list[RequestType], list[Attainment]]:
    # The names, targets and floors in force in the report's quarter (the last).
    types = [
        RequestType(*row)
        for row in con.execute(
            """SELECT request_type, display_name, target_hours, country_attainment_floor
               FROM marts.program_request_types WHERE fiscal_quarter = ?
               ORDER BY target_hours, request_type""",
            [quarters[-1]],
        ).fetchall()
    ]
    rows = con.execute(
        f"""SELECT country, request_type, fiscal_quarter, requests, met, breached, pending,
                   attainment_rate, median_hours, p90_hours, below_attainment_floor,
                   is_small_sample
            FROM marts.sla_attainment_by_country
            WHERE fiscal_quarter IN ({", ".join("?" for _ in quarters)})
            ORDER BY country NULLS LAST, request_type, fiscal_quarter""",
        quarters,
    ).fetchall()
    return types, [Attainment(*row) for row in rows]


def load_totals(con: duckdb.DuckDBPyConnection, quarter: str) -> dict[str, Total]:
    rows = con.execute(
        """SELECT request_type, requests, met, breached, pending, attainment_rate, median_hours,
                  p90_hours, is_small_sample
           FROM marts.sla_attainment_by_request_type WHERE fiscal_quarter = ?""",
        [quarter],
    ).fetchall()
    return {row[0]: Total(*row) for row in rows}


def load_overdue(con: duckdb.DuckDBPyConnection, quarter: str) -> list[OverdueRequest]:
    """The quarter's requests still open past their target at the as-of time, oldest first."""
    rows = con.execute(
        """SELECT r.request_id, r.request_type, r.partner_id, p.partner_name, r.country,
                  r.submitted_at
           FROM marts.sla_requests AS r LEFT JOIN marts.partners AS p USING (partner_id)
           WHERE r.fiscal_quarter = ? AND r.sla_status = 'BREACHED' AND r.responded_at IS NULL
           ORDER BY r.submitted_at, r.request_id""",
        [quarter],
    ).fetchall()
    return [OverdueRequest(*row) for row in rows]


def trend_chart(
    types: list[RequestType], rows: list[Attainment], quarters: list[str], flagged: list[str | None]
) -> str:
    """Attainment per country over the quarters, one panel per request type, as inline SVG.
    The countries below a floor in the as-of quarter are drawn in colour, the others in grey.
    matplotlib is imported here, not with the module: the Dagster definitions (every run's and
    `dg dev`'s start) import this module, and matplotlib takes half a second to import."""
    import matplotlib
    import matplotlib.ticker
    from matplotlib.figure import Figure  # a figure of its own: no pyplot state, no display

    colours = dict(zip(flagged, HIGHLIGHT_COLOURS, strict=False))
    series: dict[tuple[str, str | None], dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        if row.attainment_rate is not None:
            series[(row.request_type, row.country)][row.fiscal_quarter] = row.attainment_rate
    figure = Figure(figsize=(4.2 * len(types), 3.6))
    axes = figure.subplots(1, len(types), sharey=True, squeeze=False)
    for axis, kind in zip(axes[0], types, strict=True):
        others_labelled = False
        drawn = 0
        for (code, country), points in sorted(series.items(), key=lambda s: s[0][1] or ""):
            if code != kind.code:
                continue
            drawn += 1
            xs = [quarters.index(q) for q in quarters if q in points]
            ys = [float(points[q] * 100) for q in quarters if q in points]  # drawing only
            # Markers on every line: a country with one quarter of data is a point.
            if country in colours:
                axis.plot(xs, ys, marker="o", markersize=6, color=colours[country], linewidth=2,
                          label=country or "unknown", zorder=3)  # fmt: skip
            else:
                label = None if others_labelled else "other countries"
                axis.plot(xs, ys, marker="o", markersize=4, color="#8a97a5", linewidth=1,
                          zorder=2, label=label)  # fmt: skip
                others_labelled = True
        if kind.floor is not None:
            axis.axhline(float(kind.floor * 100), color="#1d2733", linestyle="--", linewidth=1,
                         label=f"floor {percent(kind.floor)}")  # fmt: skip
        if not drawn:
            axis.text(0.5, 0.5, "no answered or overdue\nrequests in these quarters",
                      ha="center", va="center", transform=axis.transAxes,
                      color="#5a6877")  # fmt: skip
        axis.set_title(f"{kind.name} (target {span(kind.target_hours)})", fontsize=10)
        axis.set_xticks(range(len(quarters)), quarters, fontsize=8)
        axis.set_xlim(-0.4, len(quarters) - 0.6)
        axis.set_ylim(0, 104)
        axis.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(decimals=0))
        axis.grid(axis="y", color="#eef1f4")
        if axis.get_legend_handles_labels()[0]:
            axis.legend(fontsize=8, loc="lower left")
    axes[0][0].set_ylabel("requests answered within target")
    figure.tight_layout()
    return inline_svg(figure, SVG_HASH_SALT)


def render_sla_report(warehouse: Path, outbox: Path) -> Path | None:
    """Write the as-of quarter's SLA report; return its path (None: no quarter yet)."""
    with connect(warehouse, read_only=True) as con:
        quarter = as_of_quarter(con)
        if quarter is None:
            return None
        quarters = previous_quarters(quarter, TREND_QUARTERS)
        types, rows = load_attainment(con, quarters)
        totals = load_totals(con, quarter)
        overdue = load_overdue(con, quarter)
        program, _ = load_program(con)
        period = con.execute(
            """SELECT starts_on, ends_on, as_of_utc FROM marts.program_quarters
               WHERE fiscal_quarter = ?""",
            [quarter],
        ).fetchone()
    current = [r for r in rows if r.fiscal_quarter == quarter]
    countries = sorted({r.country for r in current}, key=lambda c: (c is None, c or ""))
    below = [r for r in current if r.below_attainment_floor]
    flagged = sorted({r.country for r in below}, key=lambda c: (c is None, c or ""))
    dated = (
        f"{quarter} ({months(period[0], period[1])}), quarter to date as of {day(period[2].date())}"
        if period
        else f"{quarter}, quarter to date"
    )
    html = (
        template_environment()
        .get_template(SLA_REPORT_TEMPLATE)
        .render(
            program=program,
            quarter=quarter,
            dated=dated,
            quarters=quarters,
            types=types,
            countries=countries,
            cells={(r.country, r.request_type): r for r in current},
            totals=totals,
            overdue=overdue,
            below=below,
            type_names={t.code: t for t in types},
            country_name=country_name,
            chart=trend_chart(types, rows, quarters, flagged),
            small_sample=SMALL_SAMPLE_NOTE,
        )
    )
    path = outbox / "sla" / f"{quarter}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


SMALL_SAMPLE_NOTE = "a small sample: few requests were on time or late yet, read the rate with care"


@asset(deps=[PUBLISHED_WAREHOUSE], group_name="delivery")
def sla_report(context: AssetExecutionContext, settings: PipelineSettings) -> MaterializeResult:
    """Channel management's SLA report for the as-of quarter, `<outbox>/sla/<quarter>.html`."""
    path = render_sla_report(settings.warehouse, settings.outbox)
    context.log.info(f"SLA report: {path}" if path else "no quarter yet: no SLA report")
    return MaterializeResult(metadata={"path": str(path) if path else ""})
