"""Great Expectations validation of raw Parquet tables, run as SQL inside DuckDB."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest.contract import SELL_THROUGH, SOURCES
from dagster_project.ingest.contract_files import raw_columns
from dagster_project.quality import gx_validation
from dagster_project.quality.gx_validation import (
    DataDocs,
    SuiteFormatError,
    SuiteOutcome,
    finish_data_docs,
    load_suite,
    validate_parquet,
)
from dagster_project.quality.kept_validations import validate_landed

SUITES = Path(__file__).resolve().parents[1] / "expectations"
# The raw schema ingestion writes (the contract between ingestion and the suites), lineage aside:
# from the reader itself, so that a test's table is typed as a landed file's.
_LINEAGE_COLUMNS = ("source_file", "line_number", "file_checksum")
RAW_SCHEMAS: dict[str, dict[str, str]] = {
    source.name: {
        name: kind for name, kind in raw_columns(source).items() if name not in _LINEAGE_COLUMNS
    }
    for source in (*SOURCES, SELL_THROUGH)
}
LINEAGE = {name: raw_columns(SELL_THROUGH)[name] for name in _LINEAGE_COLUMNS}

CLEAN_PARTNERS = [
    ("P001", "Acme", "DE", "EMEA", "2024-01-15", "2024-01-15", "ACTIVE"),
    ("P002", "Globex", "US", "NA", None, None, None),
    ("P003", "Initech", "BR", "LA", "2023-06-01", "2023-06-01", "TERMINATED"),
    ("P004", "Umbrella", "JP", "AP", None, None, "ACTIVE"),
]


def _write_parquet(path: Path, columns: dict[str, str], rows: list[tuple[object, ...]]) -> Path:
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE t (" + ", ".join(f'"{c}" {t}' for c, t in columns.items()) + ")")
        if rows:
            con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(columns))})", rows)
        con.execute(f"COPY t TO '{path}' (FORMAT parquet)")
    finally:
        con.close()
    return path


def _partners(tmp_path: Path, rows: list[tuple[object, ...]]) -> Path:
    with_lineage = [(*r, "partners.csv", i + 2, "sha256:ab") for i, r in enumerate(rows)]
    schema = {**RAW_SCHEMAS["partners"], **LINEAGE}
    return _write_parquet(tmp_path / "partners.parquet", schema, with_lineage)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """GX must not phone home (analytics, version checks): any connection attempt fails."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_clean_partners_pass(tmp_path: Path) -> None:
    outcome = validate_parquet(_partners(tmp_path, CLEAN_PARTNERS), SUITES / "partners.json")

    assert outcome.success, outcome.to_markdown()
    assert outcome.suite == "partners"
    assert outcome.evaluated_rows == 4
    assert outcome.failures == ()
    assert not outcome.blocking
    assert len(outcome.outcomes) == len(load_suite(SUITES / "partners.json").expectations)


def test_duplicate_id_and_bad_region_fail_exactly_those(tmp_path: Path) -> None:
    rows = [*CLEAN_PARTNERS, ("P001", "Acme again", "FR", "EMEA", None, None, "ACTIVE")]
    rows[1] = ("P002", "Globex", "US", "MARS", None, None, None)

    outcome = validate_parquet(_partners(tmp_path, rows), SUITES / "partners.json")

    assert not outcome.success
    assert outcome.evaluated_rows == 5
    failed = {(o.expectation, o.column): o.unexpected_count for o in outcome.failures}
    # GX counts every row of a duplicated value, so one duplicate is two unexpected rows.
    assert failed == {
        ("expect_column_values_to_be_unique", "partner_id"): 2,
        ("expect_column_values_to_be_in_set", "region"): 1,
    }
    # The file's content: a warning, the run goes on (the models keep the first row of an id).
    assert not outcome.blocking
    assert {o.severity for o in outcome.failures} == {"warning"}
    region = next(o for o in outcome.failures if o.column == "region")
    assert "'MARS'" in region.details

    metadata = outcome.to_metadata()
    assert metadata["failed"] == 2 and metadata["success"] is False
    assert all(isinstance(v, str | int | bool) for v in metadata.values())
    assert "expect_column_values_to_be_in_set(region)" in str(metadata["failed_expectations"])


