"""Progress of a run on the terminal: a Dagster logger that shows steps as they start and end."""

import logging
import time

from dagster import AssetCheckSeverity, DagsterEventType, InitLoggerContext, logger
from rich.console import Console
from rich.status import Status

_console = Console(stderr=True, highlight=False)
_status: Status | None = None


def set_status(status: Status | None) -> None:
    """The spinner the command line shows while a run works; None outside the command line."""
    global _status
    _status = status


class _ProgressHandler(logging.Handler):
    def __init__(self) -> None:
        # Step events are logged at DEBUG level.
        super().__init__(level=logging.DEBUG)
        self._started: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key") or ""
        if event is None:
            if record.levelno >= logging.WARNING:
                message = meta.get("orig_message") or record.getMessage()
                # Steps skipped after a failure: the failure itself is what the reader needs.
                if not message.startswith("Dependencies for step"):
                    _console.print(f"  [yellow]![/] {message.splitlines()[0]}")
            return
        kind = event.event_type
        if kind == DagsterEventType.STEP_START:
            self._started[step] = time.monotonic()
            _console.print(f"[bold]>[/] {step}")
        elif kind == DagsterEventType.STEP_SUCCESS:
            took = time.monotonic() - self._started.get(step, time.monotonic())
            _console.print(f"  [green]done[/] {step} in {took:.1f} s")
        elif kind == DagsterEventType.STEP_FAILURE:
            _console.print(f"  [red]failed[/] {step}")
        elif kind == DagsterEventType.ASSET_MATERIALIZATION and _status is not None:
            _status.update(f"{step}: {event.asset_key.to_user_string()}")
        elif kind == DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed:
                warns = evaluation.severity == AssetCheckSeverity.WARN
                _console.print(
                    f"  [yellow]check {'warns' if warns else 'failed'}[/]"
                    f" {evaluation.asset_key.to_user_string()} {evaluation.check_name}"
                )


@logger(description="Steps and failed checks, one line each, for the terminal.")
def progress_logger(init_context: InitLoggerContext) -> logging.Logger:
    log = logging.getLogger("channel_ledger.progress")
    log.setLevel(logging.DEBUG)
    log.propagate = False
    if not log.handlers:
        log.addHandler(_ProgressHandler())
    return log
