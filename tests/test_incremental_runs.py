"""Monthly runs reuse what did not change, and give exactly the marts of a run from scratch.

A run keeps the typed Parquet of every landing file in the ingestion cache beside its warehouse;
the next run reads only the files that are new or changed. Whatever the cache holds, the marts
must be those of a clean run on the same folder, row for row.
"""

import shutil
from pathlib import Path

import duckdb

from tests.pipeline_runs import Run, all_marts, copy_fixture, run_cli

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

    # A month later: a report restated in place, one added, one withdrawn.
    changed = landing / BRAVO / "BRAVO_2026-11.csv"
    changed.write_text(
        changed.read_text().replace(
            "7002,2026-11-20,B-07,C-701,SMB,PC-100,10.0", "7002,2026-11-20,B-07,C-701,SMB,PC-100,12"
        )
    )
    added = landing / EUROLINK / "EUROLINK_2026-09.csv"
    header = (landing / EUROLINK / "EUROLINK_2026-08.csv").read_text().splitlines()[0]
    added.write_text(
        header + "\n1001;15.05.2026;EL-3;C-310;Stadtwerke Nord;DE;LARGE_ENTERPRISE;"
        "DC-500;900;1234.56;EUR;P-77\n"
    )
    (landing / BRAVO / "BRAVO_2026-01.csv").unlink()

    run_cli(landing, cached, tmp_path / "outbox")
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
        restated = con.execute(
            "select quantity from marts.fct_sell_through where report_line_id = '7002'"
        ).fetchall()
    assert restated == [(12,)]
