"""Where a report goes: format choice, colour and width, atomic files, closed pipes, progress."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from dealclaims.errors import DealclaimsError

if TYPE_CHECKING:  # models (pydantic) and report (rich tables) load inside the commands: --help stays fast
    from dealclaims.models import Report
from dealclaims.cli.errors import _safe
from dealclaims.cli.options import ColorChoice, OutputFormat

_SUFFIX_FORMATS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
    "": "table",
}  # -o PATH without --format; another extension is a usage error


PIPE_WIDTH = 100  # columns of the fact sheet sent to a pipe or file when COLUMNS is not set


PROGRESS_AFTER_SECONDS = 1.0  # a progress bar appears only on runs longer than this


class _ClosedStdout:
    """Stands in for a closed stdout (``>&-``): writing the report fails loudly instead of vanishing."""

    def write(self, _text: str) -> int:
        raise OSError(9, "stdout is closed")

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False


def _emit(
    report: Report, *, as_json: bool, output: Path | None, color: str = "auto", verbose: bool = False
) -> None:
    """Send the report to ``output`` or stdout: JSON, colour on a terminal (or ``--color always``), plain
    text otherwise, ``COLUMNS`` wide (``PIPE_WIDTH`` when unset) off a terminal."""
    from dealclaims.formats import render_fact_sheet, render_json, render_plain

    console = _console(color)
    if as_json:
        text = render_json(report)
    elif output is not None or not console.is_terminal or console.no_color:  # NO_COLOR: no boxes either
        text = render_plain(report, width=_plain_width(console), verbose=verbose)
    else:
        console.print(render_fact_sheet(report, width=console.width, verbose=verbose))
        return
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write_atomic(output, text)


def _console(color: str = "auto") -> Console:
    """stdout's console: ``always`` forces colour even to a pipe, ``never`` turns it off; ``auto`` leaves it to
    rich (a terminal, ``NO_COLOR``, ``FORCE_COLOR``). Off a terminal it is ``COLUMNS`` (else 100) wide."""
    width = None if sys.stdout.isatty() else _pipe_width()
    if color == "always":
        return Console(highlight=False, force_terminal=True, no_color=False, width=width)
    if color == "never":
        return Console(highlight=False, no_color=True, force_terminal=False, width=width)
    return Console(highlight=False, width=width)


def _pipe_width() -> int:
    """``$COLUMNS`` when it is a positive number, else ``PIPE_WIDTH``."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPE_WIDTH


def _plain_width(console: Console) -> int:
    """The terminal's width on a terminal; ``$COLUMNS`` (else ``PIPE_WIDTH``) for a pipe or file."""
    return console.width if sys.stdout.isatty() else _pipe_width()


@contextmanager
def _quiet_when_pipe_closes() -> Iterator[None]:
    """A reader that stopped early (``| head``, ``| true``) ends the run quietly with exit 0.

    stdout is pointed at /dev/null so the interpreter's last flush cannot complain either.
    """
    try:
        yield
    except BrokenPipeError:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise typer.Exit(0) from None


def _output_not_input(paths: Sequence[Path], output: Path | None) -> tuple[str, ...]:
    """The resolved ``-o`` path, which discovery then skips: a report written into an input folder is not
    read back as an article next run. Naming the same file as input and output is a usage error."""
    if output is None:
        return ()
    target = output.resolve()
    if any(str(p) != "-" and p.is_file() and p.resolve() == target for p in paths):
        raise typer.BadParameter(
            f"{_safe(str(output))!r} is also an input; choose another file.", param_hint="-o"
        )
    return (str(target),)


_INPUTS: list[Path] = []  # the paths this run reads: ``-o`` never replaces one (set by ``_build_report``)


def _write_atomic(path: Path, text: str) -> None:
    """``-o``: the one atomic writer (``files.write_output``); an OS error becomes a one-line error."""
    from dealclaims.files import write_output

    try:
        write_output(path, text, [p for p in _INPUTS if str(p) != "-"])
    except OSError as err:
        raise DealclaimsError(f"cannot write {path}: {err.strerror or err}") from err


def _pick_format(fmt: OutputFormat | None, as_json: bool, output: Path | None) -> str:
    """--json wins, then --format, then the extension of -o, then the terminal table.

    An -o extension no format writes (``report.docx``) is a usage error: name the format with --format.
    """
    if as_json:
        return "json"
    if fmt is not None:
        return fmt.value
    if output is not None:
        suffix = output.suffix.lower()
        if suffix not in _SUFFIX_FORMATS:
            known = ", ".join(s for s in _SUFFIX_FORMATS if s)
            raise typer.BadParameter(
                f"cannot tell the format of {_safe(output.name)!r} from its extension ({known}); "
                "add --format table|json|jsonl|markdown|html.",
                param_hint="-o",
            )
        return _SUFFIX_FORMATS[suffix]
    return "table"


def _emit_format(
    report: Report,
    texts: dict[str, str],
    *,
    fmt: str,
    output: Path | None,
    color: ColorChoice = ColorChoice.auto,
    verbose: bool = False,
) -> None:
    """Render ``report`` in ``fmt``; the table keeps its terminal/plain behaviour (``_emit``)."""
    if fmt in ("table", "json"):
        _emit(report, as_json=fmt == "json", output=output, color=color.value, verbose=verbose)
        return
    from dealclaims.formats import render

    text = render(report, fmt, texts=texts)
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write_atomic(output, text)


def _progress_bar(quiet: bool) -> Callable[[int, int], None] | None:
    """A progress callback drawing a bar on stderr once a run passes ``PROGRESS_AFTER_SECONDS``.

    None when quiet or when stderr is not a terminal: a pipe or a CI log never gets bar noise.
    """
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        return None
    from rich.progress import Progress

    started = time.monotonic()
    bar: dict[str, Any] = {}

    def advance(done: int, total: int) -> None:
        if "progress" not in bar:
            if time.monotonic() - started < PROGRESS_AFTER_SECONDS:
                return
            bar["progress"] = Progress(console=console, transient=True)
            bar["progress"].start()
            bar["task"] = bar["progress"].add_task("parsing articles", total=total)
        bar["progress"].update(bar["task"], completed=done, total=total)
        if done >= total:
            bar["progress"].stop()

    return advance


def _say_what_was_read(report: Report, seconds: float) -> None:
    """--verbose: one stderr line per document and a summary with the time taken."""
    for doc in report.documents:
        where = " · ".join(x for x in (doc.outlet, doc.published, doc.path) if x)
        typer.echo(_safe(f"dealclaims: read {doc.id} ({where}, {doc.chars} chars)"), err=True)
    typer.echo(
        f"dealclaims: {len(report.documents)} documents, {len(report.facts)} facts, "
        f"{len(report.conflicts)} conflicts, {len(report.skipped)} skipped in {seconds:.1f}s",
        err=True,
    )
