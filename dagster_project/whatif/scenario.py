"""Run the program under a scenario's rules and compare, per partner and quarter.

The scenario reuses what the last run published, never re-ingesting: the published warehouse is
copied once into a scratch folder (publishing replaces that file by a rename, never rewrites it,
so the copy is one consistent snapshot even while a run publishes), and only the models that
depend on the changed program files are rebuilt in a second copy, by dbt, from a scratch copy of
the dbt project whose seeds are the scenario's. The published warehouse, the outbox and the send
log are never opened for writing. The claims, payments and SLA models read the landed files
(staging views, which the published warehouse does not keep) and are no part of a scenario's
result: they are left out of the rebuild.
"""

import csv
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

from dagster_project.delivery.finance_close import inert
from dagster_project.duckdb_connection import connect, memory_limit
from dagster_project.fiscal_calendar import quarter_index
from dagster_project.paths import DBT_DIR
from dagster_project.program.files import program_files
from dagster_project.transform.project import DBT_EXECUTABLE, dbt_project, prepare_manifest
from dagster_project.whatif.rules import Scenario, ScenarioError, load_scenario

DBT_PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "macros", "models", "tests", "spark")
RESULT_FILE = "whatif.csv"
LINES_FILE = "whatif_ledger_lines.csv"
LEDGER_KEY = ("partner_id", "fiscal_quarter", "reward_type", "reference")  # the ledger's grain


@dataclass(frozen=True)
class PartnerQuarter:
    partner_id: str
    partner_name: str
    fiscal_quarter: str
    program_earned_tier: str  # at the quarter's review
    scenario_earned_tier: str
    program_tier: str  # in force during the quarter
    scenario_tier: str
    program_rewards_usd: Decimal
    scenario_rewards_usd: Decimal
    difference_by_reward: dict[str, Decimal]  # reward type -> scenario - program

    @property
    def difference_usd(self) -> Decimal:
        return self.scenario_rewards_usd - self.program_rewards_usd

    @property
    def changes_tier(self) -> bool:
        return self.program_tier != self.scenario_tier


@dataclass(frozen=True)
class LedgerLineChange:
    """A ledger line the scenario changes, adds (no program figures) or removes (no scenario
    figures)."""

    partner_id: str
    fiscal_quarter: str
    reward_type: str
    reference: str
    program_basis_usd: Decimal | None
    scenario_basis_usd: Decimal | None
    program_rate: Decimal | None
    scenario_rate: Decimal | None
    program_amount_usd: Decimal | None
    scenario_amount_usd: Decimal | None


@dataclass(frozen=True)
class ProgramWords:
    """What the page says the program's codes are, from the compared warehouse."""

    program: str = ""
    open_quarter: str | None = None  # counted to date
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # key column -> code -> name
    rules: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # -> name, unit


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    reward_types: list[str]
    rows: list[PartnerQuarter]
    csv_path: Path
    changed_lines: list[LedgerLineChange]
    lines_path: Path
    words: ProgramWords = field(default_factory=ProgramWords)

    def cost_by_quarter(self) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
        """Per quarter: the program's rewards, the scenario's, and the difference."""
        totals: dict[str, tuple[Decimal, Decimal, Decimal]] = {}
        for row in self.rows:
            program, scenario, difference = totals.get(row.fiscal_quarter, (Decimal(0),) * 3)
            totals[row.fiscal_quarter] = (
                program + row.program_rewards_usd,
                scenario + row.scenario_rewards_usd,
                difference + row.difference_usd,
            )
        return dict(sorted(totals.items()))

    def total_cost(self) -> Decimal:
        """Scenario - program over every quarter compared."""
        return sum((row.difference_usd for row in self.rows), start=Decimal(0))

    def tier_changes(self) -> list[PartnerQuarter]:
        """The partner-quarters whose tier in force differs."""
        return [row for row in self.rows if row.changes_tier]


