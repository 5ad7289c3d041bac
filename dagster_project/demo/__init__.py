"""Demo data: a deterministic landing folder for Channel Ledger (overview: The landing folder)."""

from .generate import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
