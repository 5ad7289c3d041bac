"""The dbt project's shape checks (transform/project_checks.py) find each kind of breach."""

from typing import Any

from dagster_project.transform.project_checks import breaches


def _model(name: str, layer: str, materialized: str, parents: tuple[str, ...] = (), **extra: Any):
    return f"model.p.{name}", {
        "resource_type": "model",
        "name": name,
        "fqn": ["p", layer, name],
        "depends_on": {"nodes": [f"model.p.{p}" for p in parents]},
        "config": {"materialized": materialized, **extra.pop("config", {})},
        "columns": extra.pop("columns", {}),
    }


def _grain_test(model: str, test: str = "unique_combination_of_columns"):
    return f"test.p.{test}_{model}", {
        "resource_type": "test",
        "test_metadata": {"name": test},
        "attached_node": f"model.p.{model}",
    }


def test_a_clean_project_has_no_breach() -> None:
    nodes = dict(
        [
            _model("stg_a", "staging", "view"),
            _model("int_a", "intermediate", "table", ("stg_a",)),
            _grain_test("int_a"),
            _model(
                "mart_a", "marts", "table", ("int_a",),
                config={"contract": {"enforced": True}},
                columns={"id": {"description": "The id."}},
            ),
            _grain_test("mart_a", "unique"),
            _model("mart_b", "marts", "view", ("mart_a",), config={"contract": {"enforced": True}}),
            # publishes int_a's rows: int_a's grain test holds for them
            _model("mart_c", "marts", "table", ("int_a",), config={"contract": {"enforced": True}}),
        ]
    )  # fmt: skip
    assert breaches({"nodes": nodes}) == []


def test_each_breach_is_named() -> None:
    nodes = dict(
        [
            _model("mart_a", "marts", "table", columns={"id": {"description": " "}}),
            _grain_test("mart_a", "rule_in_force"),
            # reads two models: no grain of its own to inherit
            _model("int_b", "intermediate", "incremental", ("mart_a", "stg_c")),
            _model("stg_c", "staging", "view", ("int_b",)),
            _grain_test("stg_c", "not_null"),
        ]
    )
    assert breaches({"nodes": nodes}) == [
        "int_b (intermediate) reads mart_a (a later layer)",
        "int_b: a table without a grain test",
        "mart_a: a mart without an enforced contract",
        "mart_a.id: a mart column without a description",
        "stg_c (staging) reads int_b (a later layer)",
    ]
