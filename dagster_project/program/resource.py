"""The program's rule files as a Dagster resource: checked when a run starts, before any step."""

import os
import shutil
from pathlib import Path

from dagster import ConfigurableResource, InitResourceContext

from dagster_project.paths import SEEDS_DIR
from dagster_project.program.checks import check_program, check_program_folder
from dagster_project.program.files import folder_files, program_files


class ProgramRules(ConfigurableResource):
    """The dated program files the models are built with: the shipped ones (`seeds/`), those of
    `program_dir` in place of the files of their name. A run whose files cannot be run (overview:
    Rules over time: a quarter that is no quarter, two rows of a key from one quarter, thresholds
    out of order, ...) fails here, before any step, naming the file, line and key: nothing is read,
    built or published."""

    # A folder of program files in the seeds' format (any subset), each replacing the shipped
    # file of its name: the demo's program, or a vendor's own. Empty: the shipped files.
    program_dir: str = os.environ.get("CHANNEL_LEDGER_PROGRAM", "")

    def setup_for_execution(self, context: InitResourceContext) -> None:
        if self.program_dir:
            check_program_folder(self.folder)
        check_program(self.files)

    @property
    def folder(self) -> Path:
        return Path(self.program_dir).expanduser().resolve()

    @property
    def overrides(self) -> dict[str, Path]:
        return folder_files(self.folder) if self.program_dir else {}

    @property
    def files(self) -> dict[str, Path]:
        return program_files(self.overrides)

    def seeds_folder(self, scratch: Path) -> Path | None:
        """A folder holding every program file as this run uses it, for dbt's seeds; None when
        they are the shipped ones (dbt reads `seeds/` itself)."""
        if not self.overrides:
            return None
        folder = scratch / "program"
        folder.mkdir(parents=True, exist_ok=True)
        for path in SEEDS_DIR.glob("*.csv"):
            shutil.copy2(path, folder / path.name)
        for name, path in self.overrides.items():
            shutil.copy2(path, folder / f"{name}.csv")
        return folder
