"""Turnaround SLAs end to end on the hand-made fixture: the four marts row by row
(tests/expected_small.py works them out by hand from overview: Turnaround SLAs), the asset check,
the statement's SLA section and channel management's report page."""

from __future__ import annotations

import re

import duckdb

from tests import expected_small as expected
from tests.pipeline_runs import Run
from tests.test_end_to_end import assert_money, assert_same_rows, fetch


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_sla_requests(run: Run) -> None:
    rows = fetch(run.warehouse, "sla_requests", expected.SLA_REQUEST_COLUMNS)
    assert_money(rows, expected.SLA_REQUEST_COLUMNS, ("turnaround_hours",))
    assert_same_rows(rows, expected.SLA_REQUESTS, "sla_requests")


def test_sla_requests_keep_instants_in_utc(run: Run) -> None:
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        submitted, responded = con.execute(
            "SELECT submitted_at, responded_at FROM marts.sla_requests WHERE request_id = 'R07'"
        ).fetchone()
    # 2026-10-01T00:30:00+02:00 and 2026-10-02T12:00:00Z.
    assert submitted.isoformat() == "2026-09-30T22:30:00"
    assert responded.isoformat() == "2026-10-02T12:00:00"


def test_request_quarantine(run: Run) -> None:
    rows = fetch(run.warehouse, "request_quarantine", expected.REQUEST_QUARANTINE_COLUMNS)
    assert_same_rows(rows, expected.REQUEST_QUARANTINE, "request_quarantine")
    # A quarantined request counts nowhere else.
    counted = {row[0] for row in fetch(run.warehouse, "sla_requests", ("request_id",))}
    assert not counted & {row[0] for row in expected.REQUEST_QUARANTINE}


def test_sla_attainment(run: Run) -> None:
    columns = ("partner_id", *expected.SLA_ATTAINMENT_COLUMNS)
    rows = fetch(run.warehouse, "sla_attainment", columns)
    assert_money(rows, columns, ("attainment_rate", "median_hours", "p90_hours"))
    assert_same_rows(rows, expected.SLA_ATTAINMENT, "sla_attainment")


def test_sla_attainment_by_country(run: Run) -> None:
    columns = ("country", *expected.SLA_ATTAINMENT_COLUMNS)
    rows = fetch(run.warehouse, "sla_attainment_by_country", columns)
    assert_same_rows(rows, expected.SLA_ATTAINMENT_BY_COUNTRY, "sla_attainment_by_country")
    below = fetch(
        run.warehouse,
        "sla_attainment_by_country WHERE below_attainment_floor",
        ("country", "request_type", "attainment_rate"),
    )
    assert_same_rows(below, expected.SLA_BELOW_FLOOR, "sla_attainment_by_country below floor")


def test_floor_check_warns_naming_the_countries(run: Run) -> None:
    # The dbt test sla_attainment_floor is the Dagster asset check: it warns (the run goes on to
    # render statements) and the run's summary names the country below the floor.
    assert "check warns marts/sla_attainment_by_country sla_attainment_floor" in " ".join(
        run.output.split()
    )
    assert re.search(r"below SLA floor: US PRICE_QUOTE\s*│\s*60%", run.output)
    assert (run.outbox / expected.AS_OF_QUARTER / "P001.html").exists()


def test_statement_shows_the_partners_sla_experience(run: Run) -> None:
    quarter_dir = run.outbox / expected.AS_OF_QUARTER
    text = _text((quarter_dir / "P001.html").read_text(encoding="utf-8"))
    section = text[text.index("How fast we answered you") :]
    # Price quotes: 6 requests, 3 on time, 2 late, 1 open and still within target: 60% on
    # time, median 14.75 h, p90 24.000194444 h, each in the unit a person uses; the breached
    # ones by id, one a second late, one open.
    assert "Price quote 24 hours 6 3 2 1 60% 14.8 hours 24 hours" in section
    assert "R02, price quote of 3 Nov 2026: answered in 24 h 1 s" in section
    assert "R06, price quote of 14 Nov 2026: still open" in section
    assert "R01" not in section  # met: not listed
    # Only pending claims: attainment not measured yet, no percentiles.
    text = _text((quarter_dir / "P004.html").read_text(encoding="utf-8"))
    assert "Claim 30 days 2 0 0 2 not yet measured" in text  # a 720-hour target
    # No request in the quarter (P002's are in FY2027-Q2).
    text = _text((quarter_dir / "P002.html").read_text(encoding="utf-8"))
    assert "You sent us no requests this quarter." in text


def test_sla_report_page_names_every_country(run: Run) -> None:
    page = run.outbox / "sla" / f"{expected.AS_OF_QUARTER}.html"
    html = page.read_text(encoding="utf-8")
    text = _text(html)
    for country in (
        "United States (US)",
        "Brazil (BR)",
        "Sweden (SE)",
        "Germany (DE)",
        "France (FR)",
        "Country unknown",
    ):
        assert country in text, f"the SLA report does not name {country}"
    assert "Below the attainment floor in FY2027-Q3: United States (US), price quote 60%" in text
    assert "FY2027-Q3 (Oct-Dec 2026), quarter to date as of 15 Nov 2026" in text
    # The rows by hand (price quote: requests, open in time, attainment, median, p90), a rate
    # on fewer than 20 met or late requests starred; the program's total over every country:
    # 9 price quotes, 1 open in time, 6 of 8 on time (75%).
    assert "United States (US) 6 1 60%* 14.8 hours 24 hours" in text
    assert "All countries 9 1 75%* 5.5 hours 24 hours" in text
    # The request still open past its target, with its partner.
    overdue = text[text.index("Requests still open past their target") :]
    assert "R06 Price quote P001 Aurora Tech United States (US) 14 Nov 2026" in overdue
    assert "<svg" in html  # the trend chart, inline
    # Self-contained: nothing to fetch (the SVG namespace is a name, not a download).
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)
    assert "<script" not in html and "<link" not in html
