"""A page as Chromium lays it out at a window width (headless, from Debian's `chromium`): a
screenshot, and what a script measures once the page has loaded (read back from the DOM
Chromium dumps). Tests that need it are skipped, saying so, where no Chromium is installed."""

import html
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)
_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
    "--allow-file-access-from-files",  # the measuring page reads the page in its frame
)  # fmt: skip
# Headless Chromium keeps its window at least 500 pixels wide: each page is measured in a frame
# of the width wanted (its media queries see the frame), all in one browser, once the window
# and every frame in it has loaded: horizontal overflow, the visible text (innerText leaves out
# what CSS hides), the summary band.
_MEASURE = """<!DOCTYPE html><html><body style="margin:0">
{frames}
<script>
window.addEventListener("load", () => {{
  const results = Array.from(document.querySelectorAll("iframe")).map((frame) => {{
    const doc = frame.contentDocument;
    const root = doc.documentElement;
    return {{scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
             text: doc.body.innerText, band: doc.querySelectorAll("table.band td").length}};
  }});
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify(results);
  document.body.appendChild(out);
}});
</script></body></html>"""
_FRAME = '<iframe src="{src}" style="display:block;width:{width}px;height:600px;border:0"></iframe>'


@dataclass(frozen=True)
class Layout:
    scroll_width: int
    client_width: int
    text: str
    band_items: int


def _chromium(*args: str) -> subprocess.CompletedProcess:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *_FLAGS, *args], capture_output=True, text=True, timeout=300, check=True
    )


def layouts(pages: list[Path], widths: tuple[int, ...], scratch: Path) -> dict:
    """Each page laid out at each width, measured after it loads: {(page, width): Layout}."""
    keys = [(page, width) for page in pages for width in widths]
    frames = "\n".join(_FRAME.format(src=page.as_uri(), width=width) for page, width in keys)
    measuring = scratch / "measure.html"
    measuring.write_text(_MEASURE.format(frames=frames), encoding="utf-8")
    dom = _chromium(
        "--window-size=1300,1000", "--virtual-time-budget=20000", "--dump-dom", measuring.as_uri()
    ).stdout
    start = dom.index('<pre id="measured">') + len('<pre id="measured">')
    measured = json.loads(html.unescape(dom[start : dom.index("</pre>", start)]))
    return {
        key: Layout(m["scrollWidth"], m["clientWidth"], m["text"], m["band"])
        for key, m in zip(keys, measured, strict=True)
    }


def screenshot(page: Path, width: int, out: Path, height: int = 2400) -> Path:
    _chromium(f"--window-size={width},{height}", f"--screenshot={out}", page.as_uri())
    return out
