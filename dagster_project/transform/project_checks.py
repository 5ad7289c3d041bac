"""Checks of the dbt project's shape, over dbt's manifest, in the spirit of dbt_project_evaluator
(which needs the package hub; these run offline):

- the DAG flows one way: a staging model reads sources and seeds, an intermediate model no mart;
- every table has a grain test: `unique`, `unique_combination_of_columns`, `exactly_one_row` or
  `rule_in_force` (a view stores nothing: its grain is that of what it selects; a table that reads
  one model, as a mart publishing an intermediate model's rows, has that model's grain test);
- every mart has an enforced contract and a description on every column.

    uv run python -m dagster_project.transform.project_checks    # exit 1 naming each breach
"""

import json
import sys
from collections.abc import Mapping
from typing import Any

from dagster_project.transform.project import prepare_manifest

LAYERS = ("staging", "intermediate", "marts")  # the order data flows in
GRAIN_TESTS = frozenset(
    {"unique", "unique_combination_of_columns", "exactly_one_row", "rule_in_force"}
)
STORED = frozenset({"table", "incremental"})


def breaches(manifest: Mapping[str, Any]) -> list[str]:
    nodes = manifest["nodes"]
    models = {key: node for key, node in nodes.items() if node["resource_type"] == "model"}
    with_grain = {
        node.get("attached_node")
        for node in nodes.values()
        if node["resource_type"] == "test"
        and (node.get("test_metadata") or {}).get("name") in GRAIN_TESTS
    }
    found = []
    for key, model in sorted(models.items(), key=lambda item: item[1]["name"]):
        name, layer = model["name"], _layer(model)
        for parent in model["depends_on"]["nodes"]:
            if parent in models and _rank(models[parent]) > _rank(model):
                found.append(f"{name} ({layer}) reads {models[parent]['name']} (a later layer)")
        read = [parent for parent in model["depends_on"]["nodes"] if parent in models]
        inherits = len(read) == 1 and read[0] in with_grain
        if model["config"]["materialized"] in STORED and key not in with_grain and not inherits:
            found.append(f"{name}: a table without a grain test")
        if layer == "marts":
            if not model["config"].get("contract", {}).get("enforced"):
                found.append(f"{name}: a mart without an enforced contract")
            found += [
                f"{name}.{column}: a mart column without a description"
                for column, spec in model["columns"].items()
                if not (spec.get("description") or "").strip()
            ]
    return found


def _layer(model: Mapping[str, Any]) -> str:
    return model["fqn"][1]


def _rank(model: Mapping[str, Any]) -> int:
    return LAYERS.index(_layer(model))


def main() -> None:
    manifest = json.loads(prepare_manifest().read_text(encoding="utf-8"))
    found = breaches(manifest)
    models = sum(1 for node in manifest["nodes"].values() if node["resource_type"] == "model")
    for breach in found:
        print(breach)
    print(f"{models} models checked: {len(found) or 'no'} breach{'es' if len(found) != 1 else ''}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
