"""Set-based generation of the sell-through lines in DuckDB.

Every random choice is `u(gid, salt)` / `h(gid, salt)` of the line's global id, so a line's
content depends on the seed and its id only. The result is one table `out` with the report's
text columns (`c_*`, exactly what lands in the CSV) next to typed helper columns used by the
anomaly and restatement steps and by the claim estimates.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from dagster_project.ingest.mappings import ReportFormat

from .catalog import (
    COMPANY_SUFFIX,
    COUNTRIES,
    CUSTOMER_BRANDS,
    CUSTOMER_INDUSTRIES,
    CUSTOMER_TRADES,
    DISTRIBUTORS,
    DUNMORE_BRANCHES,
    LAST_NAMES,
    PRODUCTS,
    SCHOOL_KINDS,
    SCHOOL_PLACES,
)
from .dimensions import Account
from .periods import Month
from .rand import sql_macros
from .volume import (
    GLOBAL_CUSTOMERS,
    QTY_FACTOR,
    RETURN_RATE,
    SERVICE_IN_DEAL,
    SERVICE_OUTSIDE_DEAL,
    Plan,
)

SLOTS = 1024  # resolution of the SKU popularity lookup
LATE_RATE = 0.01  # lines reported one month after their invoice month


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def pick_sql(items: Iterable[str], key: str, salt: int) -> str:
    """A hash-chosen element of a literal list."""
    values = list(items)
    listed = ", ".join(lit(v) for v in values)
    return f"list_extract([{listed}], 1 + (h({key}, {salt}) % {len(values)})::BIGINT)"


def case_sql(column: str, mapping: dict[str, str], default: str) -> str:
    """CASE column WHEN key THEN expression ... ELSE default END."""
    whens = " ".join(f"WHEN {lit(k)} THEN {v}" for k, v in mapping.items())
    return f"(CASE {column} {whens} ELSE {default} END)"


def date_format_sql(column: str, formats: dict[str, ReportFormat], dist_col: str = "dist") -> str:
    """The invoice date as text in each distributor's own date format."""
    mapping = {d: f"strftime({column}, {lit(f.date_format)})" for d, f in formats.items()}
    return case_sql(dist_col, mapping, f"strftime({column}, '%Y-%m-%d')")


def _sku_slots() -> pd.DataFrame:
    """(grp, slot) -> sku_idx: a popularity-weighted lookup that an equi-join can use."""
    rows = []
    for grp, (is_dc, is_service) in enumerate(((0, 0), (0, 1), (1, 0), (1, 1))):
        group = [
            (i, p)
            for i, p in enumerate(PRODUCTS)
            if (p.product_line == "DATA_CENTER") == bool(is_dc) and p.is_service == bool(is_service)
        ]
        total = sum(p.weight for _, p in group)
        cum, bounds = 0.0, []
        for i, p in group:
            cum += p.weight
            bounds.append((round(cum / total * SLOTS), i))
        j = 0
        for slot in range(SLOTS):
            while slot >= bounds[j][0]:
                j += 1
            rows.append({"grp": grp, "slot": slot, "sku_idx": bounds[j][1]})
    return pd.DataFrame(rows)


def _skus() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "sku_idx": i,
                "sku": p.sku,
                "list_cents": p.list_cents,
                "product_line": p.product_line,
                "is_service": p.is_service,
                "is_cto": p.category == "CTO",
                "solution": p.solution,
            }
            for i, p in enumerate(PRODUCTS)
        ]
    )


def _region_countries() -> pd.DataFrame:
    """(region, slot) -> country, weighted like partner countries, for customers abroad."""
    rows = []
    for region, weights in COUNTRIES.items():
        total, cum, bounds = sum(weights.values()), 0.0, []
        for country, w in weights.items():
            cum += w
            bounds.append((round(cum / total * 64), country))
        j = 0
        for slot in range(64):
            while slot >= bounds[j][0]:
                j += 1
            rows.append({"region": region, "slot": slot, "country": bounds[j][1]})
    return pd.DataFrame(rows)


