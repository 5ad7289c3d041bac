"""The Jinja2 environment of every page we render (statements, the SLA report, the finance summary,
the what-if page): templates from report_templates/, autoescaping on (off for the `.txt.j2` text
parts), an undefined name an error, and the filters that format figures
(presentation/formatting.py)."""

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from dagster_project.paths import REPORT_TEMPLATES_DIR
from dagster_project.presentation.formatting import percent, span, usd, words


def template_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(REPORT_TEMPLATES_DIR),
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2"), disabled_extensions=("txt.j2",), default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters["usd"] = usd
    env.filters["percent"] = percent
    env.filters["words"] = words
    env.filters["span"] = span
    return env
