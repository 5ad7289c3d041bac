"""A statement document as a PDF, and its review chart as the PNG the e-mail shows, typeset by
Typst (its Python binding: a wheel, no system library) from report_templates/statement.typ and
review_chart_image.typ. Typst takes about 20 ms a statement and 5 ms a chart here, WeasyPrint
about 450 ms a statement: the batch of a 5,000-partner vendor has to render in a minute or two.

The template receives the document as data (JSON in `sys.inputs`), every figure already
formatted as the HTML shows it: names and reasons are strings to Typst, never markup, so nothing
a partner, contact or customer is called can change the document. The typeface is bundled
(report_templates/fonts/) and system fonts are ignored: the same PDF on every machine.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime

import typst

from dagster_project.delivery.statement_document import Chart, Document
from dagster_project.paths import REPORT_TEMPLATES_DIR

PDF_TEMPLATE = REPORT_TEMPLATES_DIR / "statement.typ"
CHART_TEMPLATE = REPORT_TEMPLATES_DIR / "review_chart_image.typ"
FONTS_DIR = REPORT_TEMPLATES_DIR / "fonts"
CHART_PPI = 130  # 12 cm wide: 614 pixels, shown 600 wide (160 ppi costs 1.8 ms more a chart)


class StatementTypesetter:
    """Typesets statements and their charts; one compiler each for the whole batch (fonts are
    loaded once)."""

    def __init__(self) -> None:
        root = str(REPORT_TEMPLATES_DIR)
        fonts = [str(FONTS_DIR)]
        self._pdf = typst.Compiler(
            str(PDF_TEMPLATE), root=root, font_paths=fonts, ignore_system_fonts=True
        )
        self._chart = typst.Compiler(
            str(CHART_TEMPLATE), root=root, font_paths=fonts, ignore_system_fonts=True
        )

    def pdf(self, document: Document, fiscal_quarter: str, date: datetime) -> bytes:
        """The PDF, dated `date` (its creation and modification dates: the same inputs give
        the same bytes)."""
        data = json.dumps({**asdict(document), "quarter": fiscal_quarter})
        stamp = date.strftime("%Y-%m-%d-%H-%M-%S")
        return self._pdf.compile(format="pdf", sys_inputs={"data": data, "date": stamp})

    def chart_png(self, chart: Chart) -> bytes:
        data = json.dumps(asdict(chart))
        return self._chart.compile(format="png", ppi=CHART_PPI, sys_inputs={"data": data})


def chart_of(document: Document) -> Chart | None:
    """The document's review chart, if it has one."""
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Chart):
                return block
    return None