def load_tables(
    con: duckdb.DuckDBPyConnection,
    plan: Plan,
    accounts: list[Account],
    fx_rows: list[tuple[str, str, str]],
    months: list[Month],
    seed: int,
) -> None:
    for macro in sql_macros(seed):
        con.execute(macro)
    month_idx = {m.key: m.idx for m in months}
    frames = {
        "cells": plan.cells,
        "pools": plan.pools,
        "sku_slots": _sku_slots(),
        "skus": _skus(),
        "region_countries": _region_countries(),
        "suffixes": pd.DataFrame(list(COMPANY_SUFFIX.items()), columns=["country", "suffix"]),
        "accounts": pd.DataFrame(
            [
                {
                    "account_idx": a.idx,
                    "distributor_id": a.distributor_id,
                    "reseller_account": a.reseller_account,
                    "partner_idx": a.partner_idx,
                    "currency": a.currency,
                }
                for a in accounts
            ]
        ),
        # Pricing uses the very rates written to fx_rates.csv; USD is 1 and has no CSV row.
        "fx": pd.DataFrame(
            [{"currency": c, "month_idx": month_idx[m], "rate": float(r)} for m, c, r in fx_rows]
            + [{"currency": "USD", "month_idx": m.idx, "rate": 1.0} for m in months]
        ),
        "months": pd.DataFrame(
            [
                {
                    "month_idx": m.idx,
                    "yyyy": f"{m.year:04d}",
                    "mm": f"{m.month:02d}",
                    "month_start": m.start,
                    "days": m.days,
                    "q_idx": m.quarter_idx,
                }
                for m in months
            ]
        ),
    }
    for name, frame in frames.items():
        con.register(f"{name}_df", frame)
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_df")
        con.unregister(f"{name}_df")


def build_customers(con: duckdb.DuckDBPyConnection) -> None:
    """End customers: fixed attributes per customer, so a customer looks the same every time."""
    surname = case_sql(
        "region",
        {r: pick_sql(names, "cust_gid", 104) for r, names in LAST_NAMES.items()},
        "'Smith'",
    )
    con.execute(f"""
        CREATE OR REPLACE TABLE customers AS
        WITH ids AS (
            SELECT *, cust_off + k AS cust_gid
            FROM (SELECT *, unnest(range(cust_k)) AS k FROM pools)
        ), placed AS (
            SELECT ids.*, CASE
                WHEN is_global THEN ['NA', 'EMEA', 'AP', 'LA'][1 + (cust_gid % 4)::BIGINT]
                ELSE region END AS c_region
            FROM ids
        ), located AS (
            SELECT p.cust_gid, p.c_region AS region,
                CASE WHEN p.is_global OR u(p.cust_gid, 101) < 0.2 THEN rc.country
                     ELSE p.country END AS country,
                CASE WHEN p.is_global THEN 'LARGE_ENTERPRISE'
                     WHEN u(p.cust_gid, 102) < 0.60 THEN 'SMB'
                     WHEN u(p.cust_gid, 102) < 0.85 THEN 'LARGE_ENTERPRISE'
                     ELSE 'EDUCATION' END AS segment
            FROM placed p
            JOIN region_countries rc
              ON rc.region = p.c_region AND rc.slot = (h(p.cust_gid, 100) % 64)::BIGINT
        )
        SELECT l.cust_gid, l.country, l.segment,
            -- A bijection of cust_gid onto 9-digit numbers: unique ids that look like DUNS ids.
            ((l.cust_gid * 104729 + 7919) % 900000000 + 100000000)::VARCHAR AS customer_id,
            CASE l.segment
                WHEN 'EDUCATION' THEN {pick_sql(SCHOOL_PLACES, "l.cust_gid", 103)} || ' '
                    || {pick_sql(SCHOOL_KINDS, "l.cust_gid", 105)}
                WHEN 'LARGE_ENTERPRISE' THEN {pick_sql(CUSTOMER_BRANDS, "l.cust_gid", 103)} || ' '
                    || {pick_sql(CUSTOMER_INDUSTRIES, "l.cust_gid", 105)} || ' ' || s.suffix
                ELSE {surname.replace("cust_gid", "l.cust_gid")} || ' '
                    || {pick_sql(CUSTOMER_TRADES, "l.cust_gid", 105)} || ' ' || s.suffix
            END AS name
        FROM located l JOIN suffixes s ON s.country = l.country
    """)


