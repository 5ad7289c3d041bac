"""How figures read on a statement or a report: money as `$1,234.57`, shares as `90.5%`, hours as
`14.8 h`, spans as a person says them (`30 days`), dates as `20 Sep 2025`. Every rounding is half
away from zero, as the ledger rounds, except what a partner must still do, rounded up: a target
shown half a cent short would not be reached."""

import re
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from dagster_project.fiscal_calendar import quarter_index, quarter_label

CENT = Decimal("0.01")


def usd(value: Decimal | None) -> str:
    """Money as a reader sees it, `$1,234.57`: cents rounded half away from zero as the ledger
    rounds (babel's format_currency rounds half to even, 0.125 -> 0.12, and costs 80 us a figure:
    2.4 s per thousand statements of thirty figures)."""
    if value is None:
        return ""
    cents = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{'-' if cents < 0 else ''}${abs(cents):,.2f}"


def usd_up(value: Decimal | None) -> str:
    """Money a partner must still sell or share, rounded up to the cent (away from zero)."""
    if value is None:
        return ""
    rounding = ROUND_CEILING if value >= 0 else ROUND_FLOOR
    return usd(value.quantize(CENT, rounding=rounding))


def _places(value: Decimal | int, places: int) -> str:
    """`value` rounded half away from zero to `places` decimals, trailing zeros dropped."""
    text = f"{Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def percent(value: Decimal | None, places: int = 1) -> str:
    """A fraction as a percentage (0.025 -> 2.5%), rounded half away from zero."""
    if value is None:
        return ""
    return f"{_places(value * 100, places)}%"


def share_against(value: Decimal, threshold: Decimal, places: int = 1) -> str:
    """A share shown beside the threshold it is measured against, with as many decimals as it takes
    to tell them apart: 0.949999 against 0.95 reads 94.9999%, never "95%"."""
    shown = places
    while shown < 10:
        rounded = Decimal(_places(value * 100, shown)) / 100
        if (rounded >= threshold) == (value >= threshold):
            break
        shown += 1
    return percent(value, shown)


def hours(value: Decimal | int | None, places: int = 1) -> str:
    """A span in hours (14.75 -> 14.8 h), rounded half away from zero, with thousands separated (a
    claim takes hundreds)."""
    if value is None:
        return ""
    whole, _, fraction = _places(value, places).partition(".")
    return f"{int(whole):,}{'.' + fraction if fraction else ''} h"


def duration(value: Decimal | None) -> str:
    """A span in hours as hours, minutes and seconds (24.000277778 -> `24 h 1 s`), to the second, so
    that one second over a target shows."""
    if value is None:
        return ""
    seconds = int((value * 3600).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    parts = [f"{h:,} h"] + ([f"{m} min"] if m else []) + ([f"{s} s"] if s else [])
    return " ".join(parts)


def span(hours_: Decimal | int | None) -> str:
    """A span in the unit a person uses: minutes under an hour, hours under two days, days beyond
    (`45 min`, `14.8 hours`, `30 days`); rounded half away from zero."""
    if hours_ is None:
        return ""
    value = Decimal(hours_)
    if value < 1:
        minutes = _places(value * 60, 0)
        return "under a minute" if minutes == "0" else f"{minutes} min"
    if value < 48:
        text = _places(value, 1)
        return f"{text} hour{'' if text == '1' else 's'}"
    text = _places(value / 24, 1)
    return f"{text} days"


def day(value: date) -> str:
    """`20 Sep 2025`."""
    return f"{value.day} {value:%b %Y}"


def months(first: date, last: date) -> str:
    """The calendar months of a period: `Jul-Sep 2025`, `Dec 2026-Feb 2027`."""
    if first.year == last.year:
        return f"{first:%b}-{last:%b %Y}"
    return f"{first:%b %Y}-{last:%b %Y}"


_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{2,}")


def words(code: str) -> str:
    """A code no seed names, in words: `SMART_OFFICE` -> `Smart office`; other text as it is."""
    if not _CODE.fullmatch(code):
        return code
    # Short words are acronyms (PC, SMB): kept in capitals.
    parts = [part if len(part) <= 3 else part.lower() for part in code.split("_")]
    return " ".join([parts[0][:1].upper() + parts[0][1:], *parts[1:]])


def rule_value(value: Decimal | None, unit: str) -> str:
    """A rule's value in its unit (rule_names seed): `2.5%`, `$1,000.00`, `24 hours`, `2 quarters`;
    empty when there is none."""
    if value is None:
        return ""
    if unit == "percent":
        return percent(value, 2)
    if unit == "usd":
        return usd(value)
    if unit == "hours":
        return span(value)
    if unit == "quarters":
        count = int(value)
        return f"{count} quarter{'' if count == 1 else 's'}"
    return f"{value.normalize():f}"


def previous_quarters(fiscal_quarter: str, count: int) -> list[str]:
    """`count` quarters ending with `fiscal_quarter`, oldest first (FY2027-Q1 follows FY2026-Q4)."""
    index = quarter_index(fiscal_quarter)
    if index is None:
        raise ValueError(f"not a fiscal quarter: {fiscal_quarter!r}")
    return [quarter_label(i) for i in range(index - count + 1, index + 1)]


def fill_words(words_: str, values: dict[str, str]) -> str:
    """Words from a seed with each `{name}` replaced by its value (the dbt macro fill_words does
    the same in SQL)."""
    for name, value in values.items():
        words_ = words_.replace("{" + name + "}", value)
    return words_
