"""The demo generator writes the landing folder (overview: The landing folder),
deterministically."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from pathlib import Path

import duckdb
import pytest
import yaml

from dagster_project.demo import DemoSummary, generate_demo

CONFIG = Path(__file__).resolve().parents[1] / "config" / "distributors.yml"
SMALL = {"partners": 40, "months": 6, "lines": 5_000, "first_month": "2024-04"}
DISTRIBUTORS = ("ALSTON", "BRIXTON", "CORVID", "DUNMORE", "EUROLINK", "PACIFICA")
CANONICAL = [
    "report_line_id", "invoice_date", "reseller_account", "end_customer_id",
    "end_customer_name", "end_customer_country", "end_customer_segment", "sku", "quantity",
    "unit_price", "currency", "deal_id",
]  # fmt: skip
TOP_LEVEL_HEADERS = {
    "partners.csv": ["partner_id", "partner_name", "country", "region", "enrolled_on", "status"],
    "partner_accounts.csv": ["distributor_id", "reseller_account", "partner_id"],
    "contacts.csv": ["partner_id", "email", "name", "personas"],
    "products.csv": ["sku", "description", "product_line", "category", "is_service", "solution"],
    "fx_rates.csv": ["month", "currency", "usd_per_unit"],
    "market_growth.csv": ["fiscal_quarter", "product_line", "region", "growth_rate"],
    "requests.csv": [
        "request_id", "request_type", "partner_id", "country", "submitted_at", "responded_at",
    ],
    "claims.csv": [
        "claim_id", "partner_id", "fiscal_quarter", "reward_type", "amount_usd", "submitted_at",
    ],
    "payments.csv": [
        "payment_id", "partner_id", "claim_id", "fiscal_quarter", "amount_usd", "paid_on",
    ],
}  # fmt: skip
MONTHS = ["2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09"]


def _formats() -> dict[str, dict]:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["distributors"]


def _delimiter(dist: str) -> str:
    return _formats().get(dist, {}).get("delimiter", ",")


def _date_format(dist: str) -> str:
    return _formats().get(dist, {}).get("date_format", "%Y-%m-%d")


def _mapping(dist: str) -> dict[str, str]:
    """canonical -> header used by the distributor."""
    columns = _formats().get(dist, {}).get("columns") or {}
    return {c: columns.get(c, c) for c in CANONICAL}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return generate_demo(tmp_path_factory.mktemp("a") / "landing", **SMALL)


@pytest.fixture(scope="module")
def con(demo: DemoSummary) -> duckdb.DuckDBPyConnection:
    """All readable report lines as canonical text columns, plus the small files."""
    db = duckdb.connect()
    root = demo.path
    for name in ("partner_accounts", "products", "fx_rates", "partners", "contacts"):
        db.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
            [str(root / f"{name}.csv")],
        )
    parts = []
    for dist in DISTRIBUTORS:
        files = sorted(
            str(p)
            for p in (root / "sell_through" / dist).glob("*.csv")
            if p.relative_to(root).as_posix() != demo.rejected_file
        )
        listed = ", ".join(f"'{f}'" for f in files)
        select = ", ".join(f'"{head}" AS {canon}' for canon, head in _mapping(dist).items())
        parts.append(
            f"SELECT '{dist}' AS dist, parse_filename(filename) AS file, {select} "
            f"FROM read_csv([{listed}], delim = '{_delimiter(dist)}', quote = '\"', "
            f"escape = '\"', header = true, all_varchar = true, filename = true)"
        )
    db.execute("CREATE TABLE lines AS " + " UNION ALL ".join(parts))
    return db


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _rows(path: Path, delimiter: str = ",") -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


def test_every_expected_file_exists(demo: DemoSummary) -> None:
    for name in TOP_LEVEL_HEADERS:
        assert (demo.path / name).is_file(), name
    for dist in DISTRIBUTORS:
        for month in MONTHS:
            assert (demo.path / "sell_through" / dist / f"{dist}_{month}.csv").is_file()
    restated = sorted(p.name for p in (demo.path / "sell_through").rglob("*_r*.csv"))
    assert len(restated) >= 4  # three corrections (one with an _r2) and the broken file
    assert demo.files == len(list((demo.path / "sell_through").rglob("*.csv")))
    assert demo.distributors == len(DISTRIBUTORS) and demo.partners == SMALL["partners"]


def test_file_names_sort_in_report_order(demo: DemoSummary) -> None:
    names = sorted(p.name for p in (demo.path / "sell_through" / "PACIFICA").glob("*.csv"))
    r1 = next(i for i, n in enumerate(names) if n.endswith("_r1.csv"))
    assert names[r1 - 1] == names[r1].replace("_r1", "")  # after its own month...
    assert names[r1 + 1].endswith("_r2.csv")  # ...then the second correction
    assert names[r1 + 2] > names[r1 + 1] and "_r" not in names[r1 + 2]  # ...then next month


def test_top_level_headers(demo: DemoSummary) -> None:
    for name, header in TOP_LEVEL_HEADERS.items():
        assert _rows(demo.path / name)[0] == header, name
    # contacts.csv is a CRM export with a byte-order mark, which the contract accepts.
    assert (demo.path / "contacts.csv").read_bytes().startswith(b"\xef\xbb\xbfpartner_id")


def test_report_headers_follow_the_mapping(demo: DemoSummary) -> None:
    for dist in DISTRIBUTORS:
        for path in (demo.path / "sell_through" / dist).glob("*.csv"):
            header = _rows(path, _delimiter(dist))[0]
            expected = set(_mapping(dist).values())
            assert expected <= set(header), path.name
            assert set(header) - expected <= {"branch"}, path.name  # an ignored extra column


def test_eurolink_and_pacifica_use_their_own_format(demo: DemoSummary, con) -> None:
    assert _delimiter("EUROLINK") == ";"
    for path in (demo.path / "sell_through" / "EUROLINK").glob("*.csv"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.split(";") == list(_mapping("EUROLINK").values())
    for dist in ("EUROLINK", "PACIFICA"):
        bad = con.execute(
            "SELECT count(*) FROM lines WHERE dist = ? AND try_strptime(invoice_date, ?) IS NULL",
            [dist, _date_format(dist)],
        ).fetchone()[0]
        assert bad == 1  # only the planted invalid date


def test_exactly_one_file_is_structurally_broken(demo: DemoSummary) -> None:
    broken = []
    for dist in DISTRIBUTORS:
        for path in (demo.path / "sell_through" / dist).glob("*.csv"):
            rows = _rows(path, _delimiter(dist))
            if any(len(r) != len(rows[0]) for r in rows[1:]):
                broken.append(path.relative_to(demo.path).as_posix())
    assert broken == [demo.rejected_file]


def test_requested_line_count(demo: DemoSummary) -> None:
    total = 0
    for dist in DISTRIBUTORS:
        for path in (demo.path / "sell_through" / dist).glob("*.csv"):
            total += len(_rows(path, _delimiter(dist))) - 1
    assert total == demo.lines
    assert abs(total - SMALL["lines"]) <= SMALL["lines"] * 0.01
    assert sum(demo.outcomes.values()) + 10 == demo.lines  # the rejected file has 10 rows


def test_same_seed_same_bytes_other_seed_differs(demo: DemoSummary, tmp_path: Path) -> None:
    again = generate_demo(tmp_path / "again", **SMALL)
    other = generate_demo(tmp_path / "other", **SMALL, seed=8)
    assert _digest(again.path) == _digest(demo.path)
    assert _digest(other.path) != _digest(demo.path)


def _count(con, sql: str) -> int:
    return con.execute(f"SELECT count(*) FROM lines WHERE {sql}").fetchone()[0]


def test_every_quarantine_reason_is_planted(demo: DemoSummary, con) -> None:
    date_ok = " OR ".join(
        f"(dist = '{d}' AND try_strptime(trim(invoice_date), '{_date_format(d)}') IS NOT NULL)"
        for d in DISTRIBUTORS
    )
    found = {
        "MISSING_REPORT_LINE_ID": _count(con, "coalesce(trim(report_line_id), '') = ''"),
        "DUPLICATE_LINE_IN_FILE": con.execute(
            "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM lines "
            "WHERE trim(report_line_id) <> '' GROUP BY dist, file, report_line_id HAVING n > 1)"
        ).fetchone()[0],
        "INVALID_DATE": _count(con, f"NOT ({date_ok})"),
        "INVALID_QUANTITY": _count(con, r"NOT regexp_full_match(quantity, '-?\d+')"),
        "INVALID_PRICE": _count(con, "try_cast(unit_price AS DECIMAL(18, 2)) IS NULL "
                                     "OR try_cast(unit_price AS DECIMAL(18, 2)) < 0"),
        "UNKNOWN_RESELLER_ACCOUNT": _count(
            con, "(dist, reseller_account) NOT IN "
                 "(SELECT (distributor_id, reseller_account) FROM partner_accounts)"
        ),
        "UNKNOWN_SKU": _count(con, "sku NOT IN (SELECT sku FROM products)"),
    }  # fmt: skip
    for reason, expected in demo.quarantined.items():
        if reason != "MISSING_FX_RATE":
            assert found[reason] >= expected >= 1, reason
    # The planted values themselves, as the brief describes them.
    assert _count(con, "quantity = '2.5'") == 1
    assert _count(con, "unit_price IS NULL") >= 1
    assert _count(con, "unit_price = 'abc'") >= 1
    assert _count(con, "unit_price LIKE '-%'") >= 1
    bad_dates = con.execute(
        "SELECT dist, invoice_date FROM lines WHERE NOT (" + date_ok + ") ORDER BY dist"
    ).fetchall()
    assert ("ALSTON", "2024-06-31") in bad_dates  # June has 30 days
    assert ("EUROLINK", "32.07.2024") in bad_dates  # the same mistake in EUROLINK's format
    assert _count(con, "sku = lower(sku) AND lower(sku) IN (SELECT lower(sku) FROM products)") == 1


def test_missing_fx_rate_hole(demo: DemoSummary, con) -> None:
    currency, month = demo.fx_hole
    rates = _rows(demo.path / "fx_rates.csv")[1:]
    assert (month, currency) not in {(m, c) for m, c, _ in rates}
    assert any(c == currency for _, c, _ in rates)  # a hole, not an unknown currency
    months = {m for m, _, _ in rates}
    assert months == set(MONTHS)
    assert all(re.fullmatch(r"\d+\.\d{6,10}", r) for _, _, r in rates)
    hits = con.execute(
        "SELECT count(*) FROM lines WHERE dist = 'EUROLINK' AND currency = ? "
        "AND strftime(strptime(invoice_date, ?), '%Y-%m') = ?",
        [currency, _date_format("EUROLINK"), month],
    ).fetchone()[0]
    assert hits == demo.quarantined["MISSING_FX_RATE"] == 4


def test_market_growth_has_its_holes(demo: DemoSummary) -> None:
    rows = _rows(demo.path / "market_growth.csv")[1:]
    keys = {(q, line, region) for q, line, region, _ in rows}
    quarters = {q for q, _, _ in keys}
    full = {(q, ln, r) for q in quarters for ln in ("PC", "DATA_CENTER")
            for r in ("NA", "LA", "EMEA", "AP")}  # fmt: skip
    assert full - keys == demo.market_growth_holes
    assert len(demo.market_growth_holes) == 2
    assert all(re.fullmatch(r"-?\d+\.\d{3}", g) for *_, g in rows)


def test_money_is_plain_decimal(con, demo: DemoSummary) -> None:
    odd = _count(con, r"NOT regexp_full_match(coalesce(unit_price, ''), '\d+\.\d{2}')")
    assert odd == 6  # empty, 'abc' twice, two negatives, 'N/A': no float artefacts elsewhere
    for name in ("claims.csv", "payments.csv"):
        amounts = [r[4] for r in _rows(demo.path / name)[1:]]
        assert all(re.fullmatch(r"\d+\.\d{2}", a) or a == "1.234,56" for a in amounts), name


def test_restatements_change_quantities_dates_and_remove(con) -> None:
    versions = con.execute("""
        SELECT a.quantity AS q0, b.quantity AS q1, a.invoice_date AS d0, b.invoice_date AS d1
        FROM lines a JOIN lines b
          ON a.dist = b.dist AND a.report_line_id = b.report_line_id AND a.file < b.file
        WHERE a.dist = 'ALSTON'
    """).fetchall()
    assert any(q1 == "0" for _, q1, _, _ in versions)
    assert any(q0 != q1 and q1 != "0" for q0, q1, _, _ in versions)
    assert any(d0[:7] != d1[:7] for _, _, d0, d1 in versions)  # moved to the next quarter


def test_dimensions_are_plausible(con) -> None:
    regions = dict(con.execute("SELECT region, count(*) FROM partners GROUP BY 1").fetchall())
    assert set(regions) == {"NA", "LA", "EMEA", "AP"}
    assert _scalar(con, "SELECT count(*) FROM partners WHERE status = 'TERMINATED'") >= 1
    assert _scalar(con, "SELECT count(*) FROM partners WHERE partner_id NOT IN "
                        "(SELECT partner_id FROM contacts)") >= 1  # fmt: skip
    per_partner = con.execute(
        "SELECT count(DISTINCT distributor_id) FROM partner_accounts GROUP BY partner_id"
    ).fetchall()
    assert {n for (n,) in per_partner} <= {1, 2, 3}
    assert _scalar(con, "SELECT count(*) FROM products WHERE is_service = 'true'") >= 3
    missing = _scalar(con, "SELECT avg((end_customer_id IS NULL)::INT) FROM lines")
    assert 0.08 <= missing <= 0.25


def _scalar(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_refuses_a_non_empty_folder_unless_overwrite(tmp_path: Path) -> None:
    (tmp_path / "something.txt").write_text("x")
    with pytest.raises(FileExistsError):
        generate_demo(tmp_path, partners=12, months=3, lines=2_000)
    summary = generate_demo(tmp_path, partners=12, months=3, lines=2_000, overwrite=True)
    assert (tmp_path / "something.txt").exists()
    assert abs(summary.lines - 2_000) <= 20  # tiny: a planted case may find no line to use
    with pytest.raises(ValueError):
        generate_demo(tmp_path / "tiny", partners=3)


def test_by_default_the_months_end_with_todays_fiscal_quarter(tmp_path: Path) -> None:
    # Fiscal years start in April: today's quarter ends in June, September, December or March.
    today = dt.date.today()
    summary = generate_demo(tmp_path / "now", partners=12, months=3, lines=2_000)
    months = sorted(p.stem.split("_")[1] for p in summary.path.glob("sell_through/ALSTON/*.csv"))
    last = dt.date.fromisoformat(months[-1] + "-01")
    assert last.month in (3, 6, 9, 12)
    assert 0 <= (last.year - today.year) * 12 + last.month - today.month <= 2


def test_corrections_send_a_second_file_per_distributor_and_month(tmp_path: Path) -> None:
    summary = generate_demo(
        tmp_path / "vendor", partners=40, months=6, lines=40_000, first_month="2024-04",
        corrections=True,
    )  # fmt: skip
    for dist in DISTRIBUTORS:
        names = {p.name for p in (summary.path / "sell_through" / dist).glob("*.csv")}
        for month in MONTHS:
            assert {f"{dist}_{month}.csv", f"{dist}_{month}_r1.csv"} <= names
    # About 1.5% of the lines restated and 0.2% removed, each restatement superseding one line.
    base = summary.lines - summary.outcomes["SUPERSEDED"]
    assert 0.012 * base < summary.outcomes["SUPERSEDED"] < 0.025 * base
    assert 0.001 * base < summary.outcomes["REMOVED"] < 0.004 * base
    assert summary.rejected_file.endswith("_r3.csv")
