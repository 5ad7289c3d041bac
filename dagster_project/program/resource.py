"""The program's rule files as a Dagster resource: checked when a run starts, before any step."""

import os
import shutil
from pathlib import Path

from dagster import ConfigurableResource, InitResourceContext

from dagster_project.paths import SEEDS_DIR
from dagster_project.program.checks import ProgramConfigError, check_program
from dagster_project.program.files import program_files


class ProgramRules(ConfigurableResource):
    """The dated program files the models are built with: the shipped ones (`seeds/`), those of
    `program_dir` in place of the files of their name. A run whose files cannot be run (spec
    section 11: a quarter that is no quarter, two rows of a key from one quarter, thresholds out
    of order, ...) fails here, before any step, naming the file, line and key: nothing is read,
    built or published."""

    # A folder of program files in the seeds' format (any subset), each replacing the shipped
    # file of its name: the demo's program, or a vendor's own. Empty: the shipped files.
    program_dir: str = os.environ.get("CHANNEL_LEDGER_PROGRAM", "")

    def setup_for_execution(self, context: InitResourceContext) -> None:
        if self.program_dir and not Path(self.program_dir).expanduser().is_dir():
            raise ProgramConfigError([f"{self.program_dir}: not a folder of program files"])
        shipped = program_files()
        unknown = sorted(set(self.overrides) - set(shipped))
        if unknown:
            raise ProgramConfigError(
                [f"{name}.csv: no program file has this name" for name in unknown]
            )
        check_program(self.files)

    @property
    def overrides(self) -> dict[str, Path]:
        if not self.program_dir:
            return {}
        folder = Path(self.program_dir).expanduser().resolve()
        return {path.stem: path for path in sorted(folder.glob("*.csv"))}

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
