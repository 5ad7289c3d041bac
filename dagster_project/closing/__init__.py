"""Closing a quarter (spec section 12): the close register, closes and reopenings, and how a run
reads the register."""
