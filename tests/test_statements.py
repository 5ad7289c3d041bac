"""Statements (issue 16): what to do next, from the mart partner_next_actions, and the
statements of the as-of quarter and the quarter before it, in words, on the hand-made fixture."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from dagster_project.delivery import statements
from dagster_project.delivery.statements import RuleChangeNotice, Statement
from dagster_project.delivery.typesetting import StatementTypesetter
from tests import expected_small as expected
from tests.pipeline_runs import Run
from tests.test_end_to_end import assert_same_rows, fetch

# Spec section 5, default thresholds (USD).
THRESHOLDS = {
    "AUTHORIZED": Decimal(0),
    "SILVER": Decimal(250_000),
    "GOLD": Decimal(1_000_000),
    "PLATINUM": Decimal(5_000_000),
}
CLOSED_QUARTER = "FY2027-Q2"


def _text(path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).split())


def test_next_actions_follow_the_tiers(run: Run) -> None:
    """The fixture's tiers (worked out by hand) give every NEXT_TIER and KEEP_TIER action; no
    product line grows slower than a known market and every coverage gate that fails has no
    positive revenue, so there is no other action."""
    wanted = []
    for partner, quarter, review, _, in_force, next_tier, gap, at_risk in expected.PARTNER_TIERS:
        if next_tier is not None and gap > 0:
            wanted.append((partner, quarter, "NEXT_TIER", next_tier, gap))
        if at_risk and THRESHOLDS[in_force] > review:
            wanted.append((partner, quarter, "KEEP_TIER", in_force, THRESHOLDS[in_force] - review))
    rows = fetch(
        run.warehouse,
        "partner_next_actions",
        ("partner_id", "fiscal_quarter", "action", "tier", "amount_usd"),
    )
    assert_same_rows(rows, wanted, "partner_next_actions")


def test_statements_of_the_as_of_quarter_and_the_quarter_before(run: Run) -> None:
    for quarter in (CLOSED_QUARTER, expected.AS_OF_QUARTER):
        names = {path.name for path in (run.outbox / quarter).glob("*.html")}
        assert names == {f"{partner}.html" for partner in expected.PARTNER_NAMES}, quarter

    closed = _text(run.outbox / CLOSED_QUARTER / "P001.html")
    assert "statement for FY2027-Q2 (quarter to date)" not in closed
    assert (
        "FY2027-Q2 is over: its figures may still change with late reports until it is closed."
        in closed
    )
    assert "What to do next" not in closed

    text = _text(run.outbox / expected.AS_OF_QUARTER / "P001.html")
    assert "statement for FY2027-Q3 (quarter to date)" in text
    assert "Tier in force this quarter Silver" in text  # words, not SILVER
    assert "Sell $747,500.00 more by the close of FY2027-Q3 to reach Gold at its review." in text
    assert "Partner Support Centre" in text
    # P007 holds Silver with a review of 25,000.00: 225,000.00 keeps it.
    text = _text(run.outbox / expected.AS_OF_QUARTER / "P007.html")
    assert "Sell $225,000.00 more by the close of FY2027-Q3 to keep Silver." in text
    # P006 holds Platinum: its field team answers.
    text = _text(run.outbox / expected.AS_OF_QUARTER / "P006.html")
    assert "Your field team" in text and "highest tier" in text


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_every_statement_has_its_pdf_with_the_same_figures(run: Run) -> None:
    for quarter in (CLOSED_QUARTER, expected.AS_OF_QUARTER):
        html = {p.stem for p in (run.outbox / quarter).glob("*.html")}
        assert {p.stem for p in (run.outbox / quarter).glob("*.pdf")} == html
    text = _pdf_text(run.outbox / expected.AS_OF_QUARTER / "P006.pdf").replace(" ,", ",")
    assert "Fjord Enterprise" in text and "FY2027-Q3 (quarter to date)" in text
    # P006's rewards as the HTML shows them (test_end_to_end), and its total.
    for amount in ("$630.00", "$160.00", "$420.00", "$500.00", "$1,710.00"):
        assert amount in text, f"{amount} is missing from P006's PDF"
    assert "Platinum" in text and "Your field team" in text


def test_names_reach_the_pdf_as_text_never_as_markup(tmp_path: Path) -> None:
    """Typst receives names as data: markup, a script tag, quotes and line breaks in a name
    print as written and change nothing else."""
    name = '#set page(width: 1cm) <script>alert("x")</script> *bold* $x$ \\ end'
    statement = Statement(
        partner_id="P-1", partner_name=name, fiscal_quarter="FY2027-Q3", is_open=True,
        tier_in_force="Silver", earned_tier="Silver", review_revenue_usd=Decimal("252500"),
        next_tier="Gold", gap_to_next_tier_usd=Decimal("747500"), at_risk=False,
        net_revenue_usd=Decimal("2500"), total_rewards_usd=Decimal("25.00"),
        coverage=Decimal("1"), coverage_gate_passed=True, support_line="Reply to this e-mail.",
        reply_to="partner-support@channel-ledger.example",
    )  # fmt: skip
    pdf = tmp_path / "statement.pdf"
    thresholds = {"FY2027-Q3": {"Silver": Decimal(250_000)}}
    pdf.write_bytes(StatementTypesetter(thresholds).pdf(statement))
    reader = PdfReader(pdf)
    assert reader.pages[0].mediabox.width > 500  # the page was not resized by the name
    text = reader.pages[0].extract_text()
    assert '<script>alert("x")</script> *bold* $x$' in text


def test_statements_render_the_same_in_parallel_batches(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large batch renders on a process per core: the same files as one process writes."""
    monkeypatch.setattr(statements, "RENDER_BATCH", 3)
    monkeypatch.setattr(statements, "RENDER_PROCESSES", 2)
    written = statements.render_statements(run.warehouse, tmp_path)
    assert len(written) == 2 * len(expected.PARTNER_NAMES)
    for path in written:
        ours = path.relative_to(tmp_path)
        assert path.read_text(encoding="utf-8") == (run.outbox / ours).read_text(encoding="utf-8")
        assert path.with_suffix(".pdf").stat().st_size > 0


