"""The fault landing folder: every kind of bad or odd input the overview speaks of (The landing
folder), in one folder, with the outcome it gives each. tests/test_ingest_faults.py lands it;
tests/test_fault_run.py runs the whole pipeline on it."""

from pathlib import Path

HEADER = "report_line_id,invoice_date,reseller_account,sku,quantity,unit_price,currency"
LONG_NAME = "x" * 10_000_000  # a 10 MB field

# file (under sell_through/) -> its bytes
REPORTS: dict[str, bytes] = {
    "ZED/UPPER.CSV": f"{HEADER}\nU1,2026-10-01,A1,S1,1,10.00,USD\n".encode(),
    # Blank lines, whitespace-only lines and all-empty records, before the header too.
    "ZED/blanks.csv": (
        f"\n   \n,,\n{HEADER}\nB1,2026-10-01,A1,S1,1,10.00,USD\n  \n,,,,,,\n\t, ,\n"
        "B2,2026-10-01,A1,S1,2,10.00,USD\n"
    ).encode(),
    "ZED/latin1.csv": f"{HEADER}\nL1,2026-10-01,Müller,S1,1,10.00,USD\n".encode("latin-1"),
    "ZED/utf16.csv": f"{HEADER}\nW1,2026-10-01,A1,S1,1,10.00,USD\n".encode("utf-16"),
    "ZED/nul.csv": f"{HEADER}\nN1,2026-10-01,A1,S1,1,10.00,USD\n".encode().replace(
        b"10.00", b"1\0"
    ),
    "ZED/crlf.csv": "\r\n".join(
        [HEADER, "C1,2026-10-01,A1,S1,1,10.00,USD", "C2,2026-10-01,A1,S1,1,1,USD", ""]
    ).encode(),
    "ZED/cr.csv": "\r".join(
        [HEADER, "R1,2026-10-01,A1,S1,1,10.00,USD", "R2,2026-10-01,A1,S1,1,1,USD", ""]
    ).encode(),
    # Hand-edited: CRLF, LF and CR in one file (The landing folder, in the overview, allows it);
    # line numbers stay physical.
    "ZED/mixed.csv": (
        f"{HEADER}\r\nX1,2026-10-01,A1,S1,1,10.00,USD\nX2,2026-10-01,A1,S1,2,10.00,USD\r"
        "X3,2026-10-01,A1,S1,1,1,USD\r\n"
    ).encode(),
    "ZED/quoted.csv": (
        b"report_line_id,invoice_date,reseller_account,sku,quantity,unit_price,currency,"
        b'end_customer_name\nQ1,2026-10-01,A1,S1,1,10.00,USD,"Smith, Jones\nand ""Sons"", Ltd"\n'
    ),
    "ZED/header_only.csv": f"{HEADER}\n".encode(),
    "ZED/empty.csv": b"",
    "ZED/only_blank_lines.csv": b"\n  \n,,\n",
    "ZED/long_field.csv": (
        f"{HEADER},end_customer_name\nF1,2026-10-01,A1,S1,1,10.00,USD,{LONG_NAME}\n"
    ).encode(),
    "ZED/thousands_unquoted.csv": f"{HEADER}\nT1,2026-10-01,A1,S1,1,1,234.00,USD\n".encode(),
    "ZED/thousands_quoted.csv": f'{HEADER}\nT2,2026-10-01,A1,S1,1,"1,234.00",USD\n'.encode(),
    "ZED/exponent.csv": f"{HEADER}\nE1,2026-10-01,A1,S1,1,1e3,USD\n".encode(),
    "ZED/future.csv": f"{HEADER}\nFU1,2027-06-30,A1,S1,1,10.00,USD\n".encode(),
    "ZED/Bericht März 2026 [1] *.csv": f"{HEADER}\nM1,2026-10-01,A1,S1,1,10.00,USD\n".encode(),
    "NOMAPPING/report.csv": f"{HEADER}\nNM1,2026-10-01,A1,S1,1,10.00,USD\n".encode(),
    # The same report landed twice under two names: the later name's version counts.
    "ZED/twice_a.csv": f"{HEADER}\nD1,2026-10-01,A1,S1,3,10.00,USD\n".encode(),
    "ZED/twice_b.csv": f"{HEADER}\nD1,2026-10-01,A1,S1,3,10.00,USD\n".encode(),
    # A removal is checked only up to its quantity: an unknown SKU and currency do not matter.
    "ZED/removal.csv": f"{HEADER}\nRM1,2026-10-01,A1,NO-SUCH-SKU,0,,XXX\n".encode(),
}
# What is not read, and why: reported as IGNORED, never silent.
IGNORED = {
    "README.md": "NOT_A_LANDING_FILE",
    "old/": "NOT_A_LANDING_FILE",
    "sell_through/stray.csv": "NOT_IN_A_DISTRIBUTOR_FOLDER",
    "sell_through/ZED/notes.txt": "NOT_A_REPORT",
    "sell_through/ZED/report.csv.bak": "NOT_A_REPORT",
    "sell_through/ZED/archive/": "SUBFOLDER",
}
REJECTED = {
    "sell_through/ZED/latin1.csv": "NOT_UTF8",
    "sell_through/ZED/utf16.csv": "NOT_UTF8",
    "sell_through/ZED/nul.csv": "NOT_CSV",
    "sell_through/ZED/empty.csv": "NO_HEADER",
    "sell_through/ZED/only_blank_lines.csv": "NO_HEADER",
    "sell_through/ZED/thousands_unquoted.csv": "FIELD_COUNT_MISMATCH",
}
LINES = {  # loaded report -> its lines
    "sell_through/ZED/UPPER.CSV": 1,
    "sell_through/ZED/blanks.csv": 2,
    "sell_through/ZED/crlf.csv": 2,
    "sell_through/ZED/cr.csv": 2,
    "sell_through/ZED/mixed.csv": 3,
    "sell_through/ZED/quoted.csv": 1,
    "sell_through/ZED/header_only.csv": 0,
    "sell_through/ZED/long_field.csv": 1,
    "sell_through/ZED/thousands_quoted.csv": 1,
    "sell_through/ZED/exponent.csv": 1,
    "sell_through/ZED/future.csv": 1,
    "sell_through/ZED/Bericht März 2026 [1] *.csv": 1,
    "sell_through/NOMAPPING/report.csv": 1,
    "sell_through/ZED/twice_a.csv": 1,
    "sell_through/ZED/twice_b.csv": 1,
    "sell_through/ZED/removal.csv": 1,
}


