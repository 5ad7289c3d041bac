"""Ingestion of single files: rejection reasons, typing at the contract's edges, lineage."""

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest import reader
from dagster_project.ingest.landing import RequiredFileError, land_folder
from dagster_project.ingest.mappings import ReportFormat, load_report_formats

AS_OF = datetime(2026, 11, 15, 12, tzinfo=UTC)
HEADER = "report_line_id,invoice_date,reseller_account,sku,quantity,unit_price,currency\n"


def _masters(landing: Path) -> None:
    (landing / "partners.csv").write_text("partner_id,partner_name,country,region\nP1,A,US,NA\n")
    (landing / "partner_accounts.csv").write_text(
        "distributor_id,reseller_account,partner_id\nD1,A1,P1\n"
    )
    (landing / "products.csv").write_text("sku,product_line,is_service\nS1,PC,false\n")


def _report(landing: Path, name: str, content: bytes, distributor: str = "D1") -> None:
    folder = landing / "sell_through" / distributor
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)


def _land(tmp_path: Path) -> tuple[Path, dict[str, tuple[str, str] | None]]:
    raw = tmp_path / "raw"
    report = land_folder(tmp_path / "landing", raw, AS_OF, load_report_formats())
    outcome = {
        f.source_file: (f.rejection.reason, f.rejection.detail) if f.rejection else None
        for f in report.files
    }
    return raw, outcome


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    path = tmp_path / "landing"
    path.mkdir()
    _masters(path)
    return path


def test_each_unreadable_file_is_rejected_with_its_reason(landing: Path, tmp_path: Path) -> None:
    # An empty last field is a field: this file is whole.
    _report(landing, "a_ok.csv", (HEADER + "L1,2026-05-01,A1,S1,1,1.00,\n").encode())
    _report(landing, "b_latin1.csv", (HEADER + "L2,2026-05-01,Café,S1,1,1,USD\n").encode("latin-1"))
    _report(landing, "c_ragged.csv", (HEADER + "L3,2026-05-01,A1,S1,1,1.00\n").encode())
    _report(landing, "d_empty.csv", b"")
    _report(
        landing,
        "e_no_sku.csv",
        b"report_line_id,invoice_date,reseller_account,quantity,"
        b"unit_price,currency\nL5,2026-05-01,A1,1,1,USD\n",
    )
    _report(
        landing, "f_twice.csv", (HEADER.strip() + ",SKU\nL6,2026-05-01,A1,S1,1,1,USD,S2\n").encode()
    )
    _report(landing, "g_quote.csv", (HEADER + 'L7,"2026-05-01"x,A1,S1,1,1,USD\n').encode())
    # One field too many, and empty: DuckDB alone reads it as a trailing delimiter.
    _report(landing, "h_trailing.csv", (HEADER + "L8,2026-05-01,A1,S1,1,1,USD,\n").encode())
    raw, outcome = _land(tmp_path)
    reasons = {path.split("/")[-1]: value[0] if value else None for path, value in outcome.items()}
    assert reasons == {
        "partners.csv": None,
        "partner_accounts.csv": None,
        "products.csv": None,
        "a_ok.csv": None,
        "b_latin1.csv": "NOT_UTF8",
        "c_ragged.csv": "FIELD_COUNT_MISMATCH",
        "d_empty.csv": "NO_HEADER",
        "e_no_sku.csv": "MISSING_REQUIRED_COLUMN",
        "f_twice.csv": "DUPLICATE_COLUMN",
        "g_quote.csv": "NOT_CSV",
        "h_trailing.csv": "FIELD_COUNT_MISMATCH",
    }
    assert "line 2" in outcome["sell_through/D1/h_trailing.csv"][1]
    assert "sku" in outcome["sell_through/D1/e_no_sku.csv"][1]
    lines = duckdb.sql(f"SELECT source_file FROM '{raw}/sell_through_lines/*.parquet'").fetchall()
    assert lines == [("sell_through/D1/a_ok.csv",)], "nothing of a rejected file is loaded"


