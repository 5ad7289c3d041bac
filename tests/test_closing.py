"""Closing a quarter (overview), end to end on the fixture, as finance would do it.

One story, run once for the module (six pipeline runs, one on Spark), every figure worked out by
hand from the spec and expected_small (tiers, ledger lines):

- run A, as of 2027-05-15 (FY2028-Q1 open): FY2026-Q3 .. FY2027-Q3 are closed in order; the
  refusals along the way change nothing.
- landing v2: BRAVO restates line 7002 (P007, FY2027-Q3, PC-100 at 2,500.00) from 10 to 12
  units, ALSTON removes L9 (P001, FY2027-Q3, 2,500.00), and market data for AP PC FY2027-Q3
  (-0.95) arrives for P007's growth held at the close. Run B books, in FY2027-Q4 (the first
  quarter not closed), per key of FY2027-Q3 (P007 SILVER in force, as recorded: BASE 1.0%,
  growth bonus 1.0%):
    P007 BASE PC         booked 250.00 (25,000)   now 300.00 (30,000)   +50.00, basis +5,000
    P001 BASE PC         booked  25.00 (2,500)    now nothing            -25.00, basis -2,500
    P007 GROWTH PC       booked nothing (pending)  now 300.00 (30,000 >= 300,000 x 0.05)
                                                                         +300.00, basis 30,000
  and decides the claims of FY2027-Q3 against its recorded ledger: C08 (P001 BASE 25.00)
  APPROVED on 25.00, C09 (P007 GROWTH 100.00) REJECTED on 0.00.
- FY2027-Q4 is closed (a close killed half-way first: the register is left as it was) and
  records those adjustments with it.
- landing v3: 7002 restated again, to 14 units (35,000). Run D books in FY2028-Q1, against
  recorded + the adjustments recorded with FY2027-Q4: P007 BASE 350.00 - 300.00 = +50.00 and
  P007 GROWTH 350.00 - 300.00 = +50.00 (basis +5,000 each); P001's key is settled (0 = 0).
  Claim C20 for P007's FY2027-Q4 growth (300.00) arrives. Runs B and D send the statements to
  a local SMTP server.
- the same inputs and register, dbt on Spark: run D's marts, row for row.
- the register tampered with (one amount): the run is refused and publishes nothing.
- the warehouse deleted: run E from the landing and the register gives run D's marts.
- FY2027-Q4 reopened: run F recomputes its adjustments into it, against FY2027-Q3's recorded
  figures alone: P007 BASE +100.00, P007 GROWTH +350.00, P001 BASE -25.00; none in FY2028-Q1.
"""

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from email.parser import BytesParser
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from dagster_project.delivery.sending import Delivery, deliver_statements
from dagster_project.delivery.statement_email import FIGURES_HEADER
from tests.pipeline_runs import PROJECT_ROOT, all_marts, copy_fixture, run_cli
from tests.smtp_loopback import MailServerOnLoopback

AS_OF = "2027-05-15T12:00:00Z"  # FY2028-Q1 open: every fixture quarter is over
CLOSED_FIRST = ("FY2026-Q3", "FY2026-Q4", "FY2027-Q1", "FY2027-Q2", "FY2027-Q3")
RECORDED = ("rebate_ledger", "pending_rewards", "partner_tiers", "partner_statements")
HEADER = (
    "report_line_id,invoice_date,reseller_account,end_customer_id,end_customer_segment,sku,"
    "quantity,unit_price,currency,deal_id\n"
)
D = Decimal
Marts = dict[str, tuple[list[str], list[tuple]]]


@dataclass
class Story:
    warehouse: Path
    register: Path
    refusals: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)
    marts: dict[str, Marts] = field(default_factory=dict)
    statements: dict[str, str] = field(default_factory=dict)  # "<run> <quarter>" -> P007's text
    register_after_crash: list[str] = field(default_factory=list)
    register_before_crash: list[str] = field(default_factory=list)
    crash: subprocess.CompletedProcess | None = None
    deliveries: dict[str, Delivery] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)  # "<run>": P007 FY2027-Q4's hash
    tampered: subprocess.CompletedProcess | None = None
    warehouse_untouched_by_tampered_run: bool = False


