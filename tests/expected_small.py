"""Expected marts for the hand-made landing folder tests/fixtures/small_landing.

Worked out by hand from the program's rules as the dbt docs' overview states them
(dbt/models/overview.md: Fiscal calendar, The landing folder, Revenue, Tiers, Outputs) and
config/distributors.yml, never from pipeline code. Every figure is a literal; money is exact and
unrounded (compare with ==, so Decimal('108341.2500000000') equals Decimal('108341.25')).

Fiscal calendar (year starts in April; FY2027 = 2026-04-01 .. 2027-03-31):

    FY2026-Q1 2025-04..06   FY2026-Q2 2025-07..09   FY2026-Q3 2025-10..12   FY2026-Q4 2026-01..03
    FY2027-Q1 2026-04..06   FY2027-Q2 2026-07..09   FY2027-Q3 2026-10..12   FY2027-Q4 2027-01..03

As-of 2026-11-15T12:00:00Z lies in FY2027-Q3, which is still open. History starts at FY2026-Q3,
the quarter of the earliest FACT lines (ALSTON 4001 on 2025-10-15, BRAVO 7001 on 2025-11-03). Lines
outside the fact do not move it: quarantined ALSTON 9004 is dated 2025-06-10 (FY2026-Q1).

Fixture files, by distributor, in the order they apply (plain code-point order of file names):

    ALSTON   ALSTON_2026-03-31.csv       canonical columns + an extra `note` column, padded values
             ALSTON_2026-06-30.csv       columns reordered, header names in mixed case (`SKU`, ...),
                                         optional end_customer_name/country columns absent
             ALSTON_2026-09-30.csv       canonical
             ALSTON_2026-11-10.csv       canonical, without the optional deal_id/segment columns
             ALSTON_2026-11-12.csv       canonical: lines for the rewards (ledger below)
             ALSTON_2026-11-30_bad.csv   REJECTED: required column `sku` missing
    BRAVO    BRAVO_2026-01.csv           UTF-8 byte-order mark, header names in upper case
             BRAVO_2026-11.csv           canonical
             BRAVO_2026-11_ragged.csv    REJECTED: its 2nd data row has 8 fields, the header 7
             BRAVO_2026-12.csv           a services deal's hardware, a credit-only service
    EUROLINK EUROLINK_2026-08.csv        EUROLINK's own format: `;`, German headers, dd.mm.yyyy
             EUROLINK_2026-11.csv        the same format: the services deal's service line

Reference data: products.csv writes product lines as `pc`, `PC`, `Data_Center`, `DATA_CENTER`
(the fact holds the canonical `PC` / `DATA_CENTER`); partners.csv pads ` P003 ` and writes regions
as `na`, `emea`, `Ap`; partner_accounts.csv pads ` A-400 `. fx_rates.csv has EUR for 2026-05,
2026-06, 2026-07 and 2026-10 and GBP (only) for 2026-08, so EUR in August has no rate.
market_growth.csv has FY2027-Q3 only: PC EMEA 0.05, DATA_CENTER EMEA -0.02, PC NA 0.03 (no AP).
"""

from decimal import Decimal

AS_OF = "2026-11-15T12:00:00Z"
AS_OF_QUARTER = "FY2027-Q3"

# Every quarter from history start to the as-of quarter: the partner_tiers grid.
QUARTERS = ("FY2026-Q3", "FY2026-Q4", "FY2027-Q1", "FY2027-Q2", "FY2027-Q3")

PARTNER_NAMES = {
    "P001": "Aurora Tech",
    "P002": "Boreal Networks",
    "P003": "Cobalt Solutions",
    "P004": "Delta Digital",
    "P005": "Ember Retail",
    "P006": "Fjord Enterprise",
    "P007": "Granite Labs",
}

AL1 = "sell_through/ALSTON/ALSTON_2026-03-31.csv"
AL2 = "sell_through/ALSTON/ALSTON_2026-06-30.csv"
AL3 = "sell_through/ALSTON/ALSTON_2026-09-30.csv"
AL4 = "sell_through/ALSTON/ALSTON_2026-11-10.csv"
AL5 = "sell_through/ALSTON/ALSTON_2026-11-12.csv"
AL_BAD = "sell_through/ALSTON/ALSTON_2026-11-30_bad.csv"
BR1 = "sell_through/BRAVO/BRAVO_2026-01.csv"
BR2 = "sell_through/BRAVO/BRAVO_2026-11.csv"
BR_RAGGED = "sell_through/BRAVO/BRAVO_2026-11_ragged.csv"
BR3 = "sell_through/BRAVO/BRAVO_2026-12.csv"
EL1 = "sell_through/EUROLINK/EUROLINK_2026-08.csv"
EL2 = "sell_through/EUROLINK/EUROLINK_2026-11.csv"

# ---------------------------------------------------------------------------------------------
# marts.fct_sell_through: the surviving version of every line (21 rows).
# net_revenue_usd = quantity x unit_price x usd_per_unit of the invoice month (USD = 1).
# ---------------------------------------------------------------------------------------------
FCT_COLUMNS = (
    "distributor_id",
    "report_line_id",
    "partner_id",
    "invoice_date",
    "fiscal_quarter",
    "end_customer_id",
    "sku",
    "product_line",
    "quantity",
    "net_revenue_usd",
    "source_file",
)

