"""Transformation: the dbt project as Dagster assets."""
