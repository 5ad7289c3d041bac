"""Durable writes: a file or folder flushed to disk, so that a rename after it survives a crash."""

import os
from pathlib import Path


def fsync(path: Path) -> None:
    """Flush a file's data, or a folder's entries (a rename into it), to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
