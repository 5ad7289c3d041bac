"""The publishing asset's key, for the assets and checks that run after it. By key, not by the asset
itself: importing publish.py imports the dbt assets, which need dbt's manifest, and a statement or a
check can be rendered or run without one (the tests do)."""

from dagster import AssetKey

PUBLISHED_WAREHOUSE = AssetKey("published_warehouse")
