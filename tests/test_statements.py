"""Statements: what to do next, from the mart partner_next_actions, and the
statements of the as-of quarter and the quarter before it, in words, on the hand-made fixture."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader

from dagster_project.delivery import render_cache, statements
from dagster_project.delivery.statement_data import RuleChangeNotice, Statement
from dagster_project.delivery.statement_document import build_document, rule_change_sentence
from dagster_project.delivery.typesetting import StatementTypesetter
from tests import expected_small as expected
from tests.pipeline_runs import Run
from tests.statement_samples import quarter_context
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
    positive revenue. Every reward type of a quarter that is over with a positive ledger total
    and no claim approved (fully or partly) is still to claim (CLAIM_REWARD)."""
    wanted = []
    for partner, quarter, review, _, in_force, next_tier, gap, at_risk in expected.PARTNER_TIERS:
        if next_tier is not None and gap > 0:
            wanted.append((partner, quarter, "NEXT_TIER", next_tier, None, gap))
        if at_risk and THRESHOLDS[in_force] > review:
            keep = THRESHOLDS[in_force] - review
            wanted.append((partner, quarter, "KEEP_TIER", in_force, None, keep))
    earned: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for partner, quarter, reward_type, *_, amount, _ in expected.REBATE_LEDGER:
        earned[(partner, quarter, reward_type)] += amount
    claimed = {
        (partner, quarter, reward_type)
        for _, partner, quarter, reward_type, _, _, decision, _ in expected.CLAIM_DECISIONS
        if decision in ("APPROVED", "PARTIAL")
    }
    for (partner, quarter, reward_type), amount in earned.items():
        if (
            quarter != expected.AS_OF_QUARTER
            and amount > 0
            and ((partner, quarter, reward_type) not in claimed)
        ):
            wanted.append((partner, quarter, "CLAIM_REWARD", None, reward_type, amount))
    rows = fetch(
        run.warehouse,
        "partner_next_actions",
        ("partner_id", "fiscal_quarter", "action", "tier", "reward_type", "amount_usd"),
    )
    assert_same_rows(rows, wanted, "partner_next_actions")


def test_statements_of_the_as_of_quarter_and_the_quarter_before(run: Run) -> None:
    for quarter in (CLOSED_QUARTER, expected.AS_OF_QUARTER):
        names = {path.name for path in (run.outbox / quarter).glob("*.html")}
        assert names == {f"{partner}.html" for partner in expected.PARTNER_NAMES}, quarter

    closed = _text(run.outbox / CLOSED_QUARTER / "P001.html")
    assert "Partner P001 · FY2027-Q2 (Jul-Sep 2026)" in closed  # its calendar months
    assert "Quarter to date" not in closed
    assert (
        "FY2027-Q2 is over: its figures may still change with late reports until it is closed."
        in closed
    )
    assert "What to do next" not in closed and "Sell $" not in closed  # it can only be claimed

    text = _text(run.outbox / expected.AS_OF_QUARTER / "P001.html")
    assert "Partner P001 · FY2027-Q3 (Oct-Dec 2026) Quarter to date as of 15 Nov 2026" in text
    assert "Tier in force this quarter Silver" in text  # words, not SILVER
    assert (
        "Sell $747,500.00 more by the close of FY2027-Q3 (31 Dec 2026) to reach Gold at its"
        " review." in text
    )
    assert "Partner Support Centre" in text
    assert "Reply to this e-mail, or write to partner-support@channel-ledger.example." in text
    # P007 holds Silver with a review of 25,000.00: 225,000.00 keeps it; Silver was earned at
    # the FY2027-Q2 review (test_end_to_end's tiers), so it holds through FY2027-Q4's grace and
    # drops on the first day of FY2028-Q1.
    text = _text(run.outbox / expected.AS_OF_QUARTER / "P007.html")
    assert (
        "Sell $225,000.00 more by the close of FY2027-Q3 (31 Dec 2026) to keep Silver at its"
        " review." in text
    )
    assert "At risk" in text and "drops to Authorized on 1 Apr 2027" in text
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
    assert "Fjord Enterprise" in text and "Quarter to date as of 15 Nov 2026" in text
    # Every page's header names the program and the as-of date, paper has no e-mail to reply to.
    assert text.count(
        "Channel Partner Program Partner statement · FY2027-Q3 · as of 15 Nov 2026"
    ) == (len(PdfReader(run.outbox / expected.AS_OF_QUARTER / "P006.pdf").pages))
    assert "Reply to this e-mail" not in text and "Write to field-team@" in text
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
        tier_in_force="SILVER", earned_tier="SILVER", review_revenue_usd=Decimal("252500"),
        next_tier="GOLD", gap_to_next_tier_usd=Decimal("747500"), at_risk=False,
        net_revenue_usd=Decimal("2500"), total_rewards_usd=Decimal("25.00"),
        coverage=Decimal("1"), coverage_gate_passed=True, support_line="Ask us.",
        reply_to="partner-support@channel-ledger.example",
    )  # fmt: skip
    pdf = tmp_path / "statement.pdf"
    context = quarter_context("FY2027-Q3")
    document = build_document(statement, context)
    pdf.write_bytes(StatementTypesetter().pdf(document, "FY2027-Q3", context.as_of))
    reader = PdfReader(pdf)
    assert reader.pages[0].mediabox.width > 500  # the page was not resized by the name
    text = reader.pages[0].extract_text()
    assert '<script>alert("x")</script> *bold* $x$' in text