def parse_quarters(text: str | None) -> tuple[str, str] | None:
    """`FY2026-Q1..FY2027-Q2` (or one quarter) as its first and last quarter."""
    if not text:
        return None
    first, _, last = text.strip().upper().partition("..")
    last = last or first
    for quarter in (first, last):
        if quarter_index(quarter) is None:
            raise ScenarioError(f"--quarters {text!r}: write FY2026-Q1..FY2027-Q2")
    if last < first:
        raise ScenarioError(f"--quarters {text!r}: the first quarter comes after the last")
    return first, last


def run_scenario(
    rules_dir: Path, warehouse: Path, out: Path, quarters: tuple[str, str] | None = None
) -> ScenarioResult:
    if not warehouse.is_file():
        raise ScenarioError(f"no warehouse at {warehouse}: run the pipeline first")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="whatif-") as scratch_dir:
        scratch = Path(scratch_dir)
        program = Path(shutil.copy2(warehouse, scratch / "program.duckdb"))
        # The scenario is compared with the program the warehouse was built with (the demo's
        # own, a vendor's `--program`), not with the shipped files.
        base = program_files_of(program, scratch / "seeds")
        scenario = load_scenario(rules_dir, base)
        built = Path(shutil.copy2(program, scratch / "scenario.duckdb"))
        if scenario.files:
            _build(scenario, _scratch_project(scratch, scenario), built)
        with attached(program, built) as con:
            reward_types, rows = compare(con, quarters)
            changed_lines = changed_ledger_lines(con, quarters)
            words = program_words(con)
    path, lines_path = out / RESULT_FILE, out / LINES_FILE
    write_csv(path, reward_types, rows)
    write_lines_csv(lines_path, changed_lines)
    return ScenarioResult(scenario, reward_types, rows, path, changed_lines, lines_path, words)


# The name seed of each key column a rule file can have.
_KEY_NAMES = {
    "tier": "SELECT tier, display_name FROM program.marts.program_tiers",
    "product_line": "SELECT product_line, display_name FROM program.program_config.product_lines",
    "end_customer_segment": """SELECT end_customer_segment, display_name
                               FROM program.program_config.customer_segments""",
    "solution": "SELECT solution, display_name FROM program.program_config.solutions",
    "request_type": "SELECT request_type, display_name FROM program.marts.program_request_types",
}


def program_words(con: duckdb.DuckDBPyConnection) -> ProgramWords:
    (program,) = con.execute("SELECT program_name FROM program.program_config.program").fetchone()
    (open_quarter,) = con.execute(
        "SELECT any_value(fiscal_quarter) FROM program.marts.program_quarters WHERE is_open"
    ).fetchone()
    names = {column: dict(con.execute(sql).fetchall()) for column, sql in _KEY_NAMES.items()}
    rules = {
        (rule_file, rule): (name, unit)
        for rule_file, rule, name, unit in con.execute(
            "SELECT rule_file, rule, display_name, unit FROM program.program_config.rule_names"
        ).fetchall()
    }
    return ProgramWords(program, open_quarter, names, rules)


def _scratch_project(scratch: Path, scenario: Scenario) -> Path:
    """The dbt project, with the program's seeds replaced by the scenario's files."""
    project = scratch / "dbt"
    project.mkdir()
    for name in DBT_PROJECT_FILES:
        source = DBT_DIR / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy2(source, project / name)
    seeds = scratch / "seeds"  # seed-paths: ../seeds, holding the program's files already
    for name, path in scenario.files.items():
        shutil.copy2(path, seeds / f"{name}.csv")
    return project


