"""dbt's documentation site for the warehouse in force: `channel-ledger docs`.

`dbt docs generate --static` writes one self-contained page (manifest and catalog inside: the
lineage graph, every model, column, test and docs block) that opens from disk. The catalog is read
from a copy of the published warehouse, never from the file readers use.
"""

import shutil
import tempfile
from pathlib import Path

from dagster_project.transform.project import BUILD_PATH_IN_HOME, DbtCommandFailed, run_dbt


class DocsError(RuntimeError):
    """dbt could not generate the documentation."""


def build_dbt_docs(warehouse: Path, out_dir: Path) -> Path:
    """Generate dbt's static docs site for `warehouse` into `out_dir`; return its page."""
    if not warehouse.is_file():
        raise DocsError(f"no warehouse at {warehouse}: run the pipeline first")
    with tempfile.TemporaryDirectory(prefix="channel-ledger-docs-") as home:
        # The profile's path, `~/warehouse.duckdb`, is the copy in this folder.
        shutil.copy2(warehouse, Path(home) / Path(BUILD_PATH_IN_HOME).name)
        target = Path(home) / "target"
        try:
            run_dbt(
                "docs", "generate", "--static", "--quiet", "--target-path", str(target),
                env={"HOME": home},
            )  # fmt: skip
        except DbtCommandFailed as exc:
            raise DocsError(str(exc)) from exc
        out_dir.mkdir(parents=True, exist_ok=True)
        page = out_dir / "index.html"
        shutil.copyfile(target / "static_index.html", page)
    return page