def test_regex_and_text_present_checks_run_in_duckdb(tmp_path: Path) -> None:
    # A lower-case country breaks the regex; an enrolled_on_text that did not parse only warns.
    rows = [*CLEAN_PARTNERS, ("P005", "Hooli", "us", "NA", None, "2024-02-30", None)]

    outcome = validate_parquet(_partners(tmp_path, rows), SUITES / "partners.json")

    failed = {(o.expectation, o.column): (o.unexpected_count, o.severity) for o in outcome.failures}
    assert failed == {
        ("expect_column_values_to_match_regex", "country"): (1, "warning"),
        ("expect_column_values_to_not_be_null", "enrolled_on"): (1, "warning"),
    }


def test_only_a_critical_failure_blocks(tmp_path: Path) -> None:
    # A line without its source file breaks what ingestion guarantees: the figures would be
    # wrong as a whole. A bad value in the file's content only warns.
    rows = [*CLEAN_PARTNERS, ("P005", "Hooli", "us", "NA", None, None, None)]
    with_lineage = [(*r, "partners.csv", i + 2, "sha256:ab") for i, r in enumerate(rows)]
    with_lineage[0] = (*rows[0], None, 2, "sha256:ab")
    parquet = _write_parquet(
        tmp_path / "p.parquet", {**RAW_SCHEMAS["partners"], **LINEAGE}, with_lineage
    )

    outcome = validate_parquet(parquet, SUITES / "partners.json")

    failed = {(o.column, o.severity) for o in outcome.failures}
    assert failed == {("source_file", "critical"), ("country", "warning")}
    assert outcome.blocking


def test_mostly_tolerates_a_few_bad_sell_through_lines(tmp_path: Path) -> None:
    schema = {**RAW_SCHEMAS["sell_through_lines"], **LINEAGE}
    line = dict.fromkeys(schema, None) | {
        "distributor_id": "D1", "invoice_date": "2026-05-04",
        "invoice_date_text": "2026-05-04", "reseller_account": "R1", "sku": "SKU1",
        "quantity": 2, "quantity_text": "2", "unit_price": "10.5", "unit_price_text": "10.5",
        "currency": "EUR", "source_file": "sell_through/D1/a.csv", "file_checksum": "sha256:ab",
    }  # fmt: skip
    lines = [line | {"report_line_id": f"L{i}", "line_number": i + 2} for i in range(200)]
    lines[0]["report_line_id"] = None  # one missing report_line_id: 0.5% < 1%
    rows = [tuple(r.values()) for r in lines]

    outcome = validate_parquet(
        _write_parquet(tmp_path / "st.parquet", schema, rows), SUITES / "sell_through_lines.json"
    )

    assert outcome.success, outcome.to_markdown()
    line_id = next(o for o in outcome.outcomes if o.column == "report_line_id")
    assert line_id.unexpected_count == 1


def test_compound_uniqueness_counts_every_copy(tmp_path: Path) -> None:
    # GX counts every copy of a repeated key; a key with a NULL is ignored where the suite says.
    schema = {**RAW_SCHEMAS["sell_through_lines"], **LINEAGE}
    line = dict.fromkeys(schema) | {"source_file": "a.csv", "distributor_id": "D1"}
    lines = [line | {"report_line_id": f"L{i}", "line_number": i + 2} for i in range(300)]
    lines[1]["report_line_id"] = lines[2]["report_line_id"] = "L1"  # 2 of 300: within mostly
    lines[5]["report_line_id"] = lines[6]["report_line_id"] = None  # ignored: a value is missing
    parquet = _write_parquet(tmp_path / "st.parquet", schema, [tuple(r.values()) for r in lines])
    within = validate_parquet(parquet, SUITES / "sell_through_lines.json")
    for n in range(7, 12):  # 7 of 300 copies: above the 1% that mostly allows
        lines[n]["report_line_id"] = "L1"
    _write_parquet(parquet, schema, [tuple(r.values()) for r in lines])
    beyond = validate_parquet(parquet, SUITES / "sell_through_lines.json")

    (ok,) = [o for o in within.outcomes if "compound" in o.expectation]
    (failed,) = [o for o in beyond.outcomes if "compound" in o.expectation]
    assert (ok.success, ok.unexpected_count, ok.column) == (True, 2, "source_file, report_line_id")
    assert ok.details.startswith("2 of 300 rows unexpected")
    assert (failed.success, failed.unexpected_count) == (False, 7)
    assert "'report_line_id': 'L1'" in failed.details


