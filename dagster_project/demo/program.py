"""The program's configuration as the demo generator reads it: the same dated files the models
read (seeds/*.csv, with the demo's own program files in their place), money and rates as
Decimal, so that the demo's claims are sized with the rules the pipeline applies in each quarter.

The demo's program changes once (overview: Rules over time): GOLD's data-center base rate is raised
from the quarter before the demo's last one, so that the demo shows a dated rule at work. Its files
are the shipped ones with that one row added, written beside the landing folder; the shipped seeds
keep the spec's defaults.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from dagster_project.fiscal_calendar import quarter_index, quarter_label
from dagster_project.paths import SEEDS_DIR
from dagster_project.program.files import (
    RULE_FILES,
    Row,
    folder_files,
    program_files,
    read_rows,
    row_in_force,
)

# The demo's one dated change: (file, the new row's key and value, quarters before the last).
DEMO_CHANGE_FILE = "base_rebate_rates"
DEMO_CHANGE_ROW = {"tier": "GOLD", "product_line": "DATA_CENTER", "rate": "0.030"}
DEMO_CHANGE_QUARTERS_BEFORE_LAST = 1


def write_demo_program(folder: Path, last_quarter: str) -> Path:
    """The demo's program files into `folder` (the shipped base-rate file with the demo's dated
    row); return the file written."""
    index = quarter_index(last_quarter)
    assert index is not None, last_quarter
    effective_from = quarter_label(index - DEMO_CHANGE_QUARTERS_BEFORE_LAST)
    folder.mkdir(parents=True, exist_ok=True)
    shipped = (SEEDS_DIR / f"{DEMO_CHANGE_FILE}.csv").read_text(encoding="utf-8")
    header = shipped.splitlines()[0].split(",")
    row = ",".join(
        DEMO_CHANGE_ROW.get(c, effective_from if c == "effective_from" else "") for c in header
    )
    path = folder / f"{DEMO_CHANGE_FILE}.csv"
    path.write_text(shipped.rstrip("\n") + "\n" + row + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Program:
    tiers: tuple[str, ...]  # lowest first
    threshold_cents: tuple[int, ...]  # per tier, in tier order (the rows since the beginning)
    base_rate_rows: dict[tuple[str, str], list[Row]]  # (product line, tier) -> dated rows
    solution_rates: dict[str, Decimal]
    sla_target_hours: dict[str, int]
    review_window_quarters: int  # a tier review sums this many quarters of revenue
    grace_quarters: int  # quarters a tier earned stays in force before a lower one takes effect

    def base_rate(self, product_line: str, tier: int, quarter: str) -> Decimal:
        """The BASE rate of a product line and tier (by rank order) in force in `quarter`."""
        rows = self.base_rate_rows[(product_line, self.tiers[tier])]
        index = quarter_index(quarter)
        assert index is not None, quarter
        row = row_in_force(rows, index)
        assert row is not None, f"no base rate in force in {quarter}"
        return Decimal(row.values["rate"])


def program(program_dir: Path | None = None) -> Program:
    """The program the demo's figures follow: the shipped files, `program_dir`'s in their place."""
    files = program_files(folder_files(program_dir) if program_dir else {})
    tiers = sorted(_undated(files, "tier_thresholds"), key=lambda r: int(r.values["tier_rank"]))
    names = tuple(t.values["tier"] for t in tiers)
    (review,) = _undated(files, "tier_review_rules")
    rates: dict[tuple[str, str], list[Row]] = {}
    for row in _rows(files, "base_rebate_rates"):
        rates.setdefault((row.values["product_line"], row.values["tier"]), []).append(row)
    return Program(
        tiers=names,
        threshold_cents=tuple(int(Decimal(t.values["threshold_usd"]) * 100) for t in tiers),
        base_rate_rows=rates,
        solution_rates={
            r.values["solution"]: Decimal(r.values["rate"])
            for r in _undated(files, "solution_rates")
        },
        sla_target_hours={
            r.values["request_type"]: int(r.values["target_hours"])
            for r in _undated(files, "request_types")
        },
        review_window_quarters=int(review.values["review_window_quarters"]),
        grace_quarters=int(review.values["grace_quarters"]),
    )


def _rows(files: Mapping[str, Path], name: str) -> list[Row]:
    assert name in RULE_FILES, name
    return read_rows(files[name])[1]


def _undated(files: Mapping[str, Path], name: str) -> list[Row]:
    """The rows in force since the program began: the demo changes only the base rates."""
    return [row for row in _rows(files, name) if not row.effective_from]
