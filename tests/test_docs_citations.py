"""Code and docs cite the program's rules by the headings of dbt's overview
(dbt/models/overview.md), the repository's own statement of them: every citation names one."""

import re
import subprocess

from dagster_project.paths import DBT_DIR, PROJECT_ROOT

OVERVIEW = DBT_DIR / "models" / "overview.md"
# "(overview: Rewards; Rules over time)": heading names, each the start of a heading.
CITATION = re.compile(
    r"overview:\s+((?:[A-Z][\w ]*?)(?:;\s+[A-Z][\w ]*?)*)(?=[),.:;\"]|\s*$)", re.M
)


def _cited() -> dict[str, set[str]]:
    cited: dict[str, set[str]] = {}
    for name, text in _texts():
        for match in CITATION.finditer(re.sub(r"\s*\n\s*(?:#\s*|--\s*|//\s*)?", " ", text)):
            for heading in re.split(r";\s+", match.group(1)):
                cited.setdefault(heading.strip(), set()).add(name)
    return cited


def test_every_citation_names_a_heading_of_the_overview() -> None:
    headings = [
        line.lstrip("#").strip()
        for line in OVERVIEW.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    cited = _cited()
    assert len(cited) >= 10  # the rules are cited, by heading
    dangling = {
        heading: sorted(files)
        for heading, files in cited.items()
        if not any(h.lower().startswith(heading.lower()) for h in headings)
    }
    assert not dangling, dangling


def test_no_file_cites_a_document_outside_the_repository() -> None:
    for name, text in _texts():
        assert not re.search(r"spec(ification)?\s+sections?\s+\d", text), name
        assert "shared/spec" not in text, name


def _texts():
    files = subprocess.run(
        ["git", "ls-files", "*.py", "*.sql", "*.yml", "*.md", "*.typ", "*.j2"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        if name != "tests/test_docs_citations.py":
            yield name, (PROJECT_ROOT / name).read_text(encoding="utf-8")