def test_a_directory_or_glob_of_parts_is_one_table(tmp_path: Path) -> None:
    # Ingestion writes sell-through as one part per report file (an empty one when none landed).
    parts = tmp_path / "sell_through_lines"
    parts.mkdir()
    schema = {**RAW_SCHEMAS["partners"], **LINEAGE}
    _write_parquet(parts / "part-000000.parquet", schema, [])
    for n, row in enumerate(CLEAN_PARTNERS[:2], start=1):
        _write_parquet(parts / f"part-{n:06d}.parquet", schema, [(*row, f"f{n}.csv", 2, "x")])
    # A duplicate across two parts is only visible when the parts are read together.
    _write_parquet(parts / "part-000003.parquet", schema, [(*CLEAN_PARTNERS[0], "f3.csv", 2, "x")])

    for path in (parts, parts / "*.parquet"):
        outcome = validate_parquet(path, SUITES / "partners.json")
        assert outcome.evaluated_rows == 3
        assert [(o.column, o.unexpected_count) for o in outcome.failures] == [("partner_id", 2)]


def test_parts_with_different_schemas_are_read_by_name(tmp_path: Path) -> None:
    # A part without a column and one with an extra column: one table, missing values null.
    parts = tmp_path / "parts"
    parts.mkdir()
    schema = {**RAW_SCHEMAS["partners"], **LINEAGE}
    without_status = {c: t for c, t in schema.items() if c != "status"}
    _write_parquet(parts / "a.parquet", without_status, [(*CLEAN_PARTNERS[0][:6], "a", 2, "x")])
    _write_parquet(
        parts / "b.parquet", schema | {"extra": "INTEGER"}, [(*CLEAN_PARTNERS[1], "b", 2, "x", 7)]
    )

    outcome = validate_parquet(parts, SUITES / "partners.json")

    assert outcome.success, outcome.to_markdown()
    assert outcome.evaluated_rows == 2


def test_empty_parquet_passes(tmp_path: Path) -> None:
    outcome = validate_parquet(_partners(tmp_path, []), SUITES / "partners.json")

    assert outcome.success, outcome.to_markdown()
    assert outcome.evaluated_rows == 0


@pytest.mark.parametrize("source", sorted(RAW_SCHEMAS))
def test_every_suite_runs_on_an_empty_table(tmp_path: Path, source: str) -> None:
    parquet = _write_parquet(tmp_path / f"{source}.parquet", {**RAW_SCHEMAS[source], **LINEAGE}, [])

    outcome = validate_parquet(parquet, SUITES / f"{source}.json")

    assert outcome.suite == source
    assert outcome.success, outcome.to_markdown()


def test_there_is_a_suite_for_every_source() -> None:
    assert sorted(p.stem for p in SUITES.glob("*.json")) == sorted(RAW_SCHEMAS)


def test_missing_column_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    schema = {c: t for c, t in RAW_SCHEMAS["partners"].items() if c != "region"}
    rows = [(*r[:3], *r[4:], "partners.csv", i, "x") for i, r in enumerate(CLEAN_PARTNERS)]
    parquet = _write_parquet(tmp_path / "p.parquet", {**schema, **LINEAGE}, rows)

    outcome = validate_parquet(parquet, SUITES / "partners.json")

    failed = {(o.expectation, o.column) for o in outcome.failures}
    assert failed == {
        ("expect_table_columns_to_match_set", None),
        ("expect_column_values_to_not_be_null", "region"),
        ("expect_column_values_to_be_in_set", "region"),
    }
    assert all(o.unexpected_count is None for o in outcome.failures)