# fmt: off
FCT_SELL_THROUGH = [
    # 400 x 3000.00 = 1,200,000.00. Earliest fact line: history starts at FY2026-Q3.
    ("ALSTON", "4001", "P004", "2025-10-15", "FY2026-Q3", "C-900", "DC-500", "DATA_CENTER",
     400, Decimal("1200000.00"), AL1),
    # Every value padded with spaces (trimmed); product line written `pc` in products.csv.
    # 60 x 2500.00 = 150,000.00. Same id "1001" as the EUROLINK line below: ids are per distributor.
    ("ALSTON", "1001", "P001", "2026-02-10", "FY2026-Q4", "C-100", "PC-100", "PC",
     60, Decimal("150000.00"), AL1),
    # A return: -150 x 3000.00 = -450,000.00 lowers FY2026-Q4 (the quarter it is invoiced in).
    ("ALSTON", "4002", "P004", "2026-03-05", "FY2026-Q4", "C-900", "DC-500", "DATA_CENTER",
     -150, Decimal("-450000.00"), AL1),
    # Restated from 2026-03-31 (FY2026-Q4, FY2026) to 2026-04-01 (FY2027-Q1): counts in the new
    # quarter. 2000 x 2600.00 = 5,200,000.00.
    ("ALSTON", "6001", "P006", "2026-04-01", "FY2027-Q1", "C-600", "DC-500", "DATA_CENTER",
     2000, Decimal("5200000.00"), AL2),
    # Restated quantity 30 -> 40 (value " 40 " padded): 40 x 2500.00 = 100,000.00.
    ("ALSTON", "1002", "P001", "2026-05-05", "FY2027-Q1", "C-101", "PC-100", "PC",
     40, Decimal("100000.00"), AL3),
    # 3 x 333,333.33 = 999,999.99: P002 ends 0.01 under the GOLD threshold.
    ("ALSTON", "2001", "P002", "2026-08-20", "FY2027-Q2", "C-200", "PC-200", "PC",
     3, Decimal("999999.99"), AL3),
    # Invoiced in FY2027-Q4, after the as-of quarter: in the fact, counted nowhere else
    # (were it counted, P002's FY2027-Q3 review would be 1,000,099.99 = GOLD).
    ("ALSTON", "2002", "P002", "2027-01-10", "FY2027-Q4", "C-202", "PC-100", "PC",
     1, Decimal("100.00"), AL4),
    # BRAVO_2026-01.csv has a byte-order mark and upper-case headers. 120 x 2500 = 300,000.
    ("BRAVO", "7001", "P007", "2025-11-03", "FY2026-Q3", "C-700", "PC-100", "PC",
     120, Decimal("300000"), BR1),
    # 10 x 1500.00 = 15,000.00.
    ("BRAVO", "3001", "P003", "2026-01-20", "FY2026-Q4", "C-300", "PC-200", "PC",
     10, Decimal("15000.00"), BR1),
    # Duplicated inside BRAVO_2026-01.csv, re-sent once in BRAVO_2026-11.csv: this single later
    # copy is the fact. 2 x 500.00 = 1,000.00.
    ("BRAVO", "3002", "P003", "2026-02-14", "FY2026-Q4", "C-301", "SVC-01", "DATA_CENTER",
     2, Decimal("1000.00"), BR2),
    # Quantity written "10.0" (a whole number). Invoiced 2026-11-20, after the as-of instant but
    # inside the open as-of quarter: it counts in FY2027-Q3. 10 x 2500.00 = 25,000.00.
    ("BRAVO", "7002", "P007", "2026-11-20", "FY2027-Q3", "C-701", "PC-100", "PC",
     10, Decimal("25000.00"), BR2),
    # EUROLINK mapping (`;`, Positions_ID, Rechnungsdatum 15.05.2026, ...), EUR at the 2026-05 rate:
    # 1000 x 1234.56 x 1.0834125 = 1,234,560 x 1.0834125 = 1,337,537.736.
    ("EUROLINK", "1001", "P003", "2026-05-15", "FY2027-Q1", "C-310", "DC-500", "DATA_CENTER",
     1000, Decimal("1337537.736"), EL1),
    # No end_customer_id (empty Endkunde_ID). EUR at the 2026-06 rate, not May's:
    # 20 x 999.99 = 19,999.80; 19,999.80 x 1.0791357 = 21,582.49817286.
    ("EUROLINK", "1004", "P003", "2026-06-01", "FY2027-Q1", None, "PC-200", "PC",
     20, Decimal("21582.49817286"), EL1),
    # --- the lines that exercise the rewards (REBATE_LEDGER below) ---
    # P006's PC in FY2026-Q3: the prior year of its growth in FY2027-Q3. 8 x 2500.00.
    ("ALSTON", "5001", "P006", "2025-10-20", "FY2026-Q3", "C-610", "PC-100", "PC",
     8, Decimal("20000.00"), AL5),
    # New customer C-950 bought twice on 2026-10-05 through ALSTON: "L10" < "L9" as text, so
    # P006 is credited, not P001. 8 x 2625.00 = 21,000.00 = 20,000 x 1.05: exactly at the market.
    ("ALSTON", "L10", "P006", "2026-10-05", "FY2027-Q3", "C-950", "PC-100", "PC",
     8, Decimal("21000.00"), AL5),
    ("ALSTON", "L9", "P001", "2026-10-05", "FY2027-Q3", "C-950", "PC-100", "PC",
     1, Decimal("2500.00"), AL5),
    # New customer C-960 without a segment; C-970 under the 1,000 minimum (999.99).
    ("ALSTON", "5003", "P006", "2026-10-07", "FY2027-Q3", "C-960", "DC-500", "DATA_CENTER",
     1, Decimal("3000.00"), AL5),
    ("ALSTON", "5004", "P006", "2026-10-08", "FY2027-Q3", "C-970", "DC-500", "DATA_CENTER",
     1, Decimal("999.99"), AL5),
    # Deal D-77 of P003: hardware through BRAVO, its service through EUROLINK (500 EUR x 1.1).
    ("BRAVO", "3101", "P003", "2026-10-20", "FY2027-Q3", "C-330", "DC-500", "DATA_CENTER",
     2, Decimal("6000.00"), BR3),
    ("EUROLINK", "1101", "P003", "2026-10-25", "FY2027-Q3", "C-330", "SVC-01", "DATA_CENTER",
     1, Decimal("550.00"), EL2),
    # A credit-only service line without a deal: a deal of its own that holds no positive service.
    ("BRAVO", "3102", "P003", "2026-10-22", "FY2027-Q3", None, "SVC-01", "DATA_CENTER",
     -1, Decimal("-500.00"), BR3),
]
# fmt: on

# ---------------------------------------------------------------------------------------------
# marts.sell_through_line_outcomes: every line read, exactly once (41 rows = every data row of
# the 10 files that are not rejected: 8 + 7 + 4 + 4 + 5 + 4 + 2 + 2 + 4 + 1). Lines of the two
# rejected files appear nowhere. reason is None unless QUARANTINED.
# ---------------------------------------------------------------------------------------------
OUTCOME_COLUMNS = ("distributor_id", "report_line_id", "source_file", "outcome", "reason")

