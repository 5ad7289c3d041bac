"""Generate a demo landing folder (overview: The landing folder): deterministic per seed, set-based
in DuckDB.

    generate_demo(Path("var/landing"), partners=300, months=36, lines=250_000, seed=7)

Layout written:
    partners.csv, partner_accounts.csv, contacts.csv (UTF-8 BOM), products.csv, fx_rates.csv,
    market_growth.csv, requests.csv, claims.csv, payments.csv,
    sell_through/<DISTRIBUTOR>/<DISTRIBUTOR>_<YYYY-MM>.csv   one report per distributor and month
    sell_through/<DISTRIBUTOR>/<DISTRIBUTOR>_<YYYY-MM>_r<N>.csv   restatements (and the one
                                                                  structurally broken file)

With `corrections=True` every distributor also sends a corrections file every month (`_r1`),
the shape of a real vendor's year (restatements.monthly_corrections). The months end with the
fiscal quarter of the day the demo is generated unless `first_month` is given, so that a run
as of now always has a current quarter with data.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.duckdb_connection import connect
from dagster_project.fiscal_calendar import fiscal_year_start_month
from dagster_project.ingest.mappings import ReportFormat, load_report_formats
from dagster_project.paths import DISTRIBUTORS_FILE

from . import anomalies, dimensions, feeds, restatements, sell_through, volume, writer
from .catalog import DISTRIBUTORS
from .periods import Month, demo_months, months_ending_this_quarter, quarter_labels
from .program import Program, program, write_demo_program
from .writer import CANONICAL_COLUMNS

TOP_LEVEL_FILES = (
    "partners.csv",
    "partner_accounts.csv",
    "contacts.csv",
    "products.csv",
    "fx_rates.csv",
    "market_growth.csv",
    "requests.csv",
    "claims.csv",
    "payments.csv",
)


@dataclass(frozen=True)
class DemoSummary:
    """What was written, and what a correct ingestion of it must find."""

    path: Path
    partners: int
    distributors: int
    files: int  # sell-through report files, restatements and the rejected file included
    lines: int  # data rows over all sell-through files (rejected file included)
    rejected_file: str  # relative to `path`, '/'-separated
    fx_hole: tuple[str, str]  # (currency, YYYY-MM) without a rate
    market_growth_holes: frozenset[tuple[str, str, str]]  # (fiscal_quarter, product_line, region)
    # Expected line fates over the readable files: FACT, SUPERSEDED, REMOVED, QUARANTINED.
    outcomes: Mapping[str, int] = field(default_factory=dict, hash=False)
    quarantined: Mapping[str, int] = field(default_factory=dict, hash=False)  # by reason
    bad_requests: int = 0


def generate_demo(
    out: Path,
    *,
    partners: int = 300,
    months: int = 36,
    lines: int = 250_000,
    seed: int = 7,
    first_month: str | None = None,
    fiscal_year_start: int | None = None,
    formats_file: Path | None = None,
    overwrite: bool = False,
    corrections: bool = False,
    program_out: Path | None = None,
) -> DemoSummary:
    """Write a complete landing folder to `out` and describe it; with `program_out`, also the
    demo's program files there (one rate raised from the quarter before the last), with which
    the demo's claims are sized.

    `lines` is the number of data rows over all sell-through files. `out` must be empty or
    absent unless `overwrite`, which first removes the files and the sell_through tree a previous
    run wrote there.
    """
    if fiscal_year_start is None:  # the models' own calendar
        fiscal_year_start = fiscal_year_start_month()
    _validate(partners, months, lines, fiscal_year_start)
    root = Path(out)
    _prepare(root, overwrite)
    first = first_month or months_ending_this_quarter(months, fiscal_year_start)
    cal = demo_months(first, months, fiscal_year_start)
    formats = load_report_formats(formats_file or DISTRIBUTORS_FILE)
    people = dimensions.build_partners(partners, cal, seed)
    accounts = dimensions.build_accounts(people, seed)
    fx_rows = dimensions.build_fx(cal, seed)
    _write_dimensions(root, cal, people, accounts, fx_rows, seed)

    plan = volume.build_plan(people, accounts, cal, lines - restatements.extra_rows(lines), seed)
    with tempfile.TemporaryDirectory(prefix="demo-duckdb-") as tmp:
        con = connect(spill_dir=Path(tmp))
        try:
            estimates = _generate_lines(con, plan, accounts, fx_rows, cal, formats, seed)
            planted = anomalies.plant_defects(con, cal, formats, accounts)
            planted += anomalies.plant_missing_fx(con, cal, fx_rows, dimensions.fx_hole(cal))
            n = restatements.restated_per_file(lines)
            restatements.restate_alston(con, cal, n, formats)
            restatements.restate_eurolink(con, cal, n)
            _, more = restatements.restate_pacifica(con, cal, n, planted)
            planted += more
            if corrections:
                restatements.monthly_corrections(con)
            header = [formats.get("CORVID", ReportFormat()).header(c) for c in CANONICAL_COLUMNS]
            # With monthly corrections every `_r1` exists already: the broken file comes after.
            broken_rel, broken_text = restatements.broken_file(
                con, cal, header, part=3 if corrections else 1
            )
            files = writer.write_reports(con, root, cal, formats)
            (root / broken_rel).write_text(broken_text, encoding="utf-8")
            outcomes = _expected_outcomes(con, planted)
        finally:
            con.close()

    if program_out is not None:
        write_demo_program(program_out, cal[-1].quarter_label)
    config = program(program_out)
    bad_requests = _write_feeds(root, people, cal, estimates, seed, config)
    quarantined = {
        r: sum(p.quarantined for p in planted if p.reason == r) for r in anomalies.REASONS
    }
    return DemoSummary(
        path=root,
        partners=len(people),
        distributors=len(DISTRIBUTORS),
        files=len(files) + 1,
        lines=sum(outcomes.values()) + broken_text.count("\n") - 1,
        rejected_file=broken_rel,
        fx_hole=dimensions.fx_hole(cal),
        market_growth_holes=dimensions.growth_holes(quarter_labels(cal)),
        outcomes=outcomes,
        quarantined=quarantined,
        bad_requests=bad_requests,
    )


def _validate(partners: int, months: int, lines: int, fiscal_year_start: int) -> None:
    # Below these sizes not every region, band, distributor and planted case fits.
    if partners < 12:
        raise ValueError("partners must be at least 12")
    if months < 3:
        raise ValueError("months must be at least 3")
    if lines < 2_000:
        raise ValueError("lines must be at least 2000")
    if not 1 <= fiscal_year_start <= 12:
        raise ValueError("fiscal_year_start must be a month number 1..12")


def _prepare(root: Path, overwrite: bool) -> None:
    if root.exists() and any(root.iterdir()):
        if not overwrite:
            raise FileExistsError(f"{root} is not empty (pass overwrite=True to replace the demo)")
        for name in TOP_LEVEL_FILES:
            (root / name).unlink(missing_ok=True)
        shutil.rmtree(root / "sell_through", ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)


def _write_dimensions(
    root: Path,
    cal: list[Month],
    people: list[dimensions.Partner],
    accounts: list[dimensions.Account],
    fx_rows: list[tuple[str, str, str]],
    seed: int,
) -> None:
    writer.write_csv(
        root / "partners.csv",
        ["partner_id", "partner_name", "country", "region", "enrolled_on", "status"],
        [
            (p.partner_id, p.name, p.country, p.region, p.enrolled_on.isoformat(), p.status)
            for p in people
        ],
    )
    by_idx = {p.idx: p for p in people}
    writer.write_csv(
        root / "partner_accounts.csv",
        ["distributor_id", "reseller_account", "partner_id"],
        sorted(
            (a.distributor_id, a.reseller_account, by_idx[a.partner_idx].partner_id)
            for a in accounts
        ),
    )
    # contacts.csv comes from a CRM export and carries a UTF-8 byte-order mark (spec allows it).
    writer.write_csv(
        root / "contacts.csv",
        ["partner_id", "email", "name", "personas"],
        dimensions.build_contacts(people, seed),
        bom=True,
    )
    writer.write_csv(
        root / "products.csv",
        ["sku", "description", "product_line", "category", "is_service", "solution"],
        dimensions.product_rows(),
    )
    writer.write_csv(root / "fx_rates.csv", ["month", "currency", "usd_per_unit"], fx_rows)
    writer.write_csv(
        root / "market_growth.csv",
        ["fiscal_quarter", "product_line", "region", "growth_rate"],
        dimensions.build_market_growth(quarter_labels(cal), seed),
    )


def _generate_lines(
    con: duckdb.DuckDBPyConnection,
    plan: volume.Plan,
    accounts: list[dimensions.Account],
    fx_rows: list[tuple[str, str, str]],
    cal: list[Month],
    formats: dict[str, ReportFormat],
    seed: int,
) -> pd.DataFrame:
    """Build table `out` (every base line as report text); returns the revenue estimates."""
    sell_through.load_tables(con, plan, accounts, fx_rows, cal, seed)
    con.execute(sell_through.MONEY_MACRO)
    sell_through.build_customers(con)
    sell_through.build_lines(con, len(cal))
    scale = sell_through.price_scale(con, plan.budget_cents)
    sell_through.build_out(con, formats, scale)
    con.execute("DROP TABLE st")
    return sell_through.revenue_estimates(con)


def _expected_outcomes(
    con: duckdb.DuckDBPyConnection, planted: list[anomalies.Planted]
) -> dict[str, int]:
    """Fates of the lines in the readable files, derived from what was written.

    A line id sent in several files leaves one version per earlier file SUPERSEDED; the latest
    version with quantity 0 is REMOVED; planted defects are QUARANTINED; the rest is FACT.
    Only restatement files re-send ids and only they hold quantity 0, so only ids that occur
    in them need looking at.
    """
    read, superseded, removed = con.execute("""
        WITH resent AS (
            SELECT DISTINCT dist, c_id FROM out WHERE part > 0 AND trim(c_id) <> ''
        ), versions AS (
            SELECT o.dist, o.c_id, o.file_month, o.part, o.c_qty,
                   row_number() OVER (PARTITION BY o.dist, o.c_id
                                      ORDER BY o.file_month DESC, o.part DESC) AS newest
            FROM out o JOIN resent r ON r.dist = o.dist AND r.c_id = o.c_id
        ), per_id AS (
            SELECT count(DISTINCT (file_month, part)) - 1 AS older,
                   bool_or(newest = 1 AND c_qty = '0') AS removed
            FROM versions GROUP BY dist, c_id
        )
        SELECT (SELECT count(*) FROM out), coalesce(sum(older), 0),
               count(*) FILTER (WHERE removed)
        FROM per_id
    """).fetchone()
    quarantined = sum(p.quarantined for p in planted)
    return {
        "FACT": int(read) - int(superseded) - int(removed) - quarantined,
        "SUPERSEDED": int(superseded),
        "REMOVED": int(removed),
        "QUARANTINED": quarantined,
    }


def _write_feeds(
    root: Path,
    people: list[dimensions.Partner],
    cal: list[Month],
    estimates: pd.DataFrame,
    seed: int,
    config: Program,
) -> int:
    requests, bad = feeds.build_requests(people, cal, seed, config)
    writer.write_csv(
        root / "requests.csv",
        ["request_id", "request_type", "partner_id", "country", "submitted_at", "responded_at"],
        requests,
    )
    claims, payments = feeds.build_claims_and_payments(people, cal, estimates, seed, config)
    writer.write_csv(
        root / "claims.csv",
        ["claim_id", "partner_id", "fiscal_quarter", "reward_type", "amount_usd", "submitted_at"],
        claims,
    )
    writer.write_csv(
        root / "payments.csv",
        ["payment_id", "partner_id", "claim_id", "fiscal_quarter", "amount_usd", "paid_on"],
        payments,
    )
    return bad