def test_validations_share_one_context_and_leave_nothing_behind(tmp_path: Path) -> None:
    parquet = _partners(tmp_path, CLEAN_PARTNERS)
    for _ in range(2):
        assert validate_parquet(parquet, SUITES / "partners.json").success

    datasource = gx_validation._datasource()
    assert datasource.assets == []
    with datasource.get_engine().connect() as con:
        views = con.exec_driver_sql("SELECT view_name FROM duckdb_views() WHERE NOT internal")
        assert views.fetchall() == []


def test_missing_suite_raises(tmp_path: Path) -> None:
    parquet = _partners(tmp_path, CLEAN_PARTNERS)
    with pytest.raises(FileNotFoundError, match="expectation suite file not found"):
        validate_parquet(parquet, tmp_path / "nope.json")


def test_missing_parquet_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="parquet file not found"):
        validate_parquet(tmp_path / "nope.parquet", SUITES / "partners.json")


_NOT_NULL = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "partner_id"}}


@pytest.mark.parametrize(
    ("suite", "message"),
    [
        ({"name": "x", "expectations": [_NOT_NULL | {"severity": "warn"}]}, "critical, warning"),
        ({"name": "x", "expectations": [_NOT_NULL | {"kwargs": {}}]}, "column"),
        (
            {"name": "x", "expectations": [{"type": "expect_no_such_thing", "kwargs": {}}]},
            "no_such",
        ),
        ({"expectations": [_NOT_NULL]}, "name"),
    ],
)
def test_bad_suite_files_are_rejected(
    tmp_path: Path, suite: dict[str, object], message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(suite))
    with pytest.raises(SuiteFormatError, match=message):
        validate_parquet(_partners(tmp_path, CLEAN_PARTNERS), path)


def test_every_suite_opens_with_gx_own_file_context(tmp_path: Path) -> None:
    # The folder is a GX project: GX itself reads each suite, and the pipeline's reading of it
    # (GX's schema) gives the same suite, severities included.
    import great_expectations as gx

    shutil.copytree(SUITES, tmp_path / "expectations")
    context = gx.get_context(mode="file", context_root_dir=tmp_path / "expectations")
    names = sorted(suite.name for suite in context.suites.all())
    assert names == sorted(RAW_SCHEMAS)
    for name in names:
        by_gx = context.suites.get(name)
        ours = load_suite(SUITES / f"{name}.json")
        assert by_gx.to_json_dict() == ours.to_json_dict()
        assert {e.severity.value for e in ours.expectations} <= {"critical", "warning", "info"}


def test_a_validation_is_rendered_into_data_docs(tmp_path: Path) -> None:
    rows = [*CLEAN_PARTNERS, ("P002", "Globex", "US", "MARS", None, None, None)]
    docs = DataDocs(tmp_path / "docs", run_name="run-42")

    validate_parquet(_partners(tmp_path, rows), SUITES / "partners.json", docs)
    finish_data_docs()  # rendered beside the work that follows the validation

    assert (docs.directory / "index.html").is_file()
    assert (docs.directory / "expectations" / "partners.html").is_file()
    (page,) = (docs.directory / "validations" / "partners" / "run-42").rglob("*.html")
    assert "MARS" in page.read_text()  # the sample of unexpected values is on the page


def test_summary_is_short_markdown() -> None:
    outcome = SuiteOutcome(suite="s", success=True, evaluated_rows=1234, outcomes=())
    assert outcome.to_markdown() == "**s**: 0 expectations, passed, 1,234 rows"


# --- results kept with the ingestion cache ------------------------------------------------------