def test_values_are_typed_at_the_contract_edges(landing: Path, tmp_path: Path) -> None:
    rows = [
        " L1 , 2026-05-01 , A1 ,S1, 3.0 ,1234.567891,usd\u00a0",  # trimmed; 3.0 is whole
        "L2,2026-02-30,A1,S1,2.5,-1,USD",  # not a real date; not whole; negative kept
        "L3,2026-5-1,A1,S1,abc,1.1234567,EUR",  # not YYYY-MM-DD; not a whole number
        "L4,2026-05-01,A1,S1,-2,,USD",  # a return; empty price
        'L5,2026-05-01,A1,S1,1,0.12345678,"US\nD"',  # a quoted newline is CSV; 8 decimals held
    ]
    _report(landing, "a.csv", ("\ufeff" + HEADER + "\n".join(rows) + "\n").encode())
    raw, _ = _land(tmp_path)
    got = duckdb.sql(
        f"""SELECT report_line_id, line_number, invoice_date, quantity, unit_price, currency
            FROM '{raw}/sell_through_lines/*.parquet' ORDER BY line_number"""
    ).fetchall()
    assert got == [
        ("L1", 2, datetime(2026, 5, 1).date(), 3, Decimal("1234.567891"), "USD"),
        ("L2", 3, None, None, Decimal("-1"), "USD"),
        ("L3", 4, None, None, Decimal("1.1234567"), "EUR"),
        ("L4", 5, datetime(2026, 5, 1).date(), -2, None, "USD"),
        ("L5", 6, datetime(2026, 5, 1).date(), 1, Decimal("0.12345678"), "US\nD"),
    ]


def test_rates_keep_sixteen_decimals_and_reject_more(landing: Path, tmp_path: Path) -> None:
    (landing / "fx_rates.csv").write_text(
        "month,currency,usd_per_unit\n2026-05,IDR,0.0000645161290323\n"
        "2026-06,IDR,0.00006451612903225806\n2026-13,EUR,1.08\n"
    )
    raw, _ = _land(tmp_path)
    got = duckdb.sql(
        f"SELECT month, currency, usd_per_unit FROM '{raw}/fx_rates.parquet' ORDER BY line_number"
    ).fetchall()
    assert got == [
        (datetime(2026, 5, 1).date(), "IDR", Decimal("0.0000645161290323")),
        (datetime(2026, 6, 1).date(), "IDR", None),  # 20 decimals cannot be held exactly
        (None, "EUR", Decimal("1.08")),  # no month 13
    ]


def test_a_mapped_distributor_is_read_through_its_format(landing: Path, tmp_path: Path) -> None:
    header = "Positions_ID;Rechnungsdatum;Haendler_Konto;Artikelnummer;Menge;Einzelpreis;Waehrung\n"
    _report(
        landing,
        "e.csv",
        (
            header + "E1;31.05.2026;A1;S1;2;3,5;EUR\nE2;1.6.2026;A1;S1;2;3.5;EUR\n"
            "E3;01.06.26;A1;S1;2;3.5;EUR\n"
        ).encode(),
        "EUROLINK",
    )
    raw, outcome = _land(tmp_path)
    assert outcome["sell_through/EUROLINK/e.csv"] is None
    got = duckdb.sql(
        f"""SELECT distributor_id, report_line_id, invoice_date, unit_price, unit_price_text
            FROM '{raw}/sell_through_lines/*.parquet' ORDER BY line_number"""
    ).fetchall()
    assert got == [
        ("EUROLINK", "E1", datetime(2026, 5, 31).date(), None, "3,5"),  # `,` is no separator
        ("EUROLINK", "E2", datetime(2026, 6, 1).date(), Decimal("3.5"), "3.5"),
        ("EUROLINK", "E3", None, Decimal("3.5"), "3.5"),  # a two-digit year is no date
    ]


def test_a_missing_master_file_stops_the_landing_naming_it(landing: Path, tmp_path: Path) -> None:
    (landing / "products.csv").unlink()
    with pytest.raises(RequiredFileError, match="products.csv"):
        _land(tmp_path)


