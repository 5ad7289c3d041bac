"""The program's rule files as a Dagster resource: checked when a run starts, before any step."""

from pathlib import Path

from dagster import ConfigurableResource, InitResourceContext

from dagster_project.program.rules import check_program, program_files


class ProgramRules(ConfigurableResource):
    """The dated program files (`seeds/`) the models are built with. A run whose files cannot be
    run (spec section 11: a quarter that is no quarter, two rows of a key from one quarter,
    thresholds out of order, ...) fails here, before any step, naming the file, line and key:
    nothing is read, built or published."""

    def setup_for_execution(self, context: InitResourceContext) -> None:
        check_program()

    @property
    def files(self) -> dict[str, Path]:
        return program_files()