def _report_part(path: Path, lines: int, missing_ids: int = 0) -> Path:
    """A landed report of `lines` lines, the first `missing_ids` without a report_line_id."""
    schema = {**RAW_SCHEMAS["sell_through_lines"], **LINEAGE}
    line = dict.fromkeys(schema) | {
        "distributor_id": "D1", "source_file": f"sell_through/D1/{path.stem}.csv",
        "file_checksum": "sha256:ab", "currency": "EUR",
    }  # fmt: skip
    rows = [
        tuple(
            (
                line
                | {"report_line_id": None if i < missing_ids else f"L{i}", "line_number": i + 2}
            ).values()
        )
        for i in range(lines)
    ]
    return _write_parquet(path, schema, rows)


def _verdicts(outcome: SuiteOutcome) -> list[tuple[str, str | None, bool, int | None]]:
    return [(o.expectation, o.column, o.success, o.unexpected_count) for o in outcome.outcomes]


def _missing_ids(outcome: SuiteOutcome) -> tuple[bool, int | None]:
    (ids,) = [
        o for o in outcome.outcomes if o.column == "report_line_id" and "null" in o.expectation
    ]
    return ids.success, ids.unexpected_count


def test_kept_results_validate_only_new_files_and_add_up_to_the_whole_table(
    tmp_path: Path,
) -> None:
    suite = SUITES / "sell_through_lines.json"
    store = tmp_path / "validations" / "sell_through_lines.json"
    parts = tmp_path / "parts"
    parts.mkdir()
    a = _report_part(parts / "a.parquet", 300)
    # Alone 2 of 100 lines without an id fail `mostly: 0.99`; with `a`, 2 of 400 pass.
    b = _report_part(parts / "b.parquet", 100, missing_ids=2)
    assert _missing_ids(validate_parquet(b, suite)) == (False, 2)

    first = validate_landed({a: "entry-a"}, suite, store)
    second = validate_landed({a: "entry-a", b: "entry-b"}, suite, store)
    again = validate_landed({a: "entry-a", b: "entry-b"}, suite, store)

    whole = validate_parquet(parts, suite)
    assert (first.validated_rows, first.kept_rows) == (300, 0)
    assert (second.validated_rows, second.kept_rows) == (100, 300)
    assert (again.validated_rows, again.kept_rows) == (0, 400)
    assert _missing_ids(second.outcome) == (True, 2)
    for kept in (second, again):
        assert _verdicts(kept.outcome) == _verdicts(whole)
        assert kept.outcome.evaluated_rows == whole.evaluated_rows == 400

    # `b` restated (a new entry): 5 of 400 lines without an id fail, as on the whole table.
    _report_part(b, 100, missing_ids=5)
    restated = validate_landed({a: "entry-a", b: "entry-b2"}, suite, store)
    assert (restated.validated_rows, restated.kept_rows) == (100, 300)
    assert _missing_ids(restated.outcome) == (False, 5)
    assert _verdicts(restated.outcome) == _verdicts(validate_parquet(parts, suite))
    # `a` withdrawn: `b` as validated last time stands alone.
    a.unlink()
    withdrawn = validate_landed({b: "entry-b2"}, suite, store)
    assert (withdrawn.validated_rows, withdrawn.kept_rows) == (0, 100)
    assert _missing_ids(withdrawn.outcome) == (False, 5)


def test_a_kept_critical_failure_still_blocks(tmp_path: Path) -> None:
    suite = SUITES / "sell_through_lines.json"
    store = tmp_path / "validations.json"
    schema = {**RAW_SCHEMAS["sell_through_lines"], **LINEAGE}
    # A line without its source_file: ingestion's lineage broken, the figures cannot stand.
    row = dict.fromkeys(schema) | {"distributor_id": "D1", "line_number": 2, "file_checksum": "x"}
    broken = _write_parquet(tmp_path / "broken.parquet", schema, [tuple(row.values())])
    clean = _report_part(tmp_path / "clean.parquet", 10)

    first = validate_landed({broken: "entry-broken"}, suite, store)
    kept = validate_landed({broken: "entry-broken", clean: "entry-clean"}, suite, store)

    for validated in (first, kept):
        assert validated.outcome.blocking
        critical = [o for o in validated.outcome.failures if o.severity == "critical"]
        assert [(o.column, o.unexpected_count) for o in critical] == [("source_file", 1)]
    assert (kept.validated_rows, kept.kept_rows) == (10, 1)