def write_fault_landing(landing: Path) -> None:
    """The fault folder: master files for partner P1 (account A1 at ZED and NOMAPPING, SKU S1)
    and every report above, with files that are not landing files beside them."""
    landing.mkdir(parents=True)
    # P1 twice once trimmed: the first row counts, the second is reported. Line ends mixed, as
    # a master file edited by hand has them: read all the same (a broken master stops the run).
    (landing / "partners.csv").write_bytes(
        b"partner_id,partner_name,country,region\r\nP1,A,US,NA\n P1 ,B,DE,EMEA\r\n"
    )
    (landing / "partner_accounts.csv").write_text(
        "distributor_id,reseller_account,partner_id\nZED,A1,P1\nNOMAPPING,A1,P1\n"
    )
    (landing / "products.csv").write_text("sku,product_line,is_service\nS1,PC,false\n")
    for name, content in REPORTS.items():
        path = landing / "sell_through" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    (landing / "README.md").write_text("about this folder\n")
    (landing / "old").mkdir()
    (landing / "old" / "partners.csv").write_text("partner_id\n")
    (landing / "sell_through" / "stray.csv").write_text(f"{HEADER}\n")
    (landing / "sell_through" / "ZED" / "notes.txt").write_text("notes\n")
    (landing / "sell_through" / "ZED" / "report.csv.bak").write_text(f"{HEADER}\n")
    (landing / "sell_through" / "ZED" / "archive").mkdir()
    (landing / "sell_through" / "ZED" / "archive" / "old.csv").write_text(f"{HEADER}\n")