def test_statements_render_the_same_in_parallel_batches(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large batch renders on a process per core: byte for byte the files one process wrote
    in the run (the PDF dated by the statement, the e-mail's boundaries by its figures)."""
    monkeypatch.setattr(statements, "RENDER_BATCH", 3)
    monkeypatch.setattr(statements, "RENDER_PROCESSES", 2)
    rendered = statements.render_statements(run.warehouse, tmp_path)
    assert (len(rendered.written), rendered.kept) == (2 * len(expected.PARTNER_NAMES), 0)
    for path in rendered.written:
        for suffix in (".html", ".pdf", ".eml"):
            ours = path.with_suffix(suffix)
            assert ours.read_bytes() == (run.outbox / ours.relative_to(tmp_path)).read_bytes()


def _rendered(warehouse: Path, outbox: Path) -> tuple[list[str], int]:
    """The statements a render wrote (`FY2027-Q3/P003`, sorted) and how many it kept."""
    done = statements.render_statements(warehouse, outbox)
    names = sorted(p.with_suffix("").relative_to(outbox).as_posix() for p in done.written)
    return names, done.kept


def test_a_statement_renders_again_only_when_what_it_is_rendered_from_changed(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing new: nothing rendered. One partner's figure: its statement. A file deleted or
    edited by hand: its statement. A template: every statement, except a closed quarter's,
    whose figures are final and whose statement is never rendered again."""
    warehouse = Path(shutil.copy2(run.warehouse, tmp_path / "warehouse.duckdb"))
    outbox = tmp_path / "outbox"
    every = 2 * len(expected.PARTNER_NAMES)
    open_quarter, over = expected.AS_OF_QUARTER, CLOSED_QUARTER
    assert _rendered(warehouse, outbox)[1] == 0
    assert _rendered(warehouse, outbox) == ([], every)

    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "UPDATE marts.partner_statements SET net_revenue_usd = net_revenue_usd + 1"
            " WHERE partner_id = 'P003' AND fiscal_quarter = ?",
            [open_quarter],
        )
    assert _rendered(warehouse, outbox) == ([f"{open_quarter}/P003"], every - 1)

    (outbox / over / "P005.pdf").unlink()
    with (outbox / open_quarter / "P006.eml").open("ab") as edited:
        edited.write(b"\n")
    assert _rendered(warehouse, outbox) == ([f"{over}/P005", f"{open_quarter}/P006"], every - 2)

    # Finance closes the quarter that is over (as the close's run would publish it): its
    # statements render once more, final; then no template change renders them again.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE marts.program_quarters SET is_closed = true WHERE fiscal_quarter = ?",
                    [over])  # fmt: skip
        con.execute(
            """INSERT INTO marts.quarter_closes (close_sequence, fiscal_quarter, action, "by",
                   "at", figures_as_of, ledger_lines, ledger_total_usd, sha256, reason,
                   is_in_force)
               VALUES (1, ?, 'CLOSE', 'Ana Finance', TIMESTAMP '2026-11-20 09:30:00',
                       TIMESTAMP '2026-11-15 12:00:00', 0, 0, '', NULL, true)""",
            [over],
        )
    written, kept = _rendered(warehouse, outbox)
    assert written == [f"{over}/{p}" for p in sorted(expected.PARTNER_NAMES)], written
    assert "Final: closed on 20 Nov 2026" in _text(outbox / over / "P001.html")

    templates = Path(shutil.copytree(render_cache.REPORT_TEMPLATES_DIR, tmp_path / "templates"))
    with (templates / "report.css").open("a") as css:
        css.write("\n/* a template edited */\n")
    monkeypatch.setattr(render_cache, "REPORT_TEMPLATES_DIR", templates)
    render_cache.renderer_fingerprint.cache_clear()
    try:
        written, kept = _rendered(warehouse, outbox)
    finally:
        render_cache.renderer_fingerprint.cache_clear()
    assert written == [f"{open_quarter}/{p}" for p in sorted(expected.PARTNER_NAMES)], written
    assert kept == len(expected.PARTNER_NAMES)


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
    assert [rule_change_sentence(n) for n in notices] == [
        "From FY2028-Q1, the base rebate rate for Gold, Data center is 3% (it was 2.5%).",
        "From FY2028-Q1, the tier threshold for Gold is $1,200,000.01 (it was $1,000,000.00).",
        "From FY2028-Q2, the time within which we answer for Price quote is 12 hours (it was"
        " 24 hours).",
        "From FY2028-Q2, the quarters of grace before a lower tier takes effect is 2 quarters"
        " (it was 1 quarter).",
        "From FY2028-Q3, the new-customer reward for Public sector is $400.00.",
    ]
    statement = Statement(
        partner_id="P-1", partner_name="Acme", fiscal_quarter="FY2027-Q4", is_open=True,
        tier_in_force="GOLD", earned_tier="GOLD", review_revenue_usd=Decimal("1100000"),
        next_tier="PLATINUM", gap_to_next_tier_usd=Decimal("3900000"), at_risk=False,
        net_revenue_usd=Decimal("2500"), total_rewards_usd=Decimal("25.00"),
        coverage=Decimal("1"), coverage_gate_passed=True, support_line="Call us.",
        reply_to="partner-support@channel-ledger.example", rule_changes=notices[:1],
    )  # fmt: skip
    pdf = tmp_path / "statement.pdf"
    context = quarter_context("FY2027-Q4")
    document = build_document(statement, context)
    pdf.write_bytes(StatementTypesetter().pdf(document, "FY2027-Q4", context.as_of))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "Changes to the program" in text
    assert "From FY2028-Q1, the base rebate rate for Gold, Data center is 3% (it was 2.5%)." in text
