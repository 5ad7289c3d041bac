"""Channel Ledger: Dagster definitions and the command line."""
