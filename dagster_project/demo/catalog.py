"""Static reference data of the demo world: SKUs, distributors, countries, name parts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Product:
    sku: str
    description: str
    product_line: str  # PC | DATA_CENTER
    category: str  # TOP_SELLER | CTO | "" (services)
    is_service: bool
    solution: str  # "" | SMART_OFFICE | WORKSTATION | EDUCATION
    list_cents: int  # USD list price; not part of products.csv, drives unit prices
    weight: float  # relative popularity inside its (line, service) group


def _p(
    sku: str, desc: str, line: str, cat: str, price: int, weight: float, solution: str = ""
) -> Product:
    return Product(sku, desc, line, cat, cat == "", solution, price * 100, weight)


PC, DC = "PC", "DATA_CENTER"
TS, CTO, SVC = "TOP_SELLER", "CTO", ""

PRODUCTS: tuple[Product, ...] = (
    _p("NB-14G5-TS", "Vantage 14 G5 notebook, i5, 16 GB, 512 GB", PC, TS, 899, 9.0, "SMART_OFFICE"),
    _p("NB-14G5-CTO", "Vantage 14 G5 notebook, configure to order", PC, CTO, 1199, 4.0),
    _p("NB-16G5-TS", "Vantage 16 G5 notebook, i7, 32 GB, 1 TB", PC, TS, 1099, 6.0),
    _p("NB-13X-TS", "Vantage X13 ultralight notebook", PC, TS, 1499, 4.0, "SMART_OFFICE"),
    _p("NB-13X-CTO", "Vantage X13 ultralight, configure to order", PC, CTO, 1799, 2.0),
    _p("ED-11C-TS", "Vantage Edu 11 cloudbook", PC, TS, 299, 4.0, "EDUCATION"),
    _p("ED-11R-TS", "Vantage Edu 11 rugged notebook", PC, TS, 399, 3.0, "EDUCATION"),
    _p("ED-CART-30", "Classroom charging cart, 30 slots", PC, TS, 1499, 0.8, "EDUCATION"),
    _p("DT-M70-TS", "Vantage M70 mini desktop", PC, TS, 699, 5.0, "SMART_OFFICE"),
    _p("DT-T90-CTO", "Vantage T90 tower desktop, configure to order", PC, CTO, 999, 3.0),
    _p("WS-P5-CTO", "P5 tower workstation, configure to order", PC, CTO, 3299, 1.5, "WORKSTATION"),
    _p("WS-P7-CTO", "P7 dual-socket workstation, CTO", PC, CTO, 6899, 0.6, "WORKSTATION"),
    _p("WS-M16-TS", "M16 mobile workstation", PC, TS, 2799, 1.5, "WORKSTATION"),
    _p("MN-27Q-TS", "27-inch QHD monitor", PC, TS, 329, 6.0, "SMART_OFFICE"),
    _p("MN-34W-TS", "34-inch curved ultrawide monitor", PC, TS, 599, 2.5),
    _p("DK-TB4-TS", "Thunderbolt 4 dock", PC, TS, 249, 5.0, "SMART_OFFICE"),
    _p("MR-HUB-TS", "Meeting-room kit: camera, speakerbar", PC, TS, 2199, 0.8, "SMART_OFFICE"),
    _p("AC-KB-TS", "Wireless keyboard and mouse set", PC, TS, 59, 4.0),
    _p("SV-PC-3YOS", "3-year onsite warranty upgrade (PC)", PC, SVC, 149, 5.0),
    _p("SV-PC-DEPLOY", "Deployment and imaging service, per device", PC, SVC, 79, 3.0),
    _p("SV-PC-PREM", "Premier support, 3 years (PC)", PC, SVC, 229, 2.0),
    _p("SV-WS-CERT", "Workstation ISV certification service", PC, SVC, 499, 0.7, "WORKSTATION"),
    _p("SR-R1-TS", "R1 1U rack server, 1 socket", DC, TS, 4899, 5.0),
    _p("SR-R2-TS", "R2 2U rack server, 2 sockets", DC, TS, 8999, 4.0),
    _p("SR-R2-CTO", "R2 2U rack server, configure to order", DC, CTO, 13499, 2.5),
    _p("SR-T1-TS", "T1 tower server", DC, TS, 2499, 3.0),
    _p("SR-EDGE-TS", "E1 edge server", DC, TS, 3499, 1.5),
    _p("SR-GPU4-CTO", "G4 4-GPU accelerated server, configure to order", DC, CTO, 89900, 0.3),
    _p("ST-A4-TS", "A4 storage array, 24 bays", DC, TS, 18999, 1.0),
    _p("ST-A4-CTO", "A4 storage array, configure to order", DC, CTO, 29999, 0.5),
    _p("NW-S48-TS", "S48 48-port 25GbE switch", DC, TS, 11999, 1.2),
    _p("NW-S32-TS", "S32 32-port 100GbE switch", DC, TS, 22999, 0.5),
    _p("HC-N3-CTO", "N3 hyperconverged node, configure to order", DC, CTO, 15999, 0.8),
    _p("SV-DC-INST", "Data-center installation service", DC, SVC, 1500, 4.0),
    _p("SV-DC-PS3", "ProSupport, 3 years (server)", DC, SVC, 1200, 5.0),
    _p("SV-DC-RES", "Residency engineer, per week", DC, SVC, 4500, 1.0),
)


@dataclass(frozen=True)
class DistributorProfile:
    """How one demo distributor behaves; the file format itself comes from distributors.yml."""

    distributor_id: str
    regions: tuple[str, ...]
    account_format: str  # str.format with n, country, slug
    account_range: tuple[int, int]  # account numbers are drawn from this range
    line_id_sql: str  # DuckDB expression over yyyy, mm (VARCHAR) and seq (BIGINT)
    currency_by_country: dict[str, str] = field(default_factory=dict)
    default_currency: str = "USD"
    column_order: tuple[str, ...] | None = None  # None: canonical order
    extra_columns: tuple[str, ...] = ()  # columns the spec says to ignore


EUROZONE = ("DE", "FR", "NL", "IT", "ES", "AT", "BE", "IE")

DISTRIBUTORS: tuple[DistributorProfile, ...] = (
    DistributorProfile(
        "ALSTON",
        ("NA", "LA"),
        "ALS-{n:06d}",
        (100000, 499999),
        "'ALS' || right(yyyy, 2) || mm || lpad(seq::VARCHAR, 6, '0')",
        {"CA": "CAD"},
    ),
    DistributorProfile(
        "BRIXTON",
        ("EMEA",),
        "BX/{country}/{n:05d}",
        (10000, 89999),
        "'BRX-' || yyyy || mm || '-' || lpad(seq::VARCHAR, 6, '0')",
        {"GB": "GBP", **{c: "EUR" for c in EUROZONE}},
        column_order=(
            "invoice_date",
            "report_line_id",
            "sku",
            "quantity",
            "unit_price",
            "currency",
            "reseller_account",
            "end_customer_id",
            "end_customer_name",
            "end_customer_country",
            "end_customer_segment",
            "deal_id",
        ),
    ),
    DistributorProfile(
        "CORVID",
        ("LA", "NA"),
        "C{n:07d}",
        (1000000, 8999999),
        "yyyy || mm || lpad(seq::VARCHAR, 7, '0')",
    ),
    DistributorProfile(
        "DUNMORE",
        ("NA", "LA", "EMEA", "AP"),
        "dun-{slug}-{n:05d}",
        (1000, 99999),
        "'DM.' || yyyy || '.' || mm || '.' || lpad(seq::VARCHAR, 6, '0')",
        extra_columns=("branch",),
    ),
    DistributorProfile(
        "EUROLINK",
        ("EMEA",),
        "EL-{country}-{n:04d}",
        (1000, 8999),
        "'EL' || yyyy || mm || '/' || lpad(seq::VARCHAR, 6, '0')",
        {"GB": "GBP", **{c: "EUR" for c in (*EUROZONE, "CH", "PL", "SE")}},
    ),
    DistributorProfile(
        "PACIFICA",
        ("AP",),
        "{n:08d}",
        (10000000, 89999999),
        "'PAC-' || lpad(seq::VARCHAR, 7, '0') || '-' || right(yyyy, 2) || mm",
        {"JP": "JPY", "AU": "AUD", "SG": "SGD"},
    ),
)

# Branches that DUNMORE prints in its extra column, by region.
DUNMORE_BRANCHES = {"NA": "DM-ATL", "LA": "DM-MIA", "EMEA": "DM-FRA", "AP": "DM-SIN"}

REGION_WEIGHTS = {"NA": 0.35, "EMEA": 0.30, "AP": 0.20, "LA": 0.15}

COUNTRIES: dict[str, dict[str, float]] = {
    "NA": {"US": 8, "CA": 2},
    "LA": {"MX": 4, "BR": 4, "AR": 1, "CL": 1, "CO": 1},
    "EMEA": {
        "DE": 4,
        "GB": 4,
        "FR": 3,
        "NL": 2,
        "IT": 2,
        "ES": 2,
        "SE": 1,
        "PL": 1,
        "CH": 1,
        "AT": 1,
        "BE": 1,
        "IE": 1,
        "AE": 1,
        "ZA": 1,
    },
    "AP": {"JP": 4, "AU": 3, "SG": 2, "IN": 2, "KR": 1, "NZ": 1, "MY": 1},
}

# Legal-form suffix of company names, by country.
COMPANY_SUFFIX = {
    "US": "Inc.",
    "CA": "Ltd.",
    "MX": "S.A. de C.V.",
    "BR": "Ltda.",
    "AR": "S.R.L.",
    "CL": "SpA",
    "CO": "S.A.S.",
    "DE": "GmbH",
    "GB": "Ltd",
    "FR": "SAS",
    "NL": "B.V.",
    "IT": "S.r.l.",
    "ES": "S.L.",
    "SE": "AB",
    "PL": "Sp. z o.o.",
    "CH": "AG",
    "AT": "GmbH",
    "BE": "BV",
    "IE": "Ltd",
    "AE": "LLC",
    "ZA": "(Pty) Ltd",
    "JP": "K.K.",
    "AU": "Pty Ltd",
    "SG": "Pte. Ltd.",
    "IN": "Pvt. Ltd.",
    "KR": "Co., Ltd.",
    "NZ": "Ltd",
    "MY": "Sdn. Bhd.",
}

EMAIL_TLD = {
    "US": "com",
    "CA": "ca",
    "MX": "com.mx",
    "BR": "com.br",
    "AR": "com.ar",
    "CL": "cl",
    "CO": "co",
    "DE": "de",
    "GB": "co.uk",
    "FR": "fr",
    "NL": "nl",
    "IT": "it",
    "ES": "es",
    "SE": "se",
    "PL": "pl",
    "CH": "ch",
    "AT": "at",
    "BE": "be",
    "IE": "ie",
    "AE": "ae",
    "ZA": "co.za",
    "JP": "co.jp",
    "AU": "com.au",
    "SG": "com.sg",
    "IN": "in",
    "KR": "co.kr",
    "NZ": "co.nz",
    "MY": "com.my",
}

# Standard UTC offset in minutes and whether the country shifts one hour in (northern) summer.
UTC_OFFSET: dict[str, tuple[int, bool]] = {
    "US": (-300, True),
    "CA": (-300, True),
    "MX": (-360, False),
    "BR": (-180, False),
    "AR": (-180, False),
    "CL": (-240, False),
    "CO": (-300, False),
    "DE": (60, True),
    "GB": (0, True),
    "FR": (60, True),
    "NL": (60, True),
    "IT": (60, True),
    "ES": (60, True),
    "SE": (60, True),
    "PL": (60, True),
    "CH": (60, True),
    "AT": (60, True),
    "BE": (60, True),
    "IE": (0, True),
    "AE": (240, False),
    "ZA": (120, False),
    "JP": (540, False),
    "AU": (600, False),
    "SG": (480, False),
    "IN": (330, False),
    "KR": (540, False),
    "NZ": (720, False),
    "MY": (480, False),
}

# Where the vendor's program desk answers requests from, by partner region.
DESK_COUNTRY = {"NA": "US", "LA": "BR", "EMEA": "IE", "AP": "SG"}

# Name parts. Partner names mix a regional flavour word with a trade word.
NAME_WORDS: dict[str, tuple[str, ...]] = {
    "NA": (
        "Apex",
        "Blue Harbor",
        "Cedar Point",
        "Northwind",
        "Summit",
        "Brightline",
        "Keystone",
        "Ironbridge",
        "Silverlake",
        "Redwood",
        "Pinnacle",
        "Great Lakes",
        "Prairie",
        "Lone Star",
        "Cascade",
        "Bayside",
        "Liberty",
        "Frontier",
    ),
    "LA": (
        "Andina",
        "Cóndor",
        "Río Claro",
        "Solís",
        "Paulista",
        "Guanabara",
        "Pampa",
        "Azteca",
        "Ipê",
        "Caribe",
        "Sierra Madre",
        "Patagonia",
        "Lumen",
        "Mirador",
    ),
    "EMEA": (
        "Müller",
        "Schäfer",
        "Weißbach",
        "Köhler",
        "Alpenblick",
        "Lefèvre",
        "Rhône",
        "Thames",
        "Highgate",
        "Nordlys",
        "Baltica",
        "Vistula",
        "Tagus",
        "Adriatica",
        "Rheinland",
        "Brabant",
        "Liffey",
        "Helvetia",
        "Karoo",
        "Oasis",
    ),
    "AP": (
        "Sakura",
        "Fujimi",
        "Hoshino",
        "Tōkai",
        "Kaze",
        "Southern Cross",
        "Coral Sea",
        "Lion City",
        "Ganges",
        "Hanbit",
        "Kiwi",
        "Borneo",
        "Pacific Rim",
        "Jade",
    ),
}
TRADE_WORDS = (
    "Systems",
    "IT Solutions",
    "Computing",
    "Technologies",
    "Networks",
    "Data",
    "Digital",
    "Infotech",
    "Business Machines",
    "Office Solutions",
    "Integration",
    "Tech Partners",
)
FIRST_NAMES = {
    "NA": ("Emily", "James", "Olivia", "Michael", "Sophia", "Daniel", "Ava", "Ethan"),
    "LA": ("Lucía", "Mateo", "Valentina", "João", "Camila", "Santiago", "Ana", "Diego"),
    "EMEA": ("Anna", "Lukas", "Chloé", "Marco", "Sofie", "Jan", "Aoife", "Zoë", "Björn"),
    "AP": ("Yuki", "Haruto", "Mei", "Arjun", "Ji-woo", "Olivia", "Wei", "Priya"),
}
LAST_NAMES = {
    "NA": ("Miller", "Carter", "Nguyen", "Patel", "Johnson", "Brooks", "Ramirez", "Walsh"),
    "LA": ("García", "Silva", "Oliveira", "Fernández", "López", "Costa", "Martínez", "Rojas"),
    "EMEA": (
        "Müller",
        "Schneider",
        "Dubois",
        "Rossi",
        "Jansen",
        "Novák",
        "Andersson",
        "Kowalski",
        "O'Brien",
        "Taylor",
    ),
    "AP": ("Tanaka", "Suzuki", "Kim", "Lee", "Wong", "Singh", "Chen", "Nakamura", "Wilson"),
}

# End customers are built in SQL from these lists.
CUSTOMER_BRANDS = (
    "Northstar",
    "Bluepeak",
    "Ironwood",
    "Clearwater",
    "Sunridge",
    "Highland",
    "Silverline",
    "Crescent",
    "Goldfield",
    "Stonebridge",
    "Westfield",
    "Riverton",
    "Brightwater",
    "Falcon",
    "Polaris",
    "Meridian",
    "Evergreen",
    "Harborview",
    "Oakmont",
    "Tidewater",
)
CUSTOMER_INDUSTRIES = (
    "Logistics",
    "Health",
    "Insurance",
    "Manufacturing",
    "Energy",
    "Retail",
    "Foods",
    "Financial",
    "Media",
    "Pharma",
    "Engineering",
    "Automotive",
    "Hospitality",
    "Telecom",
)
CUSTOMER_TRADES = (
    "Dental",
    "Legal",
    "Bakery",
    "Consulting",
    "Architects",
    "Clinic",
    "Motors",
    "Accounting",
    "Design",
    "Travel",
    "Printing",
    "Surveyors",
)
SCHOOL_PLACES = (
    "Riverside",
    "Lakeview",
    "Hillcrest",
    "Northgate",
    "Westbrook",
    "Oakridge",
    "Maple Valley",
    "Kingsbridge",
    "Fairview",
    "Springfield",
    "Ashford",
    "Greenwood",
)
SCHOOL_KINDS = (
    "School District",
    "Academy",
    "University",
    "College",
    "Grammar School",
    "Institute of Technology",
    "Public Schools",
)
