"""The scenario's page: one self-contained HTML file that opens from disk,
titled by what the scenario changes in words ("Gold · Data center: base rebate rate 2.5% -> 3%
from FY2026-Q1"), leading with the cost per quarter (the open quarter marked as counted to
date, a total row) and the partners who gain or lose most, with a chart (matplotlib, inlined as
SVG, its axis in dollars). Every figure printed is a Decimal of the comparison; floats only draw
the chart."""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from dagster_project.presentation.charts import inline_svg
from dagster_project.presentation.formatting import rule_value
from dagster_project.presentation.templates import template_environment
from dagster_project.program.changes import RuleChange
from dagster_project.whatif.scenario import PartnerQuarter, ProgramWords, ScenarioResult

REPORT_TEMPLATE = "whatif_report.html.j2"
REPORT_FILE = "whatif.html"
MOVERS_SHOWN = 10  # partners who gain most, and who lose most
SVG_HASH_SALT = "channel-ledger-whatif"  # the same figures draw the same page


def cost_chart(cost: dict[str, tuple[Decimal, Decimal, Decimal]]) -> str:
    """The difference per quarter as bars (gains above zero, savings below), inline SVG."""
    import matplotlib
    import matplotlib.ticker
    from matplotlib.figure import Figure  # a figure of its own: no pyplot state, no display

    quarters = list(cost)
    differences = [float(cost[q][2]) for q in quarters]  # drawing only
    figure = Figure(figsize=(max(4.0, 0.7 * len(quarters) + 1.5), 3.0))
    axis = figure.subplots()
    colours = ["#c0392b" if d > 0 else "#2471a3" for d in differences]
    axis.bar(range(len(quarters)), differences, color=colours)
    axis.axhline(0, color="#1d2733", linewidth=0.8)
    axis.set_xticks(range(len(quarters)), quarters, fontsize=8, rotation=45, ha="right")
    axis.set_ylabel("scenario - program")
    axis.yaxis.set_major_formatter(
        matplotlib.ticker.FuncFormatter(lambda v, _: f"{'-' if v < 0 else ''}${abs(v):,.0f}")
    )
    axis.grid(axis="y", color="#eef1f4")
    figure.tight_layout()
    return inline_svg(figure, SVG_HASH_SALT)


def partner_totals(rows: list[PartnerQuarter]) -> list[tuple[str, str, Decimal, int]]:
    """Per partner over the quarters compared: its difference and its quarters changing tier."""
    totals: dict[str, tuple[str, Decimal, int]] = {}
    for row in rows:
        name, difference, moves = totals.get(row.partner_id, (row.partner_name, Decimal(0), 0))
        totals[row.partner_id] = (name, difference + row.difference_usd, moves + row.changes_tier)
    return [(pid, name, diff, moves) for pid, (name, diff, moves) in sorted(totals.items())]


def change_sentence(change: RuleChange, words: ProgramWords) -> str:
    """`Gold · Data center: base rebate rate 2.5% -> 3% from FY2026-Q1`."""
    rule_file = change.file.removesuffix(".csv")
    name, unit = words.rules.get((rule_file, change.column), (change.column, ""))
    key = " · ".join(
        words.names.get(column, {}).get(code, code) for column, code in change.key_values
    )
    since = change.since if change.since.startswith("since") else f"from {change.since}"
    before = _value(change.before, unit) or "no rule in force"
    after = _value(change.after, unit) or "no rule in force"
    return f"{key + ': ' if key else ''}{name} {before} -> {after} {since}"


def _value(text: str, unit: str) -> str:
    try:
        return rule_value(Decimal(text), unit) if text else ""
    except InvalidOperation:
        return text  # a name, not a number


def write_report(result: ScenarioResult, out: Path) -> Path:
    cost = result.cost_by_quarter()
    partners = partner_totals(result.rows)
    gainers = sorted((p for p in partners if p[2] > 0), key=lambda p: (-p[2], p[0]))
    losers = sorted((p for p in partners if p[2] < 0), key=lambda p: (p[2], p[0]))
    html = (
        template_environment()
        .get_template(REPORT_TEMPLATE)
        .render(
            result=result,
            program=result.words.program,
            changes=[change_sentence(c, result.words) for c in result.scenario.changes],
            open_quarter=result.words.open_quarter,
            cost=cost,
            totals=[sum((c[i] for c in cost.values()), Decimal(0)) for i in range(3)],
            total=result.total_cost(),
            chart=cost_chart(cost) if cost else "",
            gainers=gainers[:MOVERS_SHOWN],
            losers=losers[:MOVERS_SHOWN],
            movers=result.tier_changes(),
        )
    )
    path = out / REPORT_FILE
    path.write_text(html, encoding="utf-8")
    return path