def channel_ledger(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dagster_project.cli", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def close(story: Story, quarter: str) -> subprocess.CompletedProcess:
    return channel_ledger("close", "--quarter", quarter, "--by", "Ana Finance",
                          "--warehouse", str(story.warehouse))  # fmt: skip


def records(register: Path) -> list[str]:
    return sorted(p.name for p in register.iterdir() if p.is_dir() and p.name[0].isdigit())


def restate(landing: Path, distributor: str, name: str, line: str) -> None:
    (landing / "sell_through" / distributor / name).write_text(HEADER + line + "\n")


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    base = tmp_path_factory.mktemp("closing")
    landing = copy_fixture(base / "landing")
    warehouse, outbox = base / "warehouse.duckdb", base / "outbox"
    story = Story(warehouse=warehouse, register=base / "warehouse.duckdb.closes")

    def run(name: str, send: bool = False) -> None:
        run_cli(landing, warehouse, outbox, "--as-of", AS_OF)
        story.marts[name] = all_marts(warehouse)
        if send:
            log = warehouse.with_name(warehouse.name + ".send-log.sqlite")
            story.deliveries[name] = deliver_statements(
                warehouse, outbox, log, server.resource(), name
            )
            eml = (outbox / "FY2027-Q4" / "P007.eml").read_bytes()
            story.figures[name] = str(BytesParser().parsebytes(eml)[FIGURES_HEADER])
        for quarter in ("FY2027-Q4", "FY2028-Q1"):
            html = (outbox / quarter / "P007.html").read_text(encoding="utf-8")
            story.statements[f"{name} {quarter}"] = " ".join(re.sub(r"<[^>]+>", " ", html).split())

    server = MailServerOnLoopback()
    server.start()
    run("A")
    story.refusals["out_of_order"] = close(story, "FY2026-Q4")
    story.refusals["not_over"] = close(story, "FY2028-Q1")
    story.refusals["reopen_none"] = channel_ledger(
        "close", "--reopen", "FY2026-Q3", "--by", "Ana", "--reason", "test",
        "--warehouse", str(warehouse),
    )  # fmt: skip
    for quarter in CLOSED_FIRST:
        assert close(story, quarter).returncode == 0, quarter
    story.refusals["twice"] = close(story, "FY2027-Q3")
    story.refusals["reopen_not_last"] = channel_ledger(
        "close", "--reopen", "FY2027-Q2", "--by", "Ana", "--reason", "test",
        "--warehouse", str(warehouse),
    )  # fmt: skip
    story.refusals["run_in_closed_quarter"] = channel_ledger(
        "run", "--landing", str(landing), "--warehouse", str(warehouse),
        "--outbox", str(outbox), "--as-of", "2026-12-15T00:00:00Z",
    )  # fmt: skip

    restate(
        landing,
        "BRAVO",
        "BRAVO_2027-02.csv",
        "7002,2026-11-20,B-07,C-701,SMB,PC-100,12,2500.00,USD,",
    )
    restate(
        landing,
        "ALSTON",
        "ALSTON_2027-02-01.csv",
        "L9,2026-10-05,A-100,C-950,SMB,PC-100,0,2500.00,USD,",
    )
    with (landing / "market_growth.csv").open("a") as market:
        market.write("FY2027-Q3,PC,AP,-0.95\n")
    run("B", send=True)

    story.register_before_crash = records(story.register)
    story.crash = subprocess.run(
        [sys.executable, "-m", "dagster_project.cli", "close", "--quarter", "FY2027-Q4",
         "--by", "Ana Finance", "--warehouse", str(warehouse)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "CHANNEL_LEDGER_CRASH_AT": "close"},
    )  # fmt: skip
    story.register_after_crash = records(story.register)
    assert close(story, "FY2027-Q4").returncode == 0

    restate(
        landing,
        "BRAVO",
        "BRAVO_2027-03.csv",
        "7002,2026-11-20,B-07,C-701,SMB,PC-100,14,2500.00,USD,",
    )
    with (landing / "claims.csv").open("a") as claims:
        claims.write("C20,P007,FY2027-Q4,GROWTH_AT_MARKET,300.00,2027-04-20T10:00:00Z\n")
    run("D", send=True)
    server.stop()
    # The same inputs and register, dbt on Spark (closing is portable), into a
    # warehouse of its own: a warehouse rebuilt from the landing folder and the register alone.
    spark = base / "spark" / "warehouse.duckdb"
    env = {**os.environ, "CHANNEL_LEDGER_CLOSES": str(story.register)}
    run_cli(landing, spark, base / "spark" / "outbox", "--as-of", AS_OF, "--engine", "spark",
            env=env)  # fmt: skip
    story.marts["D on Spark"] = all_marts(spark)

    backup = base / "register-backup"
    shutil.copytree(story.register, backup)
    before = warehouse.read_bytes()
    ledger = next(story.register.glob("0005-*")) / "rebate_ledger.parquet"
    with duckdb.connect() as con:
        con.execute(f"create table t as select * from read_parquet('{ledger}')")
        con.execute("update t set amount_usd = amount_usd + 1 where partner_id = 'P007'")
        con.execute(f"copy t to '{ledger}' (format parquet)")
    story.tampered = channel_ledger(
        "run", "--landing", str(landing), "--warehouse", str(warehouse),
        "--outbox", str(outbox), "--as-of", AS_OF,
    )  # fmt: skip
    story.warehouse_untouched_by_tampered_run = warehouse.read_bytes() == before
    shutil.rmtree(story.register)
    shutil.copytree(backup, story.register)

    reopened = channel_ledger(
        "close", "--reopen", "FY2027-Q4", "--by", "Ben Controller",
        "--reason", "late restatement of 7002", "--warehouse", str(warehouse),
    )  # fmt: skip
    assert reopened.returncode == 0, reopened.stdout + reopened.stderr
    run("F")
    return story


def rows(marts: Marts, name: str, *columns: str, where=None) -> list[tuple]:
    names, data = marts[name]
    picked = [tuple(row[names.index(c)] for c in columns) for row in data]
    if where is not None:
        picked = [
            tuple(row[names.index(c)] for c in columns)
            for row in data
            if where(dict(zip(names, row, strict=True)))
        ]
    return sorted(picked, key=repr)


ADJUSTMENT = (
    "fiscal_quarter", "adjusts_quarter", "partner_id", "reward_type", "reference",
    "booked_amount_usd", "recomputed_amount_usd", "amount_usd", "basis_usd", "reason",
)  # fmt: skip


def adjustments(marts: Marts) -> list[tuple]:
    return rows(marts, "ledger_adjustments", *ADJUSTMENT)


def ledger_adjustment_lines(marts: Marts) -> list[tuple]:
    return rows(
        marts, "rebate_ledger",
        "fiscal_quarter", "adjusts_quarter", "partner_id", "reward_type", "reference",
        "basis_usd", "rate", "amount_usd",
        where=lambda r: r["adjusts_quarter"] is not None,
    )  # fmt: skip


def of_quarters(marts: Marts, name: str, quarters: tuple[str, ...]) -> list[tuple]:
    names, data = marts[name]
    index = names.index("fiscal_quarter")
    return sorted((row for row in data if row[index] in quarters), key=repr)


def test_refusals_say_why_and_change_nothing(story: Story) -> None:
    # Nothing: the audit trail holds the closes and the reopening of the story, numbered 1 to 7
    # without a gap (test_reopening_...), and no run was published in a closed quarter.
    expected = {
        "out_of_order": "close FY2026-Q3 before FY2026-Q4",
        "not_over": "FY2028-Q1 is not over at the warehouse's as-of time",
        "reopen_none": "no quarter is closed",
        "twice": "FY2027-Q3 is already closed (by Ana Finance",
        "reopen_not_last": "only the last closed quarter can be reopened: FY2027-Q3",
        "run_in_closed_quarter": "the run's as-of quarter FY2027-Q3 is closed",
    }
    for name, text in expected.items():
        done = story.refusals[name]
        assert done.returncode == 2, (name, done.stdout, done.stderr)
        assert text in " ".join((done.stdout + done.stderr).split()), (name, done.stderr)


def test_closed_quarters_report_their_recorded_rows_whatever_arrives_later(story: Story) -> None:
    for relation in RECORDED:
        recorded = of_quarters(story.marts["A"], relation, CLOSED_FIRST)
        assert recorded, relation
        for later in ("B", "D", "D on Spark"):
            assert of_quarters(story.marts[later], relation, CLOSED_FIRST) == recorded, (
                relation,
                later,
            )
    # FY2027-Q4 as closed after run B, in run D.
    for relation in RECORDED:
        at_close = of_quarters(story.marts["B"], relation, ("FY2027-Q4",))
        assert of_quarters(story.marts["D"], relation, ("FY2027-Q4",)) == at_close, relation


def test_late_changes_become_adjustments_in_the_first_quarter_not_closed(story: Story) -> None:
    assert adjustments(story.marts["B"]) == sorted([
        ("FY2027-Q4", "FY2027-Q3", "P001", "BASE", "PC", D("25.00"), D("0.00"), D("-25.00"),
         D("-2500"), "NO_LONGER_EARNED"),
        ("FY2027-Q4", "FY2027-Q3", "P007", "BASE", "PC", D("250.00"), D("300.00"), D("50.00"),
         D("5000"), "BASIS_CHANGED"),
        ("FY2027-Q4", "FY2027-Q3", "P007", "GROWTH_AT_MARKET", "PC", D("0.00"), D("300.00"),
         D("300.00"), D("30000"), "MARKET_DATA_ARRIVED"),
    ], key=repr)  # fmt: skip
    # The ledger holds them as lines of FY2027-Q4, rate empty.
    assert ledger_adjustment_lines(story.marts["B"]) == sorted([
        ("FY2027-Q4", "FY2027-Q3", "P001", "BASE", "PC", D("-2500"), None, D("-25.00")),
        ("FY2027-Q4", "FY2027-Q3", "P007", "BASE", "PC", D("5000"), None, D("50.00")),
        ("FY2027-Q4", "FY2027-Q3", "P007", "GROWTH_AT_MARKET", "PC", D("30000"), None,
         D("300.00")),
    ], key=repr)  # fmt: skip
    # They count in FY2027-Q4's totals: P007 holds no other line there, P001 neither.
    totals = dict(
        ((p, q), t)
        for p, q, t in rows(
            story.marts["B"],
            "partner_statements",
            "partner_id",
            "fiscal_quarter",
            "total_rewards_usd",
        )  # fmt: skip
    )
    assert totals["P007", "FY2027-Q4"] == D("350.00")
    assert totals["P001", "FY2027-Q4"] == D("-25.00")
    accrued = dict(
        ((p, q), a)
        for p, q, a in rows(
            story.marts["B"], "rebate_reconciliation", "partner_id", "fiscal_quarter", "accrued_usd"
        )  # fmt: skip
    )
    assert accrued["P007", "FY2027-Q4"] == D("350.00")


def test_claims_of_a_closed_quarter_are_decided_on_its_recorded_ledger(story: Story) -> None:
    decided = rows(
        story.marts["B"], "claim_decisions",
        "claim_id", "entitlement_usd", "decision", "amount_approved_usd",
        where=lambda r: r["claim_id"] in ("C08", "C09"),
    )  # fmt: skip
    assert decided == [
        ("C08", D("25.00"), "APPROVED", D("25.00")),
        ("C09", D("0.00"), "REJECTED", D("0.00")),
    ]


def test_a_close_killed_half_way_leaves_the_register_as_it_was(story: Story) -> None:
    assert story.crash is not None and story.crash.returncode == -9
    assert story.register_after_crash == story.register_before_crash
    assert len(story.register_before_crash) == len(CLOSED_FIRST)


def test_a_second_late_change_is_adjusted_against_recorded_and_earlier_adjustments(
    story: Story,
) -> None:
    assert adjustments(story.marts["D"]) == sorted([
        # The adjustments FY2027-Q4 held, as recorded with its close.
        *adjustments(story.marts["B"]),
        ("FY2028-Q1", "FY2027-Q3", "P007", "BASE", "PC", D("300.00"), D("350.00"), D("50.00"),
         D("5000"), "BASIS_CHANGED"),
        ("FY2028-Q1", "FY2027-Q3", "P007", "GROWTH_AT_MARKET", "PC", D("300.00"), D("350.00"),
         D("50.00"), D("5000"), "BASIS_CHANGED"),
    ], key=repr)  # fmt: skip


def test_a_warehouse_rebuilt_from_landing_and_register_on_spark_gives_the_same_marts(
    story: Story,
) -> None:
    """Nothing closed lives only in the warehouse: a new one, built by dbt on Spark from the
    landing folder and the close register, books the same closed figures and adjustments."""
    assert story.marts["D on Spark"] == story.marts["D"]


def test_a_tampered_register_stops_the_run_before_anything_is_published(story: Story) -> None:
    assert story.tampered is not None and story.tampered.returncode == 2
    message = " ".join((story.tampered.stdout + story.tampered.stderr).split())
    assert "the record of FY2027-Q3 (0005-FY2027-Q3-CLOSED) does not match its SHA-256" in message
    assert story.warehouse_untouched_by_tampered_run


def test_reopening_recomputes_the_adjustments_into_the_reopened_quarter(story: Story) -> None:
    assert adjustments(story.marts["F"]) == sorted([
        ("FY2027-Q4", "FY2027-Q3", "P001", "BASE", "PC", D("25.00"), D("0.00"), D("-25.00"),
         D("-2500"), "NO_LONGER_EARNED"),
        ("FY2027-Q4", "FY2027-Q3", "P007", "BASE", "PC", D("250.00"), D("350.00"), D("100.00"),
         D("10000"), "BASIS_CHANGED"),
        ("FY2027-Q4", "FY2027-Q3", "P007", "GROWTH_AT_MARKET", "PC", D("0.00"), D("350.00"),
         D("350.00"), D("35000"), "MARKET_DATA_ARRIVED"),
    ], key=repr)  # fmt: skip
    closes = rows(
        story.marts["F"], "quarter_closes",
        "close_sequence", "fiscal_quarter", "action", "by", "reason", "is_in_force",
    )  # fmt: skip
    assert closes == [
        (1, "FY2026-Q3", "CLOSED", "Ana Finance", None, True),
        (2, "FY2026-Q4", "CLOSED", "Ana Finance", None, True),
        (3, "FY2027-Q1", "CLOSED", "Ana Finance", None, True),
        (4, "FY2027-Q2", "CLOSED", "Ana Finance", None, True),
        (5, "FY2027-Q3", "CLOSED", "Ana Finance", None, True),
        (6, "FY2027-Q4", "CLOSED", "Ana Finance", None, False),
        (7, "FY2027-Q4", "REOPENED", "Ben Controller", "late restatement of 7002", False),
    ]
    # Each close records its quarter's ledger: FY2027-Q4's three adjustment lines and P002's
    # BASE line (ALSTON 2002, 100.00 at SILVER's 1.0%: 1.00) = 326.00.
    totals = rows(story.marts["F"], "quarter_closes", "close_sequence", "ledger_lines",
                  "ledger_total_usd", where=lambda r: r["action"] == "CLOSED")  # fmt: skip
    assert totals[-1] == (6, 4, D("326.00"))
    assert totals[4] == (5, 11, D("2667.25"))


def test_an_operator_closes_from_dagster_and_the_register_shows_as_metadata(
    story: Story, tmp_path: Path
) -> None:
    """The job close_quarter, as the UI starts it, on a copy of the story's last state (FY2027-Q4
    reopened, the warehouse as of FY2028-Q1)."""
    from dagster_project.transform.project import prepare_manifest

    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(story.warehouse, warehouse)
    shutil.copytree(story.register, tmp_path / "warehouse.duckdb.closes")
    prepare_manifest()
    from dagster_project.definitions import defs

    job = defs.resolve_job_def("close_quarter")

    def execute(quarter: str):
        return job.execute_in_process(
            run_config={
                "ops": {"close_register__register": {"config": {"quarter": quarter, "by": "Ops"}}},
                "resources": {"settings": {"config": {"warehouse_path": str(warehouse)}}},
            },
            raise_on_error=False,
        )

    closed = execute("FY2027-Q4")
    assert closed.success
    (materialization,) = closed.get_asset_materialization_events()
    metadata = {k: v.value for k, v in materialization.materialization.metadata.items()}
    assert metadata["closed_up_to"] == "FY2027-Q4"
    assert metadata["closed_quarters"] == ", ".join((*CLOSED_FIRST, "FY2027-Q4"))
    assert metadata["record"] == "0008-FY2027-Q4-CLOSED"

    refused = execute("FY2027-Q4")
    assert not refused.success
    failure = next(e for e in refused.all_events if e.is_step_failure)
    assert "refused: FY2027-Q4 is already closed (by Ops" in str(failure.step_failure_data.error)
    assert records(tmp_path / "warehouse.duckdb.closes")[-1] == "0008-FY2027-Q4-CLOSED"


def test_statements_tell_of_adjustments_and_a_closed_quarter_is_final(story: Story) -> None:
    over = story.statements["B FY2027-Q4"]
    assert "FY2027-Q4 is over: its figures may still change with late reports" in over
    section = over[over.index("Adjustments to earlier quarters") :]
    assert (
        "FY2027-Q3 Base rebate PC $250.00 $300.00 $50.00 Its basis changed after the quarter"
        " closed" in section
    )
    assert (
        "FY2027-Q3 Growth at market PC $0.00 $300.00 $300.00 The market data for the quarter"
        " arrived after it closed" in section
    )
    assert "Total, with the adjustments below $350.00" in over

    closed = story.statements["D FY2027-Q4"]
    assert "FY2027-Q4 is closed: these are its final figures, as recorded on" in closed
    # The figures as recorded: the first late change, not the second (35,000 now).
    assert "FY2027-Q3 Base rebate PC $250.00 $300.00 $50.00" in closed
    assert "Total, with the adjustments below $350.00" in closed

    later = story.statements["D FY2028-Q1"]
    assert "FY2027-Q3 Base rebate PC $300.00 $350.00 $50.00" in later
    assert "FY2027-Q3 Growth at market PC $300.00 $350.00 $50.00" in later


def test_a_claim_on_a_closed_quarter_counts_its_adjustments_and_its_statement_is_not_revised(
    story: Story,
) -> None:
    """C20 claims P007's FY2027-Q4 growth after FY2027-Q4 closed: its entitlement is the
    adjustment line FY2027-Q4 holds (300.00). The claim changes the statement's figures, but a
    closed quarter's statement, once sent, is never sent again."""
    decided = rows(
        story.marts["D"], "claim_decisions",
        "claim_id", "entitlement_usd", "decision", "amount_approved_usd",
        where=lambda r: r["claim_id"] == "C20",
    )  # fmt: skip
    assert decided == [("C20", D("300.00"), "APPROVED", D("300.00"))]
    assert story.figures["D"] != story.figures["B"]
    key = ("P007", "FY2027-Q4")
    assert key in story.deliveries["B"].sent
    assert key in story.deliveries["D"].skipped
    d = story.deliveries["D"]
    assert key not in d.revised + d.updated + d.sent
    # The open quarter's statement carries the new adjustments: the period's update, not revised.
    assert ("P007", "FY2028-Q1") in d.updated


def test_finance_says_whether_a_quarter_is_closed_and_lists_the_adjustments_it_holds(
    story: Story, tmp_path: Path
) -> None:
    """After the story FY2027-Q3 is closed and FY2027-Q4 (reopened) holds the adjustments of
    run F."""
    closed = channel_ledger("finance", "--quarter", "FY2027-Q3", "--warehouse",
                            str(story.warehouse), "--out", str(tmp_path / "q3"))  # fmt: skip
    assert closed.returncode == 0, closed.stdout + closed.stderr
    said = " ".join((closed.stdout + closed.stderr).split())
    assert "FY2027-Q3 is closed (by Ana Finance on" in said
    assert "its figures are final" in said

    holding = channel_ledger("finance", "--quarter", "FY2027-Q4", "--warehouse",
                             str(story.warehouse), "--out", str(tmp_path / "q4"))  # fmt: skip
    assert holding.returncode == 0, holding.stdout + holding.stderr
    assert "FY2027-Q4 is not closed: its figures may still change" in " ".join(
        (holding.stdout + holding.stderr).split()
    )
    workbook = load_workbook(tmp_path / "q4" / "reconciliation_FY2027-Q4.xlsx")
    sheet = workbook["Adjustments"]
    header = [cell.value for cell in sheet[1]]
    *lines, total = sheet.iter_rows(min_row=2, values_only=True)
    adjusted = sorted(
        (row[header.index("Partner")], row[header.index("Reward")],
         row[header.index("Adjustment")])
        for row in lines
    )  # fmt: skip
    assert adjusted == [
        ("P001", "Base rebate", -25),
        ("P007", "Base rebate", 100),
        ("P007", "Growth at market", 350),
    ]
    assert total[0] == "Total" and total[header.index("Adjustment")].startswith("=SUBTOTAL(")
    summary = (tmp_path / "q4" / "summary_FY2027-Q4.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    assert "Adjustments to closed quarters held here" in text
    assert "P007 Granite Labs FY2027-Q3 Growth at market PC $0.00 $350.00 $350.00" in text