def build_lines(con: duckdb.DuckDBPyConnection, months: int) -> None:
    """Expand every cell into its lines and draw each line's attributes (typed table `st`)."""
    qty_factor = f"[{', '.join(str(f) for f in QTY_FACTOR)}][grp + 1]"
    con.execute(f"""
        CREATE OR REPLACE TABLE st AS
        WITH base AS (
            SELECT *, line_offset + k AS gid
            FROM (SELECT *, unnest(range(n_lines)) AS k FROM cells)
        ), drawn AS (
            SELECT *,
                u(gid, 2) < deal_rate AS in_deal,
                (u(gid, 1) < dc_share)::INT * 2 + (u(gid, 3) < CASE WHEN u(gid, 2) < deal_rate
                    THEN {SERVICE_IN_DEAL} ELSE {SERVICE_OUTSIDE_DEAL} END)::INT AS grp,
                (h(gid, 17) % n_deals::UBIGINT)::BIGINT AS deal_k,
                month_start + floor(days * pow(u(gid, 8), 0.85))::INT AS d0
            FROM base
        ), sized AS (
            SELECT *,
                least(500, 1 + floor(-ln(1.0 - u(gid, 5)) * mu * {qty_factor}))::BIGINT AS q0,
                isodow(d0) AS dow
            FROM drawn
        )
        SELECT
            s.gid, a.distributor_id AS dist, s.partner_idx, s.account_idx, a.reseller_account,
            s.region, s.month_idx, s.q_idx,
            CASE WHEN u(s.gid, 10) < {LATE_RATE} AND s.month_idx < {months - 1}
                 THEN s.month_idx + 1 ELSE s.month_idx END AS file_month,
            -- Most weekend invoices move to the nearest weekday (Saturday to Friday, Sunday to
            -- Monday), or the other way round where that would leave the month.
            CASE WHEN s.dow < 6 OR u(s.gid, 9) >= 0.85 THEN s.d0
                 WHEN s.dow = 6 AND s.d0 > s.month_start THEN s.d0 - 1
                 WHEN s.dow = 6 THEN s.d0 + 2
                 WHEN s.d0 < s.month_start + (s.days - 1)::INT THEN s.d0 + 1
                 ELSE s.d0 - 2 END AS invoice_date,
            sl.sku_idx,
            CASE WHEN u(s.gid, 6) < {RETURN_RATE}
                 THEN -(1 + (h(s.gid, 7) % least(s.q0, 3)::UBIGINT)::BIGINT)
                 ELSE s.q0 END AS qty,
            round(k.list_cents * (1 - s.discount - 0.05 * u(s.gid, 11))
                * CASE WHEN k.is_cto THEN 0.85 + 0.4 * u(s.gid, 12) ELSE 1.0 END)::BIGINT
                AS raw_cents,
            a.currency, fx.rate,
            u(s.gid, 13) >= s.miss_rate AS has_cust,
            CASE WHEN u(s.gid, 14) < 0.04 THEN (h(s.gid, 15) % {GLOBAL_CUSTOMERS})::BIGINT
                 WHEN s.in_deal THEN s.cust_off
                    + (h3(s.partner_idx, s.q_idx, s.deal_k, 16) % s.cust_active_q::UBIGINT)::BIGINT
                 ELSE s.cust_off + (h(s.gid, 16) % s.cust_active::UBIGINT)::BIGINT
            END AS cust_gid,
            CASE WHEN s.in_deal THEN
                format('DR-{{}}-{{:05d}}-{{:03d}}', s.fq_code, s.partner_idx + 1, s.deal_k)
            END AS deal_id,
            h(s.gid, 18) AS h_order
        FROM sized s
        JOIN sku_slots sl ON sl.grp = s.grp AND sl.slot = (h(s.gid, 4) % {SLOTS})::BIGINT
        JOIN skus k ON k.sku_idx = sl.sku_idx
        JOIN accounts a ON a.account_idx = s.account_idx
        JOIN fx ON fx.currency = a.currency AND fx.month_idx = s.month_idx
    """)