def test_kept_groups_are_few_the_small_ones_validated_again(tmp_path: Path) -> None:
    suite = SUITES / "sell_through_lines.json"
    store = tmp_path / "validations.json"
    files = {
        _report_part(tmp_path / f"{name}.parquet", lines): f"entry-{name}"
        for name, lines in (("a", 300), ("b", 10), ("c", 20), ("d", 30))
    }
    landed: dict[Path, str | None] = {}
    validated = []
    for path, entry in files.items():  # one more file a run
        landed[path] = entry
        validated.append(validate_landed(landed, suite, store).validated_rows)

    # Three groups kept (MAX_GROUPS): the fourth file is validated with the smallest group.
    assert validated == [300, 10, 20, 30 + 10]
    groups = json.loads(store.read_text())["groups"]
    assert sorted(len(g["entries"]) for g in groups) == [1, 1, 2]
    assert validate_landed(landed, suite, store).validated_rows == 0


def test_a_suite_edit_validates_everything_again(tmp_path: Path) -> None:
    suite = tmp_path / "sell_through_lines.json"
    shutil.copyfile(SUITES / "sell_through_lines.json", suite)
    store = tmp_path / "validations.json"
    part = _report_part(tmp_path / "a.parquet", 100, missing_ids=2)
    assert _missing_ids(validate_landed({part: "entry-a"}, suite, store).outcome) == (False, 2)

    data = json.loads(suite.read_text())
    for expectation in data["expectations"]:
        if expectation["kwargs"].get("column") == "report_line_id":
            expectation["kwargs"]["mostly"] = 0.95
    suite.write_text(json.dumps(data))
    edited = validate_landed({part: "entry-a"}, suite, store)

    assert edited.validated_rows == 100
    assert _missing_ids(edited.outcome) == (True, 2)


def test_a_whole_table_expectation_is_kept_only_for_the_same_files(tmp_path: Path) -> None:
    # partner_id unique compares rows of every file: a duplicate across two files is only seen
    # when they are validated together, so a result on one of them is not reused for both.
    schema = {**RAW_SCHEMAS["partners"], **LINEAGE}
    a = _write_parquet(tmp_path / "a.parquet", schema, [(*CLEAN_PARTNERS[0], "a", 2, "x")])
    b = _write_parquet(tmp_path / "b.parquet", schema, [(*CLEAN_PARTNERS[0], "b", 2, "x")])
    suite = SUITES / "partners.json"
    store = tmp_path / "validations.json"

    alone = validate_landed({a: "entry-a"}, suite, store)
    both = validate_landed({a: "entry-a", b: "entry-b"}, suite, store)
    again = validate_landed({a: "entry-a", b: "entry-b"}, suite, store)

    assert alone.outcome.success
    assert both.validated_rows == 2
    assert [(o.column, o.unexpected_count) for o in both.outcome.failures] == [("partner_id", 2)]
    assert (again.validated_rows, _verdicts(again.outcome)) == (0, _verdicts(both.outcome))


def test_a_suite_without_expectation_ids_is_read_and_kept_like_one_with(tmp_path: Path) -> None:
    # Results are matched to expectations by id; GX reads an expectation written without one
    # with none, so load_suite gives it one from its place and configuration.
    suite = tmp_path / "sell_through_lines.json"
    data = json.loads((SUITES / "sell_through_lines.json").read_text())
    for expectation in data["expectations"]:
        del expectation["id"]
    suite.write_text(json.dumps(data))
    store = tmp_path / "validations.json"
    part = _report_part(tmp_path / "a.parquet", 100, missing_ids=2)
    with_ids = validate_parquet(part, SUITES / "sell_through_lines.json")

    runs = [validate_landed({part: "entry-a"}, suite, store) for _ in range(2)]

    assert [(run.validated_rows, run.kept_rows) for run in runs] == [(100, 0), (0, 100)]
    for run in runs:
        assert _verdicts(run.outcome) == _verdicts(with_ids)
        assert _missing_ids(run.outcome) == (False, 2)
