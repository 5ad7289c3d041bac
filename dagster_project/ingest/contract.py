"""The landing folder's data contract (overview: The landing folder), as data.

Each source names its file, its columns and how each column is typed. Ingestion turns every
column into text (trimmed, empty -> NULL) and, for the parsed kinds, also into a typed column;
the text is kept beside it as `<column>_text` so that the models can tell "absent" from "invalid".
"""

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    ID = "id"  # identifiers match exactly: kept as trimmed text
    TEXT = "text"
    ENUM = "enum"  # enumerated values match case-insensitively: upper-cased
    LOWER = "lower"  # `;`-separated personas: lower-cased
    DATE = "date"
    MONTH = "month"  # YYYY-MM: stored as the DATE of the month's first day
    TIMESTAMP = "timestamp"  # ISO 8601, offset optional (none = UTC); stored as UTC
    INTEGER = "integer"  # a whole number, `3.0` included
    PRICE = "price"  # DECIMAL(28,8)
    RATE = "rate"  # DECIMAL(28,16)
    BOOLEAN = "boolean"  # true / false


PARSED_KINDS = frozenset(
    {Kind.DATE, Kind.MONTH, Kind.TIMESTAMP, Kind.INTEGER, Kind.PRICE, Kind.RATE, Kind.BOOLEAN}
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False


@dataclass(frozen=True)
class Source:
    name: str  # raw table name, also the Parquet file's stem
    file: str  # landing-relative file name (sell-through: a glob under sell_through/)
    columns: tuple[Column, ...]
    description: str  # what the file holds, in dbt's documentation of the source
    master: bool = False  # required master file: missing or unreadable fails the run

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _cols(spec: str) -> tuple[Column, ...]:
    """`*name:kind` list, `*` marking required columns (keeps the table below readable)."""
    out = []
    for item in spec.split():
        name, kind = item.split(":")
        out.append(Column(name.lstrip("*"), Kind(kind), required=name.startswith("*")))
    return tuple(out)


SOURCES: tuple[Source, ...] = (
    Source(
        "partners",
        "partners.csv",
        _cols(
            "*partner_id:id *partner_name:text *country:enum *region:enum enrolled_on:date"
            " status:enum"
        ),
        "partners.csv, one row per partner (required master file).",
        master=True,
    ),
    Source(
        "partner_accounts",
        "partner_accounts.csv",
        _cols("*distributor_id:id *reseller_account:id *partner_id:id"),
        "partner_accounts.csv, how each distributor names each partner (required).",
        master=True,
    ),
    Source(
        "products",
        "products.csv",
        _cols(
            "*sku:id description:text *product_line:enum category:enum *is_service:boolean"
            " solution:enum"
        ),
        "products.csv, one row per SKU (required master file).",
        master=True,
    ),
    Source(
        "contacts",
        "contacts.csv",
        _cols("*partner_id:id *email:text name:text *personas:lower"),
        "contacts.csv, partner contacts with personas (optional feed).",
    ),
    Source(
        "fx_rates",
        "fx_rates.csv",
        _cols("*month:month *currency:enum *usd_per_unit:rate"),
        "fx_rates.csv, USD per unit of a currency for a month (optional feed).",
    ),
    Source(
        "market_growth",
        "market_growth.csv",
        _cols("*fiscal_quarter:enum *product_line:enum *region:enum *growth_rate:rate"),
        "market_growth.csv, year-on-year market growth per quarter, line and region.",
    ),
    Source(
        "requests",
        "requests.csv",
        _cols(
            "*request_id:id *request_type:enum *partner_id:id country:enum *submitted_at:timestamp"
            " responded_at:timestamp"
        ),
        "requests.csv, price quotes, deal registrations and claims with timestamps.",
    ),
    Source(
        "claims",
        "claims.csv",
        _cols(
            "*claim_id:id *partner_id:id *fiscal_quarter:enum *reward_type:enum *amount_usd:price"
            " *submitted_at:timestamp"
        ),
        "claims.csv, reward claims by partners.",
    ),
    Source(
        "payments",
        "payments.csv",
        _cols(
            "*payment_id:id *partner_id:id claim_id:id *fiscal_quarter:enum *amount_usd:price"
            " *paid_on:date"
        ),
        "payments.csv, rebate payments to partners.",
    ),
)

SELL_THROUGH = Source(
    "sell_through_lines",
    "sell_through/<distributor_id>/*.csv",
    _cols(
        "*report_line_id:id *invoice_date:date *reseller_account:id end_customer_id:id"
        " end_customer_name:text end_customer_country:enum end_customer_segment:enum *sku:id"
        " *quantity:integer *unit_price:price *currency:enum deal_id:id"
    ),
    "Every line of every readable distributor report under sell_through/, with its distributor"
    " (the folder) and lineage (the report file and the line in it).",
)
