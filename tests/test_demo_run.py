"""One run of a 300-partner demo, held to a memory limit far below what it would use.

It spills to disk and never fails: the limit (PipelineSettings.memory_limit,
CHANNEL_LEDGER_MEMORY_LIMIT) binds DuckDB in ingestion and in dbt, and the figures must be those
the demo generator planted, whatever the limit. Its 600 statements hold their own partner's
figures only (overview: Statements).
"""

import html
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from email import message_from_bytes, policy
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader

from dagster_project.demo import DemoSummary, generate_demo
from tests.pipeline_runs import CLI_TIMEOUT_SECONDS, PROJECT_ROOT

# A 200,000-line folder peaks at several hundred MB unbounded; DuckDB needs some 60 MB to work.
TIGHT = "100MB"


@dataclass(frozen=True)
class DemoRun:
    demo: DemoSummary
    warehouse: Path
    outbox: Path


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    tmp_path = tmp_path_factory.mktemp("demo_run")
    # With the demo's program: GOLD's data-center rate raised from the quarter before the last
    # (the months end in FY2027-Q3: from FY2027-Q2).
    demo = generate_demo(
        tmp_path / "landing",
        partners=300,
        lines=200_000,
        first_month="2024-01",
        corrections=True,
        program_out=tmp_path / "program",
    )
    warehouse = tmp_path / "warehouse.duckdb"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dagster_project.cli",
            "run",
            "--landing",
            str(demo.path),
            "--warehouse",
            str(warehouse),
            "--as-of",
            "2026-11-15T12:00:00Z",
            "--outbox",
            str(tmp_path / "outbox"),
            "--program",
            str(tmp_path / "program"),
        ],  # fmt: skip
        cwd=PROJECT_ROOT,
        env={**os.environ, "CHANNEL_LEDGER_MEMORY_LIMIT": TIGHT},
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_SECONDS,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return DemoRun(demo, warehouse, tmp_path / "outbox")


def test_a_run_under_a_tight_memory_limit_completes_with_the_planted_figures(
    demo_run: DemoRun,
) -> None:
    demo = demo_run.demo
    with duckdb.connect(str(demo_run.warehouse), read_only=True) as con:
        outcomes = dict(
            con.execute(
                "select outcome, count(*) from marts.sell_through_line_outcomes group by all"
            ).fetchall()
        )
        reasons = dict(
            con.execute(
                "select reason, count(*) from marts.sell_through_quarantine group by all"
            ).fetchall()
        )
    assert outcomes == {k: v for k, v in demo.outcomes.items() if v}
    assert reasons == {k: v for k, v in demo.quarantined.items() if v}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z0-9]", text))


def test_every_statement_holds_only_its_partners_ids_names_and_customers(
    demo_run: DemoRun,
) -> None:
    """Every statement of the demo (its HTML page and its e-mail's text and HTML parts) names no
    other partner's id or name and no customer its partner did not sell to; so does the PDF's
    text, read for every tenth partner (pypdf takes some 25 ms a page; the PDF is typeset from
    the same statement as the HTML)."""
    with duckdb.connect(str(demo_run.warehouse), read_only=True) as con:
        names = dict(con.execute("SELECT partner_id, partner_name FROM marts.partners").fetchall())
        customers: dict[str, set[str]] = {}
        for partner_id, customer in con.execute(
            """SELECT DISTINCT partner_id, end_customer_id FROM marts.fct_sell_through
               WHERE end_customer_id IS NOT NULL"""
        ).fetchall():
            customers.setdefault(partner_id, set()).add(customer)
        quarters = [q for (q,) in con.execute(
            "SELECT fiscal_quarter FROM marts.program_quarters WHERE is_stated"
        ).fetchall()]  # fmt: skip
    every_customer = set().union(*customers.values())
    # Any partner's name, the longest first (a name may hold a shorter one).
    any_name = re.compile("|".join(re.escape(n) for n in sorted(names.values(), key=len)[::-1]))
    assert len(quarters) == 2 and len(names) == 300
    checked = 0
    for quarter in quarters:
        for partner_id, name in names.items():
            page = demo_run.outbox / quarter / f"{partner_id}.html"
            mail = message_from_bytes(page.with_suffix(".eml").read_bytes(), policy=policy.default)
            written = [
                html.unescape(page.read_text(encoding="utf-8")),
                mail.get_body(("plain",)).get_content(),
                html.unescape(mail.get_body(("html",)).get_content()),
            ]
            assert all(name in text for text in written), (partner_id, quarter)
            if checked % 10 == 0:
                pdf = PdfReader(page.with_suffix(".pdf"))
                written.append(" ".join(p.extract_text() for p in pdf.pages))
            for text in written:
                words = _words(text)
                assert partner_id in words, (partner_id, quarter)
                others = words & (names.keys() - {partner_id})
                assert not others, f"{partner_id} {quarter} names {others}"
                foreign = words & (every_customer - customers.get(partner_id, set()))
                assert not foreign, f"{partner_id} {quarter} names customers {foreign}"
                named = set(any_name.findall(text)) - {name}
                assert not named, f"{partner_id} {quarter} names {named}"
            checked += 1
    assert checked == 600


def test_the_demos_dated_rule_reprices_from_its_quarter_and_its_statements_say_so(
    demo_run: DemoRun,
) -> None:
    """Spec section 11 on the demo: GOLD's data-center base rate is 2.5% up to FY2027-Q1 and
    3.0% from FY2027-Q2; the stated FY2027-Q2 statements of partners with GOLD in force say so,
    the others do not."""
    with duckdb.connect(str(demo_run.warehouse), read_only=True) as con:
        rates = con.execute(
            """SELECT l.fiscal_quarter >= 'FY2027-Q2', list(DISTINCT l.rate)
               FROM marts.rebate_ledger AS l
               JOIN marts.partner_tiers AS t USING (partner_id, fiscal_quarter)
               WHERE l.reward_type = 'BASE' AND l.product_line = 'DATA_CENTER'
                 AND t.tier_in_force = 'GOLD'
               GROUP BY ALL ORDER BY 1"""
        ).fetchall()
        gold = {
            partner_id
            for (partner_id,) in con.execute(
                """SELECT partner_id FROM marts.partner_tiers
                   WHERE fiscal_quarter = 'FY2027-Q2' AND tier_in_force = 'GOLD'"""
            ).fetchall()
        }
    assert rates == [(False, [Decimal("0.025")]), (True, [Decimal("0.03")])]
    assert gold, "the demo has partners with GOLD in force in FY2027-Q2"
    sentence = "From FY2027-Q2, the base rebate rate for Gold, Data center is 3% (it was 2.5%)."
    for page in sorted((demo_run.outbox / "FY2027-Q2").glob("*.html")):
        told = sentence in html.unescape(page.read_text(encoding="utf-8"))
        assert told == (page.stem in gold), page.stem