# fmt: off
LINE_OUTCOMES = [
    # --- ALSTON_2026-03-31.csv ---
    ("ALSTON", "4001", AL1, "FACT", None),
    ("ALSTON", "1001", AL1, "FACT", None),  # padded values are trimmed
    ("ALSTON", "4002", AL1, "FACT", None),  # a return is a valid line
    # Moved to another quarter: this FY2026-Q4 version is replaced by ALSTON_2026-06-30's.
    ("ALSTON", "6001", AL1, "SUPERSEDED", None),
    # Empty report_line_id, everything else valid (would add 25,000 to P001 if let through).
    ("ALSTON", None, AL1, "QUARANTINED", "MISSING_REPORT_LINE_ID"),
    # 2026-02-30 is not a real date; nothing else is wrong.
    ("ALSTON", "9002", AL1, "QUARANTINED", "INVALID_DATE"),
    # Two reasons, order proven: month 13 (INVALID_DATE) comes before sku XX-999 (UNKNOWN_SKU).
    ("ALSTON", "9003", AL1, "QUARANTINED", "INVALID_DATE"),
    # Quantity "abc"; dated 2025-06-10 (FY2026-Q1), which must not start the history.
    ("ALSTON", "9004", AL1, "QUARANTINED", "INVALID_QUANTITY"),
    # --- ALSTON_2026-06-30.csv (reordered, mixed-case headers) ---
    ("ALSTON", "6001", AL2, "FACT", None),
    # First version of a restatement (quantity 30): replaced by ALSTON_2026-09-30's quantity 40.
    ("ALSTON", "1002", AL2, "SUPERSEDED", None),
    # Valid line (300,000 for P004) whose later version is quarantined: SUPERSEDED, and the line
    # leaves the fact (kept, P004 would earn GOLD again at FY2027-Q1).
    ("ALSTON", "4003", AL2, "SUPERSEDED", None),
    ("ALSTON", "9005", AL2, "QUARANTINED", "INVALID_QUANTITY"),  # quantity 2.5
    ("ALSTON", "9006", AL2, "QUARANTINED", "INVALID_PRICE"),  # unit_price -5.00
    ("ALSTON", "9007", AL2, "QUARANTINED", "INVALID_PRICE"),  # unit_price empty
    # Account B-07 exists, but for BRAVO only: accounts are per distributor.
    ("ALSTON", "9008", AL2, "QUARANTINED", "UNKNOWN_RESELLER_ACCOUNT"),
    # --- ALSTON_2026-09-30.csv ---
    ("ALSTON", "1002", AL3, "FACT", None),  # restatement: the new quantity 40 is the fact
    # Later version of 4003 with unknown sku DC-999: takes the line out of the fact.
    ("ALSTON", "4003", AL3, "QUARANTINED", "UNKNOWN_SKU"),
    ("ALSTON", "2001", AL3, "FACT", None),
    # 1 x 50,000.00 for P002, removed by ALSTON_2026-11-10 (kept, P002 would reach GOLD).
    ("ALSTON", "2003", AL3, "SUPERSEDED", None),
    # --- ALSTON_2026-11-10.csv (no deal_id / segment columns) ---
    ("ALSTON", "2003", AL4, "REMOVED", None),  # quantity 0, otherwise valid: a removal
    # The same id twice in the latest file holding it: both copies quarantined. The second copy
    # also has quantity 2.5: DUPLICATE_LINE_IN_FILE comes before INVALID_QUANTITY.
    ("ALSTON", "9001", AL4, "QUARANTINED", "DUPLICATE_LINE_IN_FILE"),
    ("ALSTON", "9001", AL4, "QUARANTINED", "DUPLICATE_LINE_IN_FILE"),
    ("ALSTON", "2002", AL4, "FACT", None),  # a FY2027-Q4 line stays in the fact
    # --- BRAVO_2026-01.csv (byte-order mark, upper-case headers) ---
    ("BRAVO", "7001", BR1, "FACT", None),
    ("BRAVO", "3001", BR1, "FACT", None),
    # Duplicated in this file, but BRAVO_2026-11.csv re-sends 3002: both copies SUPERSEDED.
    ("BRAVO", "3002", BR1, "SUPERSEDED", None),
    ("BRAVO", "3002", BR1, "SUPERSEDED", None),
    # --- BRAVO_2026-11.csv ---
    ("BRAVO", "3002", BR2, "FACT", None),
    ("BRAVO", "7002", BR2, "FACT", None),  # quantity "10.0" is whole
    # --- EUROLINK_2026-08.csv (EUROLINK's own format) ---
    ("EUROLINK", "1001", EL1, "FACT", None),  # EUR, 2026-05 rate 1.0834125
    ("EUROLINK", "1004", EL1, "FACT", None),  # EUR, 2026-06 rate; no end customer
    # EUR on 10.08.2026: fx_rates.csv has EUR for 2026-07 and GBP for 2026-08, no EUR for 2026-08.
    ("EUROLINK", "1002", EL1, "QUARANTINED", "MISSING_FX_RATE"),
    # Two reasons, order proven: unit_price "abc" (INVALID_PRICE) before the missing EUR rate.
    ("EUROLINK", "1003", EL1, "QUARANTINED", "INVALID_PRICE"),
    # --- the reward lines: all FACT ---
    ("ALSTON", "5001", AL5, "FACT", None),
    ("ALSTON", "L10", AL5, "FACT", None),
    ("ALSTON", "L9", AL5, "FACT", None),
    ("ALSTON", "5003", AL5, "FACT", None),
    ("ALSTON", "5004", AL5, "FACT", None),
    ("BRAVO", "3101", BR3, "FACT", None),
    ("BRAVO", "3102", BR3, "FACT", None),
    ("EUROLINK", "1101", EL2, "FACT", None),
]
# fmt: on

# ---------------------------------------------------------------------------------------------
# marts.rejected_files. Their lines re-send ids 2001 (quantity 4) and 7001 (quantity 1): had
# they been read, those lines would be SUPERSEDED and P002/P007's figures would change.
# ---------------------------------------------------------------------------------------------
REJECTED_COLUMNS = ("source_file", "reason")

REJECTED_FILES = [
    (AL_BAD, "MISSING_REQUIRED_COLUMN"),  # no `sku` column
    (BR_RAGGED, "FIELD_COUNT_MISMATCH"),  # row 7003 has an 8th field, the header 7 columns
]

