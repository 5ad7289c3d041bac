"""Charts drawn into HTML pages (the SLA report, the what-if page) as inline SVG."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib loads when a chart is drawn, not with the pipeline
    from matplotlib.figure import Figure


def inline_svg(figure: Figure, salt: str) -> str:
    """The figure as an SVG element for an HTML page: no XML prologue, no date, and ids drawn
    from `salt`, so that the same figures draw the same page."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]