def _raw_rows(raw: Path) -> dict[str, list[tuple]]:
    """Every raw table's rows, sorted: what the models read."""
    tables = {
        "lines": f"'{raw}/sell_through_lines/*.parquet'",
        "files": f"'{raw}/landing_files.parquet'",
        "partners": f"'{raw}/partners.parquet'",
    }
    return {
        name: duckdb.sql(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for name, t in tables.items()
    }


def test_a_cached_landing_equals_a_clean_one_after_files_change(
    landing: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    _report(landing, "a.csv", (HEADER + "L1,2026-05-01,A1,S1,1,1.00,USD\n").encode())
    _report(landing, "b.csv", (HEADER + "L2,2026-05-01,A1,S1,2,1.00,USD\n").encode())
    _report(landing, "c.csv", (HEADER + "L3,2026-05-01,A1,S1,3,1.00,USD\n").encode())
    _report(landing, "bad.csv", b"")
    first = land_folder(landing, tmp_path / "raw1", AS_OF, load_report_formats(), cache)
    assert len(first.read()) == len(first.files) == 7  # 3 masters, 4 reports: all read
    # A month later: b changed, c removed, d added; a, the masters and the bad file stay.
    _report(landing, "b.csv", (HEADER + "L2,2026-05-01,A1,S1,5,1.00,USD\n").encode())
    (landing / "sell_through" / "D1" / "c.csv").unlink()
    _report(landing, "d.csv", (HEADER + "L4,2026-06-01,A1,S1,4,1.00,USD\n").encode())
    cached = land_folder(landing, tmp_path / "raw2", AS_OF, load_report_formats(), cache)
    clean = land_folder(landing, tmp_path / "raw3", AS_OF, load_report_formats())
    assert sorted(f.source_file for f in cached.read()) == [
        "sell_through/D1/b.csv",
        "sell_through/D1/d.csv",
    ]
    assert [dataclasses.replace(f, cached=False) for f in cached.files] == clean.files
    assert _raw_rows(tmp_path / "raw2") == _raw_rows(tmp_path / "raw3")
    # The removed file's entry is gone; the bad file's rejection is kept like a landed file.
    assert len(list(cache.glob("*.json"))) == 7


def test_a_changed_report_format_reads_the_file_again(landing: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _report(landing, "a.csv", (HEADER + "L1,01.05.2026,A1,S1,1,1.00,USD\n").encode())
    land_folder(landing, tmp_path / "raw1", AS_OF, load_report_formats(), cache)
    german = {"D1": ReportFormat(date_format="%d.%m.%Y")}
    again = land_folder(landing, tmp_path / "raw2", AS_OF, german, cache)
    assert [f.source_file for f in again.read()] == ["sell_through/D1/a.csv"]
    dates = duckdb.sql(
        f"SELECT invoice_date FROM '{tmp_path}/raw2/sell_through_lines/*.parquet'"
        " WHERE report_line_id = 'L1'"
    ).fetchall()
    assert dates == [(datetime(2026, 5, 1).date(),)]


@pytest.mark.parametrize(
    ("tail", "kinds"),
    [
        (b"\r\nL1\r\n", {"CRLF"}),
        (b"\r", {"CR"}),
        (b"\r\nL1\n", {"CRLF", "LF"}),
        (b"\rL1\r\n", {"CR", "CRLF"}),
        (b"\r\r\nL1\r", {"CR", "CRLF"}),  # CR, then a CRLF whose LF is past the next CR
    ],
)
def test_line_ends_are_told_apart_across_chunks(
    tmp_path: Path, tail: bytes, kinds: set[str]
) -> None:
    # The first chunk ends in the CR: a CRLF split between two reads is one CRLF.
    path = tmp_path / "report.csv"
    path.write_bytes(b"h" * (reader._CHUNK - 1) + tail)

    assert reader.line_ends(path) == kinds


def test_a_file_with_mixed_line_ends_is_read_with_its_physical_line_numbers(
    landing: Path, tmp_path: Path
) -> None:
    lines = [
        b"L1,2026-05-01,A1,S1,1,1.00,USD\n",
        b"L2,2026-05-01,A1,S1,2,1.00,USD\r",
        b"L3,2026-05-01,A1,S1,3,1.00,USD\r\n",
        b"L4,2026-05-01,A1,S1,4,1.00,USD",
    ]
    _report(landing, "mixed.csv", HEADER.encode().replace(b"\n", b"\r\n") + b"".join(lines))
    raw, outcome = _land(tmp_path)

    assert outcome["sell_through/D1/mixed.csv"] is None
    rows = duckdb.sql(
        f"SELECT report_line_id, quantity, currency, line_number"
        f" FROM '{raw}/sell_through_lines/*.parquet' ORDER BY quantity"
    ).fetchall()
    assert rows == [(f"L{n}", n, "USD", n + 1) for n in range(1, 5)]