# ---------------------------------------------------------------------------------------------
# marts.partner_tiers: 7 partners x 5 quarters = 35 rows.
#
# Thresholds (default): SILVER 250,000; GOLD 1,000,000; PLATINUM 5,000,000 (at or above earns).
# Revenue per quarter, from the fact lines above (quarters before history start hold nothing):
#
#             FY2026-Q3   FY2026-Q4   FY2027-Q1              FY2027-Q2    FY2027-Q3
#   P001              0     150,000     100,000 (1002)               0        2,500
#                         (AL 1001)                                                      (L9)
#   P002              0           0           0           999,999.99 (2001)      0   [+100 (2002)
#                                                                                      FY2027-Q4:
#                                                                                      ignored]
#   P003              0      16,000   1,359,120.23417286             0        6,050
#                      (3001 15,000   (EL 1001 1,337,537.736              (3101 6,000 + EL 1101
#                      + 3002 1,000)   + EL 1004 21,582.49817286)          550 - 3102 500)
#   P004      1,200,000    -450,000           0                      0            0
#                (4001)      (4002)
#   P005              0           0           0                      0            0
#   P006         20,000           0   5,200,000 (6001 moved here)    0    24,999.99
#                (5001)                                                  (L10 21,000 + 5003
#                                                                        3,000 + 5004 999.99)
#   P007        300,000           0           0                      0       25,000
#                (7001)                                                      (7002)
#
# review_revenue_usd(Q) = sum of the four quarters ending with Q:
#
#             FY2026-Q3    FY2026-Q4    FY2027-Q1           FY2027-Q2           FY2027-Q3
#   P001              0      150,000      250,000             250,000             252,500
#   P002              0            0            0          999,999.99          999,999.99
#   P003              0       16,000   1,375,120.23417286  1,375,120.23417286  1,381,170.23417286
#   P004      1,200,000      750,000      750,000             750,000            -450,000
#   P005              0            0            0                   0                   0
#   P006         20,000       20,000    5,220,000           5,220,000        5,224,999.99
#   P007        300,000      300,000      300,000             300,000              25,000
#
# (FY2027-Q3's window is FY2026-Q4..FY2027-Q3: P004's 1,200,000 and P007's 300,000 of FY2026-Q3
# have left it.)
#
# earned_tier(Q) follows from the review; tier_in_force(Q) = max(earned(Q-1), earned(Q-2)), with
# reviews before history start counting as AUTHORIZED ("no review yet"). next_tier = the tier
# above the one in force; gap = max(0, threshold(next_tier) - review_revenue_usd(Q)); both None
# with PLATINUM in force. at_risk = earned(Q) < tier_in_force(Q).
# ---------------------------------------------------------------------------------------------
TIER_COLUMNS = (
    "partner_id",
    "fiscal_quarter",
    "review_revenue_usd",
    "earned_tier",
    "tier_in_force",
    "next_tier",
    "gap_to_next_tier_usd",
    "at_risk",
)

