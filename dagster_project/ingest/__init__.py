"""Ingestion: landing folder -> typed Parquet, one file per landed source."""
