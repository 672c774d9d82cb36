"""The typer app: typed options, one library call, one renderer. The only module that prints or exits.

spaCy is slow to import, so ``dealclaims.pipeline`` is imported inside the commands: ``--help``,
``--version`` and ``schema`` never load it.
"""

from __future__ import annotations

import os
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import __version__
from .errors import DealclaimsError
from .models import Report, Settings, Skipped
from .report import PLAIN_WIDTH, render_check, render_fact_sheet, render_json, render_plain, report_schema

app = typer.Typer(
    name="dealclaims",
    help="Reconcile several news articles about one deal: consensus facts, typed conflicts, who said what.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


def _existing_paths(paths: list[Path]) -> list[Path]:
    """Usage error (exit 2) for a path that does not exist; ``-`` (stdin) is always accepted.

    A callback rather than ``exists=True, allow_dash=True``: typer 0.29 converts ``"-"`` to ``Path("-")``
    before its dash check, so it rejects ``-``.
    """
    for path in paths:
        if str(path) != "-" and not path.exists():
            raise typer.BadParameter(f"path {str(path)!r} does not exist.")
    return paths


PathsArg = Annotated[
    list[Path],
    typer.Argument(
        callback=_existing_paths,
        metavar="PATHS",
        show_default=False,
        help="Article files or folders; '-' reads stdin.",
    ),
]
ModelOpt = Annotated[
    str | None, typer.Option("--model", metavar="NAME", help="An installed spaCy pipeline to use instead.")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")]


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"dealclaims {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Reconcile several news articles about one deal: consensus facts, typed conflicts, who said what."""


@app.command()
def reconcile(
    paths: PathsArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", dir_okay=False, metavar="PATH", help="Write to PATH atomically, not stdout."
        ),
    ] = None,
    model: ModelOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Print the fact sheet of the articles: consensus facts, conflicts, single-source claims, who is who.

    Exits 1 when some input was skipped (the report of the others is still printed).
    """
    with _errors_translated(debug):
        report = _build_report(paths, model)
        _emit(report, as_json=as_json, output=output)
    _exit_if_skipped(report.skipped)


@app.command()
def check(paths: PathsArg, model: ModelOpt = None, debug: DebugOpt = False) -> None:
    """Check that every input loads and parses; print one line per document.

    Exits 0 when every input was used, 1 when some were skipped (listed on stderr).
    """
    with _errors_translated(debug):
        report = _build_report(paths, model)
    typer.echo(render_check(report), nl=False)
    _exit_if_skipped(report.skipped)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report that `reconcile --json` writes."""
    typer.echo(report_schema(), nl=False)


# ---------------------------------------------------------------- helpers


def _build_report(paths: Sequence[Path], model: str | None) -> Report:
    from . import pipeline  # imports spaCy: keep it out of module import time

    settings = Settings() if model is None else Settings(model=model)
    return pipeline.build_report(paths, settings)


def _emit(report: Report, *, as_json: bool, output: Path | None) -> None:
    """Send the report to ``output`` or stdout: JSON, colour on a terminal, plain text otherwise."""
    console = Console(highlight=False)
    if as_json:
        text = render_json(report)
    elif output is not None or not console.is_terminal:
        text = render_plain(report, width=_plain_width(console))
    else:
        console.print(render_fact_sheet(report, width=console.width))
        return
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write_atomic(output, text)


def _plain_width(console: Console) -> int:
    """The terminal's width (or ``$COLUMNS``); ``PLAIN_WIDTH``, as in examples/, for a pipe or file."""
    return console.width if console.is_terminal or os.environ.get("COLUMNS") else PLAIN_WIDTH


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temp file next to ``path``, fsync it, then rename it over ``path``.

    Readers see the old file or the new one, never half of it; on failure no temp file is left behind.
    """
    tmp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o666 & ~_umask())  # NamedTemporaryFile creates 0600
        os.replace(tmp_name, path)
    except BaseException as err:
        if tmp_name is not None:
            with suppress(FileNotFoundError):
                os.unlink(tmp_name)
        if isinstance(err, OSError):
            raise DealclaimsError(f"cannot write {path}: {err.strerror or err}") from err
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def _errors_translated(debug: bool) -> Iterator[None]:
    """Turn a ``DealclaimsError`` into ``dealclaims: error: …`` on stderr and its exit code."""
    try:
        yield
    except DealclaimsError as err:
        if debug:
            traceback.print_exc()
        typer.echo(f"dealclaims: error: {err}", err=True)
        raise typer.Exit(err.exit_code) from None


def _exit_if_skipped(skipped: Sequence[Skipped]) -> None:
    """List skipped inputs on stderr and exit 1 if there are any."""
    for item in skipped:
        typer.echo(f"dealclaims: {item.path}: {item.reason}", err=True)
    if skipped:
        raise typer.Exit(1)