def program_files_of(warehouse: Path, folder: Path) -> dict[str, Path]:
    """The program files a warehouse was built with (its schema program_config, one table per
    seed), written back as CSV into `folder`; a seed it lacks is the shipped file."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    with connect(warehouse, read_only=True) as con:
        tables = {
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'program_config'"
            ).fetchall()
        }
        for name, source in program_files().items():
            path = folder / source.name
            if name in tables:
                con.execute(f"COPY program_config.{name} TO '{path}' (HEADER)")
            else:
                shutil.copy2(source, path)
            files[name] = path
    return files


def _rebuild_selection(changed: list[str]) -> tuple[list[str], list[str]]:
    """What dbt rebuilds: the changed seeds and every model downstream of them (with their
    tests), but the models and tests that read a staging model (the landed files, not kept in
    the published warehouse) and what depends on those models."""
    prepare_manifest()
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    nodes, children = manifest["nodes"], manifest["child_map"]

    def reads_landing(key: str) -> bool:
        return any(
            parent.startswith("model.") and nodes[parent]["config"]["materialized"] == "view"
            and nodes[parent]["name"].startswith("stg_")
            for parent in nodes[key]["depends_on"]["nodes"]
        )  # fmt: skip

    seeds = [key for key in nodes if key.startswith("seed.") and nodes[key]["name"] in changed]
    downstream, stack = set(), list(seeds)
    while stack:
        for child in children.get(stack.pop(), []):
            if child.startswith(("model.", "test.")) and child not in downstream:
                downstream.add(child)
                stack.append(child)
    blocked = sorted(
        nodes[key]["name"] + ("+" if key.startswith("model.") else "")
        for key in downstream
        if reads_landing(key)
    )
    return [f"{name}+" for name in changed], blocked


def _build(scenario: Scenario, project: Path, built: Path) -> None:
    select, exclude = _rebuild_selection(sorted(scenario.files))
    command = [
        DBT_EXECUTABLE, "build", "--project-dir", str(project), "--profiles-dir", str(project),
        "--target", "duckdb", "--select", *select, "--exclude-resource-type", "unit_test",
        # a test runs only when every model it reads was rebuilt (none reads a stale one)
        "--indirect-selection", "cautious",
    ]  # fmt: skip
    if exclude:
        command += ["--exclude", *exclude]
    env = {
        **os.environ,
        "CHANNEL_LEDGER_BUILD_PATH": str(built),
        "CHANNEL_LEDGER_MEMORY_LIMIT": memory_limit(),
    }
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        failures = [
            line.split("  ", 1)[-1].strip()
            for line in done.stdout.splitlines()
            if re.search(r"\b(ERROR|FAIL)\b", line) and "Completed" not in line
        ]
        raise ScenarioError(
            "the scenario's rules do not hold: "
            + ("; ".join(failures[:10]) or done.stdout[-2000:] + done.stderr[-2000:])
        )


@contextmanager
def attached(program: Path, scenario: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """One connection reading both warehouses, as catalogs `program` and `scenario`."""
    with connect() as con:
        con.execute(f"ATTACH '{program}' AS program (READ_ONLY)")
        con.execute(f"ATTACH '{scenario}' AS scenario (READ_ONLY)")
        yield con


def compare(
    con: duckdb.DuckDBPyConnection, quarters: tuple[str, str] | None
) -> tuple[list[str], list[PartnerQuarter]]:
    """Tier in force and rewards per partner and quarter under both, by reward type."""
    first, last = quarters or ("", "FY9999-Q4")
    reward_types = [
        kind
        for (kind,) in con.execute(
            "SELECT reward_type FROM program.program_config.reward_types ORDER BY 1"
        ).fetchall()
    ]
    by_reward: dict[tuple[str, str], dict[str, Decimal]] = {}
    for partner_id, quarter, kind, difference in con.execute(
        """WITH lines AS (
               SELECT partner_id, fiscal_quarter, reward_type, -amount_usd AS amount_usd
               FROM program.marts.rebate_ledger
               UNION ALL
               SELECT partner_id, fiscal_quarter, reward_type, amount_usd
               FROM scenario.marts.rebate_ledger
           )
           SELECT partner_id, fiscal_quarter, reward_type, sum(amount_usd)
           FROM lines WHERE fiscal_quarter BETWEEN ? AND ? GROUP BY ALL""",
        [first, last],
    ).fetchall():
        by_reward.setdefault((partner_id, quarter), {})[kind] = difference
    rows = con.execute(
        """SELECT p.partner_id, coalesce(n.partner_name, p.partner_id), p.fiscal_quarter,
                  pt.earned_tier, st.earned_tier, p.tier_in_force, s.tier_in_force,
                  p.total_rewards_usd, s.total_rewards_usd
           FROM program.marts.partner_statements AS p
           JOIN scenario.marts.partner_statements AS s USING (partner_id, fiscal_quarter)
           JOIN program.marts.partner_tiers AS pt USING (partner_id, fiscal_quarter)
           JOIN scenario.marts.partner_tiers AS st USING (partner_id, fiscal_quarter)
           LEFT JOIN program.marts.partners AS n USING (partner_id)
           WHERE p.fiscal_quarter BETWEEN ? AND ?
           ORDER BY p.fiscal_quarter, p.partner_id""",
        [first, last],
    ).fetchall()
    return reward_types, [
        PartnerQuarter(
            *row,
            difference_by_reward={
                kind: by_reward.get((row[0], row[2]), {}).get(kind, Decimal(0))
                for kind in reward_types
            },
        )
        for row in rows
    ]


def changed_ledger_lines(
    con: duckdb.DuckDBPyConnection, quarters: tuple[str, str] | None
) -> list[LedgerLineChange]:
    """The ledger lines whose basis, rate or amount differ, line by line (finance's view)."""
    first, last = quarters or ("", "FY9999-Q4")
    figures = "basis_usd, rate, amount_usd"
    key = ", ".join(LEDGER_KEY)
    rows = con.execute(
        f"""WITH p AS (SELECT {key}, {figures} FROM program.marts.rebate_ledger
                      WHERE fiscal_quarter BETWEEN $1 AND $2),
                s AS (SELECT {key}, {figures} FROM scenario.marts.rebate_ledger
                      WHERE fiscal_quarter BETWEEN $1 AND $2)
            SELECT {key}, p.basis_usd, s.basis_usd, p.rate, s.rate, p.amount_usd,
                   s.amount_usd
            FROM p FULL OUTER JOIN s USING ({key})
            WHERE p.basis_usd IS DISTINCT FROM s.basis_usd
               OR p.rate IS DISTINCT FROM s.rate
               OR p.amount_usd IS DISTINCT FROM s.amount_usd
            ORDER BY {key}""",
        [first, last],
    ).fetchall()
    return [LedgerLineChange(*row) for row in rows]


def plain_decimal(value: Decimal, places: int) -> str:
    """An exact figure as a person writes it: at least `places` decimals, no trailing zeros
    beyond (150000.000000000000000000000000 -> 150000.00; a rate 0.0250 -> 0.025)."""
    normal = value.normalize()
    if normal.as_tuple().exponent > -places:  # type: ignore[operator]
        normal = normal.quantize(Decimal(1).scaleb(-places))
    return f"{normal:f}"


def _csv_value(column: str, value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, Decimal):
        return plain_decimal(value, 2 if column.endswith("_usd") else 0)
    return value


def write_lines_csv(path: Path, lines: list[LedgerLineChange]) -> None:
    columns = list(LedgerLineChange.__dataclass_fields__)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        for line in lines:
            writer.writerow(_csv_value(column, getattr(line, column)) for column in columns)


def write_csv(path: Path, reward_types: list[str], rows: list[PartnerQuarter]) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            [
                "partner_id", "partner_name", "fiscal_quarter", "program_earned_tier",
                "scenario_earned_tier", "program_tier_in_force", "scenario_tier_in_force",
                "program_rewards_usd", "scenario_rewards_usd", "difference_usd",
                *(f"{kind.lower()}_difference_usd" for kind in reward_types),
            ]
        )  # fmt: skip
        for row in rows:
            writer.writerow(
                [
                    inert(row.partner_id), inert(row.partner_name), row.fiscal_quarter,
                    row.program_earned_tier, row.scenario_earned_tier, row.program_tier,
                    row.scenario_tier, row.program_rewards_usd, row.scenario_rewards_usd,
                    row.difference_usd,
                    *(row.difference_by_reward[kind] for kind in reward_types),
                ]
            )  # fmt: skip