# fmt: off
PARTNER_TIERS = [
    # P001 Aurora Tech: trailing revenue exactly 250,000.00 at FY2027-Q1 earns SILVER (at the
    # threshold counts); in force from FY2027-Q2 (max(earned FY2027-Q1 SILVER, FY2026-Q4 AUTH)).
    # Gap at FY2026-Q4 = 250,000 - 150,000; at FY2027-Q1 the review already reaches SILVER: 0.
    ("P001", "FY2026-Q3", Decimal("0"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("250000"), False),
    ("P001", "FY2026-Q4", Decimal("150000"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("100000"), False),
    ("P001", "FY2027-Q1", Decimal("250000"), "SILVER", "AUTHORIZED", "SILVER",
     Decimal("0"), False),
    ("P001", "FY2027-Q2", Decimal("250000"), "SILVER", "SILVER", "GOLD",
     Decimal("750000"), False),
    ("P001", "FY2027-Q3", Decimal("252500"), "SILVER", "SILVER", "GOLD",
     Decimal("747500"), False),
    # P002 Boreal Networks: 999,999.99 is 0.01 under GOLD, so it earns SILVER (FY2027-Q2),
    # in force at FY2027-Q3, where the gap to GOLD is exactly 0.01.
    ("P002", "FY2026-Q3", Decimal("0"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("250000"), False),
    ("P002", "FY2026-Q4", Decimal("0"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("250000"), False),
    ("P002", "FY2027-Q1", Decimal("0"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("250000"), False),
    ("P002", "FY2027-Q2", Decimal("999999.99"), "SILVER", "AUTHORIZED", "SILVER",
     Decimal("0"), False),
    ("P002", "FY2027-Q3", Decimal("999999.99"), "SILVER", "SILVER", "GOLD",
     Decimal("0.01"), False),
    # P003 Cobalt Solutions: promotion straight from AUTHORIZED to GOLD. Earned at the FY2027-Q1
    # review (1,375,120.23417286), in force immediately in FY2027-Q2.
    # Gap to PLATINUM = 5,000,000 - 1,375,120.23417286 = 3,624,879.76582714.
    ("P003", "FY2026-Q3", Decimal("0"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("250000"), False),
    ("P003", "FY2026-Q4", Decimal("16000"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("234000"), False),
    ("P003", "FY2027-Q1", Decimal("1375120.23417286"), "GOLD", "AUTHORIZED", "SILVER",
     Decimal("0"), False),
    ("P003", "FY2027-Q2", Decimal("1375120.23417286"), "GOLD", "GOLD", "PLATINUM",
     Decimal("3624879.76582714"), False),
    ("P003", "FY2027-Q3", Decimal("1381170.23417286"), "GOLD", "GOLD", "PLATINUM",
     Decimal("3618829.76582714"), False),
    # P004 Delta Digital: demotion with one quarter of grace.
    #   FY2026-Q3 earns GOLD (1,200,000); no review yet, so AUTHORIZED is in force.
    #   FY2026-Q4 in force GOLD = max(FY2026-Q3 GOLD, none); the return drops the review to
    #             750,000 = SILVER < GOLD: at risk. Gap to PLATINUM 5,000,000 - 750,000.
    #   FY2027-Q1 in force GOLD = max(FY2026-Q4 SILVER, FY2026-Q3 GOLD): the grace quarter.
    #   FY2027-Q2 in force SILVER = max(FY2027-Q1 SILVER, FY2026-Q4 SILVER): demoted.
    #   FY2027-Q3 the 1,200,000 left the window: review -450,000 earns AUTHORIZED < SILVER in
    #             force (max(FY2027-Q2, FY2027-Q1) = SILVER): at risk; gap to GOLD
    #             1,000,000 - (-450,000) = 1,450,000.
    ("P004", "FY2026-Q3", Decimal("1200000"), "GOLD", "AUTHORIZED", "SILVER",
     Decimal("0"), False),
    ("P004", "FY2026-Q4", Decimal("750000"), "SILVER", "GOLD", "PLATINUM",
     Decimal("4250000"), True),
    ("P004", "FY2027-Q1", Decimal("750000"), "SILVER", "GOLD", "PLATINUM",
     Decimal("4250000"), True),
    ("P004", "FY2027-Q2", Decimal("750000"), "SILVER", "SILVER", "GOLD",
     Decimal("250000"), False),
    ("P004", "FY2027-Q3", Decimal("-450000"), "AUTHORIZED", "SILVER", "GOLD",
     Decimal("1450000"), True),
    # P005 Ember Retail: in partners.csv, no account, no sales: a row for every quarter anyway,
    # AUTHORIZED, the gap is the full SILVER threshold.
    ("P005", "FY2026-Q3", Decimal("0"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("250000"), False),
    ("P005", "FY2026-Q4", Decimal("0"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("250000"), False),
    ("P005", "FY2027-Q1", Decimal("0"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("250000"), False),
    ("P005", "FY2027-Q2", Decimal("0"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("250000"), False),
    ("P005", "FY2027-Q3", Decimal("0"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("250000"), False),
    # P006 Fjord Enterprise: 5,200,000 moved by restatement from FY2026-Q4 into FY2027-Q1, so
    # the FY2026-Q4 review holds only 5001's 20,000 and PLATINUM is earned at FY2027-Q1, in force
    # from FY2027-Q2: next tier and gap are None.
    ("P006", "FY2026-Q3", Decimal("20000"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("230000"), False),
    ("P006", "FY2026-Q4", Decimal("20000"), "AUTHORIZED", "AUTHORIZED", "SILVER",
     Decimal("230000"), False),
    ("P006", "FY2027-Q1", Decimal("5220000"), "PLATINUM", "AUTHORIZED", "SILVER",
     Decimal("0"), False),
    ("P006", "FY2027-Q2", Decimal("5220000"), "PLATINUM", "PLATINUM", None, None, False),
    ("P006", "FY2027-Q3", Decimal("5224999.99"), "PLATINUM", "PLATINUM", None, None, False),
    # P007 Granite Labs: SILVER earned at FY2026-Q3 (300,000) and at every review while that
    # quarter is in the window (through FY2027-Q2). At FY2027-Q3 it has left: the review holds only
    # 7002's 25,000 (invoiced after the as-of instant, inside the quarter) = AUTHORIZED, below the
    # SILVER in force (max(FY2027-Q2 SILVER, FY2027-Q1 SILVER)): at risk; gap 1,000,000 - 25,000.
    ("P007", "FY2026-Q3", Decimal("300000"), "SILVER", "AUTHORIZED", "SILVER",
     Decimal("0"), False),
    ("P007", "FY2026-Q4", Decimal("300000"), "SILVER", "SILVER", "GOLD",
     Decimal("700000"), False),
    ("P007", "FY2027-Q1", Decimal("300000"), "SILVER", "SILVER", "GOLD",
     Decimal("700000"), False),
    ("P007", "FY2027-Q2", Decimal("300000"), "SILVER", "SILVER", "GOLD",
     Decimal("700000"), False),
    ("P007", "FY2027-Q3", Decimal("25000"), "AUTHORIZED", "SILVER", "GOLD",
     Decimal("975000"), True),
]
# fmt: on

# ---------------------------------------------------------------------------------------------
# marts.rebate_ledger (overview: Rewards), default rates. Tier in force from PARTNER_TIERS. The
# ledger holds a line for every reward whose gates pass and whose basis is positive, amount 0
# included (BASE at AUTHORIZED's 0%, a new logo without a segment); amount = basis x rate rounded
# half away from zero to cents.
#
# GROWTH_AT_MARKET: only FY2027-Q3 has a prior-year quarter (FY2026-Q3) inside the history.
#   P006 PC: prior 20,000 (5001) x (1 + 0.05, PC EMEA) = 21,000.00 = current: at the market,
#            earned at PLATINUM's 2%: 420.00 (coverage 100%).
#   P007 PC: prior 300,000, no AP market row: pending (PENDING_REWARDS), not in the ledger.
#   P004 DATA_CENTER: prior 1,200,000 but no revenue in FY2027-Q3: nothing.
# NEW_LOGO: only FY2027-Q3 has the whole four-quarter lookback (FY2026-Q3..FY2027-Q2) inside the
#   history. Its new customers: C-950 (credited to P006 by "L10" < "L9": LARGE_ENTERPRISE 500;
#   P001's L9 earns nothing), C-960 (P006, no segment: 0.00, note SEGMENT_UNKNOWN; basis 3,000),
#   C-970 (P006, basis 999.99 < 1,000: nothing), C-330 (P003, first line 3101 SMB; basis 6,000 +
#   550 = 6,550: 200), C-701 (P007, SMB, basis 25,000: 200).
# SERVICES: BRAVO:3002 (P003 FY2026-Q4, a service line without a deal, 1,000 x 2% = 20.00);
#   D-77 (P003 FY2027-Q3: 3101 hardware 6,000 through BRAVO + EUROLINK 1101 service 550 = 6,550
#   x 2% = 131.00); BRAVO:3102 (credit-only service line) holds no positive service: nothing;
#   P-77 (EUROLINK 1001, hardware only): nothing.
# SOLUTION: PC-200 is WORKSTATION: P002 FY2027-Q2 999,999.99 x 1% = 9,999.9999 -> 10,000.00;
#   P003 FY2026-Q4 15,000 -> 150.00; P003 FY2027-Q1 21,582.49817286 -> 215.8249817286 -> 215.82.
# ---------------------------------------------------------------------------------------------
LEDGER_COLUMNS = (
    "partner_id",
    "fiscal_quarter",
    "reward_type",
    "product_line",
    "reference",
    "basis_usd",
    "rate",
    "amount_usd",
    "note",
)

# fmt: off
REBATE_LEDGER = [
    # BASE: every partner x quarter x product line with positive revenue, at the tier in force.
    ("P001", "FY2026-Q4", "BASE", "PC", "PC", Decimal("150000"), Decimal("0"), Decimal("0"), None),
    ("P001", "FY2027-Q1", "BASE", "PC", "PC", Decimal("100000"), Decimal("0"), Decimal("0"), None),
    # SILVER in force: 2,500 x 1.0%.
    ("P001", "FY2027-Q3", "BASE", "PC", "PC", Decimal("2500"), Decimal("0.01"), Decimal("25.00"),
     None),
    ("P002", "FY2027-Q2", "BASE", "PC", "PC", Decimal("999999.99"), Decimal("0"), Decimal("0"),
     None),
    ("P003", "FY2026-Q4", "BASE", "PC", "PC", Decimal("15000"), Decimal("0"), Decimal("0"), None),
    ("P003", "FY2026-Q4", "BASE", "DATA_CENTER", "DATA_CENTER", Decimal("1000"), Decimal("0"),
     Decimal("0"), None),
    ("P003", "FY2027-Q1", "BASE", "DATA_CENTER", "DATA_CENTER", Decimal("1337537.736"),
     Decimal("0"), Decimal("0"), None),
    ("P003", "FY2027-Q1", "BASE", "PC", "PC", Decimal("21582.49817286"), Decimal("0"),
     Decimal("0"), None),
    # GOLD in force: 6,050 x 2.5% = 151.25 (the credit of 3102 lowers the basis).
    ("P003", "FY2027-Q3", "BASE", "DATA_CENTER", "DATA_CENTER", Decimal("6050"),
     Decimal("0.025"), Decimal("151.25"), None),
    ("P004", "FY2026-Q3", "BASE", "DATA_CENTER", "DATA_CENTER", Decimal("1200000"),
     Decimal("0"), Decimal("0"), None),
    # P004 FY2026-Q4: DATA_CENTER -450,000, a negative basis: no line.
    ("P006", "FY2026-Q3", "BASE", "PC", "PC", Decimal("20000"), Decimal("0"), Decimal("0"), None),
    ("P006", "FY2027-Q1", "BASE", "DATA_CENTER", "DATA_CENTER", Decimal("5200000"), Decimal("0"),
     Decimal("0"), None),
    # PLATINUM in force: 21,000 x 3% = 630.00; 3,999.99 x 4% = 159.9996 -> 160.00.
    ("P006", "FY2027-Q3", "BASE", "PC", "PC", Decimal("21000"), Decimal("0.03"),
     Decimal("630.00"), None),
    ("P006", "FY2027-Q3", "BASE", "DATA_CENTER", "DATA_CENTER", Decimal("3999.99"),
     Decimal("0.04"), Decimal("160.00"), None),
    ("P007", "FY2026-Q3", "BASE", "PC", "PC", Decimal("300000"), Decimal("0"), Decimal("0"), None),
    ("P007", "FY2027-Q3", "BASE", "PC", "PC", Decimal("25000"), Decimal("0.01"),
     Decimal("250.00"), None),
    # GROWTH_AT_MARKET
    ("P006", "FY2027-Q3", "GROWTH_AT_MARKET", "PC", "PC", Decimal("21000"), Decimal("0.02"),
     Decimal("420.00"), None),
    # NEW_LOGO: flat amounts, no rate, not per product line.
    ("P006", "FY2027-Q3", "NEW_LOGO", None, "C-950", Decimal("21000"), None, Decimal("500.00"),
     None),
    ("P006", "FY2027-Q3", "NEW_LOGO", None, "C-960", Decimal("3000"), None, Decimal("0"),
     "SEGMENT_UNKNOWN"),
    ("P003", "FY2027-Q3", "NEW_LOGO", None, "C-330", Decimal("6550"), None, Decimal("200.00"),
     None),
    ("P007", "FY2027-Q3", "NEW_LOGO", None, "C-701", Decimal("25000"), None, Decimal("200.00"),
     None),
    # SERVICES
    ("P003", "FY2026-Q4", "SERVICES", None, "BRAVO:3002", Decimal("1000"), Decimal("0.02"),
     Decimal("20.00"), None),
    ("P003", "FY2027-Q3", "SERVICES", None, "D-77", Decimal("6550"), Decimal("0.02"),
     Decimal("131.00"), None),
    # SOLUTION
    ("P002", "FY2027-Q2", "SOLUTION", None, "WORKSTATION", Decimal("999999.99"), Decimal("0.01"),
     Decimal("10000.00"), None),
    ("P003", "FY2026-Q4", "SOLUTION", None, "WORKSTATION", Decimal("15000"), Decimal("0.01"),
     Decimal("150.00"), None),
    ("P003", "FY2027-Q1", "SOLUTION", None, "WORKSTATION", Decimal("21582.49817286"),
     Decimal("0.01"), Decimal("215.82"), None),
]
# fmt: on

PENDING_COLUMNS = ("partner_id", "fiscal_quarter", "reward_type", "product_line", "reason")
PENDING_REWARDS = [("P007", "FY2027-Q3", "GROWTH_AT_MARKET", "PC", "MARKET_GROWTH_MISSING")]

# marts.partner_statements.total_rewards_usd: the ledger's sum per partner and quarter, worked out
# from the lines above; every other partner x quarter of the grid is 0.
TOTAL_REWARDS = {
    ("P001", "FY2027-Q3"): Decimal("25.00"),
    ("P002", "FY2027-Q2"): Decimal("10000.00"),
    ("P003", "FY2026-Q4"): Decimal("170.00"),  # 0 + 0 + 20.00 + 150.00
    ("P003", "FY2027-Q1"): Decimal("215.82"),
    ("P003", "FY2027-Q3"): Decimal("482.25"),  # 151.25 + 200.00 + 131.00
    ("P006", "FY2027-Q3"): Decimal("1710.00"),  # 630 + 160 + 420 + 500 + 0
    ("P007", "FY2027-Q3"): Decimal("450.00"),  # 250 + 200
}


# --- Turnaround SLAs (overview) ----------------------------------------------------------
# requests.csv, as of 2026-11-15 12:00:00 UTC; targets PRICE_QUOTE 24 h, DEAL_REGISTRATION 48 h,
# CLAIM 720 h. Offsets converted to UTC; no offset = UTC. Turnaround hours to 9 decimals.
#   R01  11-02 09:00Z -> 11-03 09:00Z          24 h exactly: MET
#   R02  11-03 10:00-05:00 = 15:00Z -> 11-04 15:00:01Z   24 h 1 s = 24.000277778: BREACHED;
#        no country: its partner's (P001, US)
#   R03  11-05 08:00Z -> 11-05 14:30+01:00 = 13:30Z      5.5 h: MET
#   R04  11-06 00:00Z -> 02:00Z                2 h: MET
#   R05  open since 11-14 12:00Z: 24 h old at the as-of time, exactly the target: PENDING
#   R06  open since 11-14 11:59:59Z: 24 h 1 s old: BREACHED
#   R07  10-01 00:30+02:00 = 09-30 22:30Z: FY2027-Q2 (not Q3); -> 10-02 12:00Z 37.5 h: MET; CA
#   R08  08-10 09:00Z -> 08-13 09:00Z          72 h: BREACHED (48)
#   R09  08-11 09:00Z -> 21:00Z                12 h: MET
#   R10  claim 11-10 08:00Z -> 11-20 08:00Z    240 h, answered after the as-of time: MET
#   R12  claim open since 11-01: 348 h old < 720: PENDING; R13 submitted after the as-of: PENDING
#   R14  P006 (NO) sends country `se`: SE; 2 h: MET
#   R18  type `price_quote` (case-insensitive); 11-09 10:00-03:00 -> 11-10 10:00-03:00 24 h: MET
#   R19  07-01 00:00 (no offset: UTC) -> 07-03 00:00:00.000001Z: 48 h and 1 microsecond:
#        BREACHED, its hours 48.000000000 to 9 decimals
#   R21  P099 is not in partners.csv and sends no country: kept, country empty; 1 h: MET
# Quarantined: R11 answered an hour before it was submitted, R15 type RMA, the line without an
# id, R16 submitted `15/11/2026 10:00`, R17 responded `n/a`, R20 twice (both copies).
SLA_REQUEST_COLUMNS = (
    "request_id",
    "request_type",
    "partner_id",
    "country",
    "fiscal_quarter",
    "turnaround_hours",
    "target_hours",
    "sla_status",
)
Q2, Q3 = "FY2027-Q2", "FY2027-Q3"
PQ, DR, CL = "PRICE_QUOTE", "DEAL_REGISTRATION", "CLAIM"
# fmt: off
SLA_REQUESTS = [
    ("R01", PQ, "P001", "US", Q3, Decimal("24"), 24, "MET"),
    ("R02", PQ, "P001", "US", Q3, Decimal("24.000277778"), 24, "BREACHED"),
    ("R03", PQ, "P001", "US", Q3, Decimal("5.5"), 24, "MET"),
    ("R04", PQ, "P001", "US", Q3, Decimal("2"), 24, "MET"),
    ("R05", PQ, "P001", "US", Q3, None, 24, "PENDING"),
    ("R06", PQ, "P001", "US", Q3, None, 24, "BREACHED"),
    ("R07", DR, "P002", "CA", Q2, Decimal("37.5"), 48, "MET"),
    ("R08", DR, "P002", "CA", Q2, Decimal("72"), 48, "BREACHED"),
    ("R09", DR, "P002", "CA", Q2, Decimal("12"), 48, "MET"),
    ("R10", CL, "P003", "DE", Q3, Decimal("240"), 720, "MET"),
    ("R12", CL, "P004", "FR", Q3, None, 720, "PENDING"),
    ("R13", CL, "P004", "FR", Q3, None, 720, "PENDING"),
    ("R14", PQ, "P006", "SE", Q3, Decimal("2"), 24, "MET"),
    ("R18", PQ, "P005", "BR", Q3, Decimal("24"), 24, "MET"),
    ("R19", DR, "P007", "JP", Q2, Decimal("48"), 48, "BREACHED"),
    ("R21", PQ, "P099", None, Q3, Decimal("1"), 24, "MET"),
]
REQUEST_QUARANTINE_COLUMNS = ("request_id", "reason", "line_number")
REQUEST_QUARANTINE = [
    ("R11", "RESPONSE_BEFORE_SUBMISSION", 12),
    ("R15", "UNKNOWN_REQUEST_TYPE", 16),
    (None, "MISSING_REQUEST_ID", 17),
    ("R16", "INVALID_SUBMITTED_AT", 18),
    ("R17", "INVALID_RESPONDED_AT", 19),
    ("R20", "DUPLICATE_REQUEST_ID", 22),
    ("R20", "DUPLICATE_REQUEST_ID", 23),
]

# Attainment = MET / (MET + BREACHED) to 9 decimals; percentiles over answered requests,
# h = p x (n - 1) on the ascending turnarounds x1..xn, x(floor h + 1) + frac(h) x (next - it).
#   P001 PQ Q3: 6 requests, 3 met, 2 breached (R02, R06), 1 pending; 3/5 = 0.6. Answered
#     2, 5.5, 24, 24 h 1 s: median h = 1.5: 5.5 + 0.5 x 18.5 = 14.75; p90 h = 2.7:
#     24 h + 0.7 s = 86,400.7 s / 3600 = 24.000194444(4).
#   P002 DR Q2: 12, 37.5, 72: 2/3 = 0.666666667; median 37.5; p90 h = 1.8: 37.5 + 0.8 x 34.5 = 65.1
#   P004 CL Q3: only pending: attainment and percentiles empty.
#   P007 DR Q2: one breached answer: 0/1 = 0; both percentiles 48 h + 1 us = 48.000000000.
SLA_ATTAINMENT_COLUMNS = (
    "request_type", "fiscal_quarter", "requests", "met", "breached", "pending",
    "attainment_rate", "median_hours", "p90_hours",
)
SLA_ATTAINMENT = [
    ("P001", PQ, Q3, 6, 3, 2, 1, Decimal("0.6"), Decimal("14.75"), Decimal("24.000194444")),
    ("P002", DR, Q2, 3, 2, 1, 0, Decimal("0.666666667"), Decimal("37.5"), Decimal("65.1")),
    ("P003", CL, Q3, 1, 1, 0, 0, Decimal("1"), Decimal("240"), Decimal("240")),
    ("P004", CL, Q3, 2, 0, 0, 2, None, None, None),
    ("P005", PQ, Q3, 1, 1, 0, 0, Decimal("1"), Decimal("24"), Decimal("24")),
    ("P006", PQ, Q3, 1, 1, 0, 0, Decimal("1"), Decimal("2"), Decimal("2")),
    ("P007", DR, Q2, 1, 0, 1, 0, Decimal("0"), Decimal("48"), Decimal("48")),
    ("P099", PQ, Q3, 1, 1, 0, 0, Decimal("1"), Decimal("1"), Decimal("1")),
]
# By country: each partner above has its own country here, except P006's request (SE) and
# R21's (unknown); US PRICE_QUOTE in FY2027-Q3 is 60%, below the 90% floor: the only one flagged.
SLA_ATTAINMENT_BY_COUNTRY = [
    ("US", PQ, Q3, 6, 3, 2, 1, Decimal("0.6"), Decimal("14.75"), Decimal("24.000194444")),
    ("CA", DR, Q2, 3, 2, 1, 0, Decimal("0.666666667"), Decimal("37.5"), Decimal("65.1")),
    ("DE", CL, Q3, 1, 1, 0, 0, Decimal("1"), Decimal("240"), Decimal("240")),
    ("FR", CL, Q3, 2, 0, 0, 2, None, None, None),
    ("BR", PQ, Q3, 1, 1, 0, 0, Decimal("1"), Decimal("24"), Decimal("24")),
    ("SE", PQ, Q3, 1, 1, 0, 0, Decimal("1"), Decimal("2"), Decimal("2")),
    ("JP", DR, Q2, 1, 0, 1, 0, Decimal("0"), Decimal("48"), Decimal("48")),
    (None, PQ, Q3, 1, 1, 0, 0, Decimal("1"), Decimal("1"), Decimal("1")),
]
SLA_BELOW_FLOOR = [("US", PQ, Decimal("0.6"))]
# fmt: on


# --- claims and reconciliation (overview: Claims) ------------------------------------------------
# claims.csv, as of 2026-11-15 12:00 UTC (FY2027-Q3 open). Entitlement = the ledger's total for
# partner x quarter x reward type (REBATE_LEDGER above); tolerance 1.00 USD.
#   P002 FY2027-Q2 SOLUTION, entitlement 10000.00:
#     C01 (10-05) 10001.00 = entitlement + 1.00: APPROVED for 10000.00
#     C02 (10-06) after an approved claim: DUPLICATE
#   P003 FY2027-Q1 SOLUTION, entitlement 215.82 (file order C04, C03; submission order C03, C04):
#     C03 (07-20) 216.83 = entitlement + 1.01: PARTIAL for 215.82
#     C04 (07-25) after a partly approved claim: DUPLICATE
#   P003 FY2026-Q4 SERVICES, entitlement 20.00: C05 (04-10) amount `20,00`: unreadable, REJECTED,
# its key readable, so its entitlement shown (overview: Claims);
#     C06 (04-12) 20.00, after a rejected claim: decided normally, APPROVED for 20.00
#   P003 FY2026-Q4 BASE, entitlement 0.00 (a line at AUTHORIZED's 0%): C07 REJECTED
#   P003 FY2026-Q4 SOLUTION, entitlement 150.00: C10 and C11 submitted at the same instant, C11
#     first in the file and in lower case (`fy2026-q4`): by claim_id C10 APPROVED, C11 DUPLICATE
#   C08 P001 FY2027-Q3 BASE and C09 P007 FY2027-Q3 GROWTH_AT_MARKET (only pending there): the
#     quarter is open: REJECTED
#   C14 P001 `FY2027-Q5`: no such quarter: unreadable, REJECTED
D = Decimal  # keeps the rows below on one line each
CLAIM_COLUMNS = (
    "claim_id",
    "partner_id",
    "fiscal_quarter",
    "reward_type",
    "amount_claimed_usd",
    "entitlement_usd",
    "decision",
    "amount_approved_usd",
)
# fmt: off
CLAIM_DECISIONS = [
    ("C01", "P002", "FY2027-Q2", "SOLUTION", D("10001"), D("10000.00"), "APPROVED", D("10000.00")),
    ("C02", "P002", "FY2027-Q2", "SOLUTION", D("10000.00"), D("10000.00"), "DUPLICATE", D("0")),
    ("C03", "P003", "FY2027-Q1", "SOLUTION", D("216.83"), D("215.82"), "PARTIAL", D("215.82")),
    ("C04", "P003", "FY2027-Q1", "SOLUTION", D("215.82"), D("215.82"), "DUPLICATE", D("0")),
    ("C05", "P003", "FY2026-Q4", "SERVICES", None, D("20.00"), "REJECTED", D("0")),
    ("C06", "P003", "FY2026-Q4", "SERVICES", D("20.00"), D("20.00"), "APPROVED", D("20.00")),
    ("C07", "P003", "FY2026-Q4", "BASE", D("50.00"), D("0"), "REJECTED", D("0")),
    ("C08", "P001", "FY2027-Q3", "BASE", D("25.00"), D("25.00"), "REJECTED", D("0")),
    ("C09", "P007", "FY2027-Q3", "GROWTH_AT_MARKET", D("100.00"), D("0"), "REJECTED", D("0")),
    ("C10", "P003", "FY2026-Q4", "SOLUTION", D("150.00"), D("150.00"), "APPROVED", D("150.00")),
    ("C11", "P003", "FY2026-Q4", "SOLUTION", D("150.00"), D("150.00"), "DUPLICATE", D("0")),
    ("C14", "P001", "FY2027-Q5", "BASE", D("25.00"), None, "REJECTED", D("0")),
]
# fmt: on

# payments.csv: PM1 10000.00 and PM2 250.00 for C01 (P002 FY2027-Q2): matched, overpaid by 250.00;
# PM3 20.00 without a claim_id and PM4 100.00 naming C03, a claim of FY2027-Q1, as FY2026-Q4
# (P003): both unmatched; PM5 amount `abc`: unreadable, in no total.
PAYMENT_QUARANTINE = [("PM5", "INVALID_AMOUNT")]
RECONCILIATION_COLUMNS = (
    "partner_id",
    "fiscal_quarter",
    "accrued_usd",
    "approved_usd",
    "paid_usd",
    "outstanding_usd",
    "overpaid",
    "unmatched_payments",
)
# Every partner x quarter with a ledger line (TOTAL_REWARDS, 0 where only 0.00 lines), a claim
# with a readable partner and quarter, or a payment that counts.
# fmt: off
REBATE_RECONCILIATION = [
    ("P001", "FY2026-Q4", D("0"), D("0"), D("0"), D("0"), False, 0),
    ("P001", "FY2027-Q1", D("0"), D("0"), D("0"), D("0"), False, 0),
    ("P001", "FY2027-Q3", D("25.00"), D("0"), D("0"), D("0"), False, 0),
    # approved C01 10000.00; paid PM1 + PM2 = 10250.00; outstanding -250.00
    ("P002", "FY2027-Q2", D("10000.00"), D("10000.00"), D("10250.00"), D("-250.00"), True, 0),
    # approved C06 20.00 + C10 150.00; paid PM3 20.00 + PM4 100.00, both unmatched
    ("P003", "FY2026-Q4", D("170.00"), D("170.00"), D("120.00"), D("50.00"), False, 2),
    ("P003", "FY2027-Q1", D("215.82"), D("215.82"), D("0"), D("215.82"), False, 0),
    ("P003", "FY2027-Q3", D("482.25"), D("0"), D("0"), D("0"), False, 0),
    ("P004", "FY2026-Q3", D("0"), D("0"), D("0"), D("0"), False, 0),
    ("P006", "FY2026-Q3", D("0"), D("0"), D("0"), D("0"), False, 0),
    ("P006", "FY2027-Q1", D("0"), D("0"), D("0"), D("0"), False, 0),
    ("P006", "FY2027-Q3", D("1710.00"), D("0"), D("0"), D("0"), False, 0),
    ("P007", "FY2026-Q3", D("0"), D("0"), D("0"), D("0"), False, 0),
    ("P007", "FY2027-Q3", D("450.00"), D("0"), D("0"), D("0"), False, 0),
]
# fmt: on
