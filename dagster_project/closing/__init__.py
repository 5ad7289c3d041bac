"""Closing a quarter (overview): the close register, closes and reopenings, and how a run reads the
register."""
