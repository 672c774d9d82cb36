"""Errors to one line and an exit code, in one place: the library raises, the CLI translates."""

from __future__ import annotations

import errno
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from dealclaims.errors import DealclaimsError, NoArticlesFound

if TYPE_CHECKING:  # models (pydantic) and report (rich tables) load inside the commands: --help stays fast
    from dealclaims.models import Report


def _say_cannot_write(err: OSError) -> NoReturn:
    """``dealclaims: error: cannot write the output: …`` and exit 1 (stdout is useless: nothing more to flush)."""

    try:
        sys.stderr.write(f"dealclaims: error: cannot write the output: {err.strerror or err}\n")
        sys.stderr.flush()
    except (OSError, AttributeError):
        pass
    os._exit(1)  # skips the interpreter's final flush of the broken stdout, which would print a traceback


def _exit_at_once(code: int) -> NoReturn:
    """Exit with ``code`` now, skipping the interpreter's exit handlers (streams flushed first).

    After Ctrl-C ended the parse workers, multiprocessing's exit handler joins the threads that fed their
    queues; one still writing to a pipe that nobody reads any more would keep the run from ending (it did
    with spaCy's ``nlp.pipe`` workers). Skipping the teardown also ends the run ~0.3 s sooner.
    """
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, AttributeError, ValueError):
            stream.flush()
    os._exit(code)


def _safe(text: str) -> str:
    """``text`` on one line, control characters and bidi overrides escaped: input never drives the terminal
    nor forges a line of its own."""
    from dealclaims.formats._common import visible

    return visible(text).replace("\n", "\\n").replace("\t", "\\t")


INTERRUPTED = 130  # the exit code of a run ended by Ctrl-C (SIGINT)


_OUTPUT_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT})


@contextmanager
def _errors_translated(debug: bool) -> Iterator[None]:
    """Turn a ``DealclaimsError`` into ``dealclaims: error: …`` on stderr and its exit code.

    Ctrl-C is ``dealclaims: interrupted`` and exit 130 (128 + SIGINT, as a shell reports it). Any other
    exception is a bug, still reported in one line (exit 1); ``--debug`` shows its traceback.
    """
    try:
        yield
    except KeyboardInterrupt:
        if debug:
            traceback.print_exc()
        typer.echo("dealclaims: interrupted", err=True)
        raise typer.Exit(INTERRUPTED) from None
    except DealclaimsError as err:
        if debug:
            traceback.print_exc()
        for item in err.skipped if isinstance(err, NoArticlesFound) else ():
            typer.echo(_safe(f"dealclaims: {item.path}: {item.reason}"), err=True)  # why nothing was usable
        typer.echo(_safe(f"dealclaims: error: {err}"), err=True)
        raise typer.Exit(err.exit_code) from None
    except (typer.Exit, typer.Abort, typer.BadParameter):
        raise  # exits and usage errors chosen on purpose (typer.Exit is an Exception too)
    except OSError as err:
        if err.errno in _OUTPUT_ERRNOS:
            _say_cannot_write(err)  # the loader wraps its own OSErrors: this one is the output's
        _internal_error(err, debug)
    except Exception as err:
        _internal_error(err, debug)


def _internal_error(err: Exception, debug: bool) -> NoReturn:
    """A bug: one line (exit 1); the traceback only with ``--debug``."""
    if debug:
        traceback.print_exc()
    message = f"internal error: {type(err).__name__}: {err} (--debug shows the traceback)"
    typer.echo(_safe(f"dealclaims: error: {message}"), err=True)
    raise typer.Exit(1) from None


def _problems(report: Report, *, strict: bool) -> list[str]:
    """``<path>: <reason>`` for each skipped input and each document whose extraction failed.

    With ``strict`` every document warning (a repaired encoding, removed control characters...) counts too.
    """
    lines = [f"{item.path}: {item.reason}" for item in report.skipped]
    for doc in report.documents:
        lines.extend(f"{doc.path}: {w}" for w in doc.warnings if strict or doc.failed)
    return lines


def _fail_strict(problems: Sequence[str]) -> None:
    """--strict: list the problems, print no report, exit 1."""
    for line in problems:
        typer.echo(_safe(f"dealclaims: {line}"), err=True)
    typer.echo(f"dealclaims: error: --strict: {len(problems)} problem(s), no report written", err=True)
    raise typer.Exit(1)


def _exit_if_problems(problems: Sequence[str], quiet: bool = False) -> None:
    """List the problems on stderr, one line each (unless ``quiet``), and exit 1 if there are any."""
    for line in problems if not quiet else ():
        typer.echo(_safe(f"dealclaims: {line}"), err=True)
    if problems:
        raise typer.Exit(1)


def _read_report(path: Path) -> Report:
    from dealclaims.diff import parse_report
    from dealclaims.load.read import REPORT_MAX_BYTES, read_text_file

    # our own reports outgrow the article limit (a 20k-record feed writes 10-14 MB)
    return parse_report(read_text_file(path, limit=REPORT_MAX_BYTES), str(path))


def _drift(baseline: Path, report: Report) -> tuple[str, bool]:
    """A one-screen explanation of how ``report`` drifted from ``baseline``, and whether it did."""
    from dealclaims.diff import DRIFT_LINES, diff_reports, render_diff

    changes = diff_reports(_read_report(baseline), report)
    if changes.empty:
        return f"baseline {baseline}: no drift\n", False
    return (
        f"drift from baseline {baseline}:\n{render_diff(changes, limit=DRIFT_LINES)}"
        "If the change is intended, refresh the baseline: "
        f"dealclaims reconcile PATH --format json -o {baseline}\n"
    ), True
