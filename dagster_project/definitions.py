"""The one Definitions object: `dg dev` and `channel-ledger run` load this same graph."""

import os

from dagster import Definitions

from dagster_project.automation.jobs import (
    monthly_schedule,
    new_landing_files,
    pipeline_job,
    send_job,
    warehouse_job,
)
from dagster_project.closing.assets import (
    close_quarter_job,
    close_register,
    closes,
    recorded_closes,
)
from dagster_project.delivery.mail_server import MailServer
from dagster_project.delivery.sending import statement_delivery
from dagster_project.delivery.sla_report import sla_report
from dagster_project.delivery.statements import statement_files
from dagster_project.ingest.assets import landing_files
from dagster_project.program.resource import ProgramRules
from dagster_project.progress import progress_logger
from dagster_project.quality.checks import landing_checks
from dagster_project.resources import PipelineSettings
from dagster_project.transform.assets import channel_ledger_dbt
from dagster_project.transform.project import DBT_EXECUTABLE, dbt_project, prepare_manifest
from dagster_project.transform.publish import published_warehouse
from dagster_project.transform.resource import ChannelLedgerDbtCliResource
from dagster_project.warehouse_lock import warehouse_lock
from dagster_project.whatif.assets import whatif_job, whatif_scenario

# Under `dg dev` the manifest is prepared on load (with the values runs parse with);
# elsewhere it was prepared beforehand.
if os.environ.get("DAGSTER_IS_DEV_CLI"):
    prepare_manifest()

defs = Definitions(
    assets=[
        landing_files,
        close_register,
        recorded_closes,
        channel_ledger_dbt,
        published_warehouse,
        statement_files,
        statement_delivery,
        sla_report,
        whatif_scenario,
    ],
    asset_checks=landing_checks,
    jobs=[pipeline_job, warehouse_job, send_job, whatif_job, close_quarter_job],
    schedules=[monthly_schedule],
    sensors=[new_landing_files],
    loggers={"console": progress_logger},
    resources={
        "settings": PipelineSettings(),
        "program_rules": ProgramRules(),
        "warehouse_lock": warehouse_lock,
        "closes": closes,
        "mail": MailServer(),
        "dbt": ChannelLedgerDbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
    },
)
