"""Monthly runs reuse what did not change, and give exactly the marts of a run from scratch.

A run keeps the typed Parquet of every landing file in the ingestion cache beside its warehouse;
the next run reads only the files that are new or changed. When only report files changed, the
build starts from the published warehouse and rebuilds the lines they touch (an increment).
Whatever the cache and the published warehouse hold, the marts must be those of a clean run on
the same folder, row for row.
"""

import shutil
from pathlib import Path

import duckdb

from dagster_project.transform.increment import build_of
from tests.pipeline_runs import Run, all_marts, copy_fixture, run_cli

ALSTON = Path("sell_through/ALSTON")
BRAVO = Path("sell_through/BRAVO")
EUROLINK = Path("sell_through/EUROLINK")


def _cache(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".cache")


def _cache_entries(warehouse: Path) -> int:
    """Entries in the ingestion cache beside the warehouse: one per landing file it keeps."""
    return len(list(_cache(warehouse).glob("*.json")))


def test_a_cached_run_gives_the_marts_of_a_clean_run_after_files_change(
    run: Run, tmp_path: Path
) -> None:
    # The session's run on the fixture is the month before: its warehouse and its cache.
    landing = copy_fixture(tmp_path / "landing")
    cached = tmp_path / "cached" / "warehouse.duckdb"
    cached.parent.mkdir()
    shutil.copy2(run.warehouse, cached)
    shutil.copytree(_cache(run.warehouse), _cache(cached))
    before = all_marts(cached)
    entries = _cache_entries(cached)

    # A month later: a report restated in place, one added (it restates EUROLINK's 1001 and
    # holds 1002, moved from the August report), one withdrawn, and the oldest ALSTON report
    # sent again with its return 4002 restated.
    changed = landing / BRAVO / "BRAVO_2026-11.csv"
    changed.write_text(
        changed.read_text().replace(
            "7002,2026-11-20,B-07,C-701,SMB,PC-100,10.0", "7002,2026-11-20,B-07,C-701,SMB,PC-100,12"
        )
    )
    august = landing / EUROLINK / "EUROLINK_2026-08.csv"
    moved = "1002;10.08.2026;EL-3;C-311;Kanzlei Ost;DE;SMB;PC-100;5;1000.00;EUR;\n"
    assert moved in august.read_text()
    august.write_text(august.read_text().replace(moved, ""))
    added = landing / EUROLINK / "EUROLINK_2026-09.csv"
    header = august.read_text().splitlines()[0]
    added.write_text(
        header + "\n1001;15.05.2026;EL-3;C-310;Stadtwerke Nord;DE;LARGE_ENTERPRISE;"
        "DC-500;900;1234.56;EUR;P-77\n" + moved
    )
    (landing / BRAVO / "BRAVO_2026-01.csv").unlink()
    oldest = landing / ALSTON / "ALSTON_2026-03-31.csv"
    returned = "4002,2026-03-05,A-400,C-900,Nordwind SA,FR,LARGE_ENTERPRISE,DC-500,-150,"
    assert returned in oldest.read_text()
    oldest.write_text(oldest.read_text().replace(returned, returned.replace("-150", "-120")))

    said = run_cli(landing, cached, tmp_path / "outbox")
    clean = tmp_path / "clean" / "warehouse.duckdb"
    run_cli(landing, clean, tmp_path / "outbox_clean")

    after, expected = all_marts(cached), all_marts(clean)
    assert list(after) == list(expected)
    differing = [name for name in after if after[name] != expected[name]]
    assert not differing, f"a cached run differs from a clean run in: {differing}"
    assert after["fct_sell_through"] != before["fct_sell_through"]  # the changes did count
    # One entry per landing file, the withdrawn file's dropped: the cache does not grow.
    assert _cache_entries(cached) == entries
    with duckdb.connect(str(cached), read_only=True) as con:
        outcomes = sorted(
            con.execute(
                "select distributor_id || ' ' || report_line_id as line, source_file, outcome,"
                " (select quantity from marts.fct_sell_through as fact"
                "  where fact.source_file = outcomes.source_file"
                "  and fact.line_number = outcomes.line_number) as quantity"
                " from marts.sell_through_line_outcomes as outcomes"
                " where line in ('BRAVO 7002', 'EUROLINK 1002', 'ALSTON 4002')"
            ).fetchall()
        )
        # The build was an increment (the clean one in full, with nothing to build on): it
        # compared the reports with the published ones.
        assert build_of(con) == (True, "only report files changed: the lines they touch rebuilt")
        changed_files = sorted(
            name
            for (name,) in con.execute(
                "select source_file from intermediate.int_sell_through_changed_files"
            ).fetchall()
        )
    assert outcomes == [
        ("ALSTON 4002", "sell_through/ALSTON/ALSTON_2026-03-31.csv", "FACT", -120),
        ("BRAVO 7002", "sell_through/BRAVO/BRAVO_2026-11.csv", "FACT", 12),
        # moved: the August report no longer holds it; August has no EUR rate (as before)
        ("EUROLINK 1002", "sell_through/EUROLINK/EUROLINK_2026-09.csv", "QUARANTINED", None),
    ]
    assert "warehouse build: increment (only report files changed" in " ".join(said.split())
    with duckdb.connect(str(clean), read_only=True) as con:
        assert build_of(con) == (False, "no published warehouse recorded what it was built from")
    assert changed_files == [
        "sell_through/ALSTON/ALSTON_2026-03-31.csv",
        "sell_through/BRAVO/BRAVO_2026-01.csv",
        "sell_through/BRAVO/BRAVO_2026-11.csv",
        "sell_through/EUROLINK/EUROLINK_2026-08.csv",
        "sell_through/EUROLINK/EUROLINK_2026-09.csv",
    ]
