"""Demo data: a deterministic landing folder for Channel Ledger (spec section 3)."""

from .generate import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
