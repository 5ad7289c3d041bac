"""The one Definitions object loads, and holds the whole graph the pipeline job runs."""

from pathlib import Path

from dagster import AssetCheckKey, AssetKey, DagsterInstance, build_sensor_context

from dagster_project.transform.project import prepare_manifest

MARTS = (
    "fct_sell_through",
    "sell_through_line_outcomes",
    "sell_through_quarantine",
    "rejected_files",
    "partner_tiers",
    "sla_requests",
    "request_quarantine",
    "sla_attainment",
    "sla_attainment_by_country",
    "statement_recipients",
    "undeliverable_statements",
)


def _defs():
    prepare_manifest()
    from dagster_project.definitions import defs

    return defs


def test_definitions_hold_the_whole_pipeline() -> None:
    defs = _defs()
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"landing/partners", "landing/sell_through_lines"} <= keys
    assert {f"marts/{name}" for name in MARTS} <= keys
    assert {"published_warehouse", "statement_files", "sla_report"} <= keys
    # The dbt test tagged asset_check is the one dbt test that is a Dagster asset check: the SLA
    # floor, which warns and never blocks.
    floor = AssetCheckKey(AssetKey(["marts", "sla_attainment_by_country"]), "sla_attainment_floor")
    dbt_checks = {
        key for key in graph.asset_check_keys if key.asset_key.path[0] in ("marts", "intermediate")
    }
    assert dbt_checks == {floor}
    assert not graph.get_check_spec(floor).blocking
    # dbt reads the raw assets ingestion writes: the source keys are the landing assets' keys.
    parents = graph.get(AssetKey(["staging", "stg_landing__sell_through_lines"])).parent_keys
    assert parents == {AssetKey(["landing", "sell_through_lines"])}
    job = defs.resolve_job_def("channel_ledger_pipeline")
    assert job.executor_def.name == "in_process"
    # The sensor's job and plain runs render statements; only the schedule's job sends them.
    delivery = AssetKey("statement_delivery")
    assert delivery not in job.asset_layer.executable_asset_keys
    assert AssetKey("statement_files") in job.asset_layer.executable_asset_keys
    send_job = defs.resolve_job_def("channel_ledger_pipeline_and_send")
    assert delivery in send_job.asset_layer.executable_asset_keys
    assert (
        send_job.asset_layer.executable_asset_keys - {delivery}
        == job.asset_layer.executable_asset_keys
    )
    schedule = defs.resolve_schedule_def("monthly_statements")
    assert schedule.cron_schedule == "0 6 5 * *"
    assert schedule.execution_timezone == "UTC"
    assert schedule.job_name == "channel_ledger_pipeline_and_send"
    assert defs.resolve_sensor_def("new_landing_files").job_name == "channel_ledger_pipeline"
    # The what-if runs in its own job, with a scenario as config.
    whatif = AssetKey("whatif_scenario")
    assert whatif not in send_job.asset_layer.executable_asset_keys
    assert defs.resolve_job_def("whatif").asset_layer.executable_asset_keys == {whatif}
    sent = {key.name for key in graph.asset_check_keys if key.asset_key == delivery}
    assert sent == {"every_statement_sent", "no_unconfirmed_send"}
    checks = {key.name for key in graph.asset_check_keys if key.asset_key.path[0] == "landing"}
    assert checks == {"great_expectations"}
    checked = {
        key.asset_key.path[1]
        for key in graph.asset_check_keys
        if key.asset_key.path[0] == "landing"
    }
    assert checked == {
        "partners",
        "partner_accounts",
        "products",
        "contacts",
        "fx_rates",
        "market_growth",
        "requests",
        "claims",
        "payments",
        "sell_through_lines",
    }


def test_sensor_requests_a_run_only_when_the_landing_changes(tmp_path: Path) -> None:
    from dagster_project.resources import PipelineSettings

    defs = _defs()
    sensor = defs.resolve_sensor_def("new_landing_files")
    landing = tmp_path / "landing"
    (landing / "sell_through" / "D1").mkdir(parents=True)
    (landing / "partners.csv").write_text("partner_id\n")
    settings = PipelineSettings(landing_dir=str(landing))
    with DagsterInstance.ephemeral() as instance:
        context = build_sensor_context(instance=instance, resources={"settings": settings})
        first = sensor(context)
        assert first.run_key
        context = build_sensor_context(
            instance=instance, cursor=context.cursor, resources={"settings": settings}
        )
        assert not getattr(sensor(context), "run_key", None), "no change, no run"
        (landing / "sell_through" / "D1" / "D1_2026-12.csv").write_text("report_line_id\n")
        context = build_sensor_context(
            instance=instance, cursor=context.cursor, resources={"settings": settings}
        )
        assert sensor(context).run_key not in (None, first.run_key)