def price_scale(con: duckdb.DuckDBPyConnection, budget_cents: int) -> float:
    """Factor on unit prices that makes the lines add up to the revenue budget.

    Summed in integers, so the factor (and every price) is identical on every run.
    """
    raw = con.execute("SELECT sum(qty * raw_cents)::HUGEINT FROM st").fetchone()[0]
    return budget_cents / int(raw) if raw and raw > 0 else 1.0


def build_out(
    con: duckdb.DuckDBPyConnection, formats: dict[str, ReportFormat], scale: float
) -> None:
    """Format every line as report text; ordered by file so each COPY reads a narrow range."""
    line_id = case_sql("s.dist", {d.distributor_id: d.line_id_sql for d in DISTRIBUTORS}, "''")
    branch = case_sql("s.region", {r: lit(b) for r, b in DUNMORE_BRANCHES.items()}, "NULL")
    con.execute(f"""
        CREATE OR REPLACE TABLE out AS
        WITH priced AS (
            SELECT st.*,
                round(raw_cents * {scale!r})::BIGINT AS usd_cents,
                row_number() OVER (PARTITION BY dist, file_month
                                   ORDER BY invoice_date, h_order, gid) AS seq
            FROM st
        ), local AS (
            SELECT p.*, m.yyyy, m.mm,
                -- Whole yen, cents elsewhere; never zero so a price is always valid.
                CASE WHEN currency = 'JPY' THEN greatest(100, round(usd_cents / rate / 100) * 100)
                     ELSE greatest(1, round(usd_cents / rate)) END::BIGINT AS local_cents
            FROM priced p JOIN months m ON m.month_idx = p.file_month
        )
        SELECT
            s.dist, s.file_month, 0 AS part, s.seq * 10 AS ord, s.gid, s.partner_idx, s.account_idx,
            s.month_idx, s.q_idx, s.sku_idx, s.qty, s.invoice_date, s.currency, s.usd_cents,
            s.local_cents, s.has_cust, FALSE AS used,
            {line_id} AS c_id,
            {date_format_sql("s.invoice_date", formats, "s.dist")} AS c_date,
            s.reseller_account AS c_acct,
            CASE WHEN s.has_cust THEN c.customer_id END AS c_cid,
            CASE WHEN s.has_cust THEN c.name END AS c_cname,
            CASE WHEN s.has_cust THEN c.country END AS c_ccountry,
            CASE WHEN s.has_cust THEN c.segment END AS c_cseg,
            k.sku AS c_sku,
            s.qty::VARCHAR AS c_qty,
            money(s.local_cents) AS c_price,
            s.currency AS c_cur,
            s.deal_id AS c_deal,
            CASE WHEN s.dist = 'DUNMORE' THEN {branch} END AS c_branch
        FROM local s
        JOIN skus k ON k.sku_idx = s.sku_idx
        LEFT JOIN customers c ON c.cust_gid = s.cust_gid
        ORDER BY s.dist, s.file_month, s.seq
    """)


def revenue_estimates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """USD cents per partner x quarter x product line x solution, for plausible claims."""
    return con.execute("""
        SELECT o.partner_idx, o.q_idx, k.product_line, k.solution,
               sum(o.qty * o.usd_cents)::BIGINT AS cents
        FROM out o JOIN skus k ON k.sku_idx = o.sku_idx
        GROUP BY ALL ORDER BY ALL
    """).df()


MONEY_MACRO = (
    "CREATE OR REPLACE MACRO money(c) AS "
    "(CASE WHEN c < 0 THEN '-' ELSE '' END) || (abs(c) // 100)::VARCHAR || '.' "
    "|| lpad((abs(c) % 100)::VARCHAR, 2, '0')"
)