def test_a_rule_change_reads_as_a_sentence_in_every_unit(tmp_path: Path) -> None:
    """Spec section 11: a statement tells of the rule changes that concern its partner, in words,
    each value in its unit; the PDF prints them too."""
    notices = (
        RuleChangeNotice("FY2028-Q1", "base rebate rate", "percent", "Gold, Data center",
                         Decimal("0.025"), Decimal("0.03")),
        RuleChangeNotice("FY2028-Q1", "tier threshold", "usd", "Gold", Decimal("1000000"),
                         Decimal("1200000.005")),
        RuleChangeNotice("FY2028-Q2", "time within which we answer", "hours", "Price quote",
                         Decimal("24"), Decimal("12")),
        RuleChangeNotice("FY2028-Q2", "quarters of grace before a lower tier takes effect",
                         "quarters", "", Decimal("1"), Decimal("2")),
        RuleChangeNotice("FY2028-Q3", "new-customer reward", "usd", "Public sector", None,
                         Decimal("400")),
    )  # fmt: skip
    assert [n.sentence() for n in notices] == [
        "From FY2028-Q1, the base rebate rate for Gold, Data center is 3% (it was 2.5%).",
        "From FY2028-Q1, the tier threshold for Gold is $1,200,000.01 (it was $1,000,000.00).",
        "From FY2028-Q2, the time within which we answer for Price quote is 12 h (it was 24 h).",
        "From FY2028-Q2, the quarters of grace before a lower tier takes effect is 2 quarters"
        " (it was 1 quarter).",
        "From FY2028-Q3, the new-customer reward for Public sector is $400.00.",
    ]
    statement = Statement(
        partner_id="P-1", partner_name="Acme", fiscal_quarter="FY2027-Q4", is_open=True,
        tier_in_force="Gold", earned_tier="Gold", review_revenue_usd=Decimal("1100000"),
        next_tier="Platinum", gap_to_next_tier_usd=Decimal("3900000"), at_risk=False,
        net_revenue_usd=Decimal("2500"), total_rewards_usd=Decimal("25.00"),
        coverage=Decimal("1"), coverage_gate_passed=True, support_line="Call us.",
        reply_to="partner-support@channel-ledger.example", rule_changes=notices[:1],
    )  # fmt: skip
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(StatementTypesetter({}).pdf(statement))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "Changes to the program" in text
    assert "From FY2028-Q1, the base rebate rate for Gold, Data center is 3% (it was 2.5%)." in text
