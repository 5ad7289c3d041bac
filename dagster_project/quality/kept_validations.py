"""Validation results kept with the ingestion cache: a landed file validates once.

A monthly run adds a month to three years of reports; validating three years again to check one
month is waste. What GX found in a group of files is kept with the ingestion cache, under the
cache entries it covered (an entry is one landed file's content, path, contract and format), in
`<cache>/validations/<source>.json`. A run reuses a kept result while every entry it covers is
still landed; it validates, as one more group, the files no kept result covers: new files,
changed ones (a new entry), and the rest of a group one of whose files changed or went away.
The source's outcome is put together from the groups' results (gx_validation.suite_outcome),
and is the one validating the whole table gives; a suite whose outcome cannot be put together
from parts (an expectation over the whole table) is kept only for the very same files.

Kept results are bound to the suite file, the GX version and the validation code: a change to
any validates everything again. At most MAX_GROUPS are kept per source: past that, the smaller
groups are validated again with the new files, so Data Docs show a few pages per source, not one
per month.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagster_project.quality import gx_validation
from dagster_project.quality.gx_validation import (
    DataDocs,
    SuiteOutcome,
    Validation,
    load_suite,
    render_docs,
    run_suite,
    splits_by_file,
    suite_outcome,
)

MAX_GROUPS = 3


@dataclass(frozen=True)
class KeptValidation:
    entries: frozenset[str]  # the ingestion-cache entries of the files validated together
    validation: Validation


@dataclass(frozen=True)
class LandedValidation:
    outcome: SuiteOutcome
    validated_rows: int  # rows GX read in this run; the others' results were kept
    kept_rows: int


def validate_landed(
    parts: Mapping[Path, str | None],
    suite_path: Path,
    store: Path,
    docs: DataDocs | None = None,
) -> LandedValidation:
    """The suite's outcome on the landed Parquet `parts` (each with its ingestion-cache entry,
    None for a part of no entry, validated every time), reusing and updating the results kept
    in `store`; with `docs`, every result's page is rendered into that Data Docs site."""
    if not parts:
        raise FileNotFoundError(f"no landed parquet file to validate with {suite_path}")
    suite = load_suite(suite_path)
    identity = _identity(suite_path)
    landed = {entry: path for path, entry in parts.items() if entry is not None}
    reused = [k for k in _load(store, identity) if k.entries <= landed.keys()]
    if not splits_by_file(suite):  # only a result on exactly these files stands
        whole = len(landed) == len(parts)
        reused = [k for k in reused if whole and k.entries == landed.keys()][:1]
    covered = set().union(*(k.entries for k in reused))
    todo = {path: entry for path, entry in parts.items() if entry is None or entry not in covered}
    if todo and len(reused) >= MAX_GROUPS:
        reused.sort(key=lambda k: k.validation.rows, reverse=True)
        for merged in reused[MAX_GROUPS - 1 :]:
            todo.update({landed[entry]: entry for entry in merged.entries})
        reused = reused[: MAX_GROUPS - 1]
    groups, kept = list(reused), list(reused)  # what the outcome is made of; what is kept
    validated_rows = 0
    if todo:
        run_name = docs.run_name if docs else ""
        validation = run_suite(suite, sorted(todo), run_name=run_name)
        validated_rows = validation.rows
        entries = frozenset(entry for entry in todo.values() if entry is not None)
        groups.append(KeptValidation(entries, validation))
        if entries and len(entries) == len(todo):  # a part of no entry cannot be told again
            kept.append(groups[-1])
    _save(store, identity, kept)
    outcome = suite_outcome(suite, [group.validation for group in groups])
    if docs is not None:
        for group in groups:
            render_docs(suite, group.validation, docs)
    return LandedValidation(outcome, validated_rows, outcome.evaluated_rows - validated_rows)


def _identity(suite_path: Path) -> str:
    """What a kept result depends on besides its files."""
    import great_expectations

    digest = hashlib.sha256(great_expectations.__version__.encode())
    digest.update(suite_path.read_bytes())
    digest.update(Path(gx_validation.__file__).read_bytes())
    return digest.hexdigest()


def _load(store: Path, identity: str) -> list[KeptValidation]:
    if not store.is_file():
        return []
    data = json.loads(store.read_text(encoding="utf-8"))
    if data.get("identity") != identity:
        return []
    return [
        KeptValidation(frozenset(group["entries"]), Validation.from_json(group["validation"]))
        for group in data["groups"]
    ]


def _save(store: Path, identity: str, kept: list[KeptValidation]) -> None:
    """Written to a temporary name and renamed: a crash leaves the old results or the new."""
    groups: list[dict[str, Any]] = [
        {"entries": sorted(k.entries), "validation": k.validation.to_json()} for k in kept
    ]
    store.parent.mkdir(parents=True, exist_ok=True)
    tmp = store.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"identity": identity, "groups": groups}), encoding="utf-8")
    os.replace(tmp, store)
