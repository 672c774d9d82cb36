"""The typer app: typed options, one library call, one renderer. The only module that prints or exits.

spaCy is slow to import, so ``dealclaims.pipeline`` is imported inside the commands: ``--help``,
``--version`` and ``schema`` never load it.
"""

from __future__ import annotations

import errno
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from dealclaims import __version__
from dealclaims.errors import DealclaimsError, NoArticlesFound

if TYPE_CHECKING:  # models (pydantic) and report (rich tables) load inside the commands: --help stays fast
    from dealclaims.models import Report
    from dealclaims.pipeline import Outcome


class OutputFormat(str, Enum):
    """``--format`` choices (``formats.FORMATS``; the renderers are imported only when used)."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    html = "html"


_SUFFIX_FORMATS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
}  # -o PATH without --format
PROGRESS_AFTER_SECONDS = 1.0  # a progress bar appears only on runs longer than this


class _ClosedStdout:
    """Stands in for a closed stdout (``>&-``): writing the report fails loudly instead of vanishing."""

    def write(self, _text: str) -> int:
        raise OSError(9, "stdout is closed")

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False


class _App(typer.Typer):
    """The typer app; output that cannot be written (``> /dev/full``, a closed stdout) is one error line."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        import sys

        if sys.stdout is None:
            sys.stdout = _ClosedStdout()  # type: ignore[assignment,unused-ignore]
        try:
            result = super().__call__(*args, **kwargs)
            sys.stdout.flush()
            return result
        except OSError as err:
            _say_cannot_write(err)
        except SystemExit as done:
            try:
                sys.stdout.flush()
            except OSError as err:
                _say_cannot_write(err)
            raise done from None


def _say_cannot_write(err: OSError) -> NoReturn:
    """``dealclaims: error: cannot write the output: …`` and exit 1 (stdout is useless: nothing more to flush)."""
    import sys

    try:
        sys.stderr.write(f"dealclaims: error: cannot write the output: {err.strerror or err}\n")
        sys.stderr.flush()
    except (OSError, AttributeError):
        pass
    os._exit(1)  # skips the interpreter's final flush of the broken stdout, which would print a traceback


app = _App(
    name="dealclaims",
    help="Reconcile several news articles about one deal: consensus facts, typed conflicts, who said what.",
    no_args_is_help=True,
    add_completion=True,
    # We translate every error ourselves, and plain click help avoids loading rich's markdown and traceback
    # machinery (~60 ms): `dealclaims --help` stays close to the cost of importing typer and rich.
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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


def _installed_model(value: str | None) -> str | None:
    """Usage error (exit 2) unless ``value`` names an installed spaCy pipeline package or a pipeline folder.

    Checked without importing spaCy (``find_spec`` only locates the package), so a typo costs no model load.
    """
    if value is None:
        return None
    import importlib.util

    if Path(value).is_dir() and (Path(value) / "config.cfg").is_file():
        return value
    module = value.strip()
    found = module.isidentifier() and importlib.util.find_spec(module) is not None
    if not found:
        hint = module.replace("-", "_")
        also = ""
        if hint != module and hint.isidentifier() and importlib.util.find_spec(hint) is not None:
            also = f" (that is a distribution name: its pipeline is {hint!r})"
        raise typer.BadParameter(f"{value!r} is not an installed spaCy pipeline or pipeline folder{also}.")
    return value


ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="NAME",
        callback=_installed_model,
        help="An installed spaCy pipeline (package name or folder) to use instead.",
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")]
WeighOpt = Annotated[
    bool,
    typer.Option(
        "--weigh-sources",
        help="Rank conflicting variants by source trust (truth discovery, CRH); annotates confidence.",
    ),
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Parse every article again; do not read or write the cache.")
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, metavar="N", help="Parse with N processes (default: by corpus size)."
    ),
]
MinSourcesOpt = Annotated[
    int,
    typer.Option(
        "--min-sources",
        min=1,
        metavar="N",
        help="When the folder holds several stories: a fact sheet only for those told by at least N sources.",
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict", help="Any skipped input or document warning is fatal: list them, no report, exit 1."
    ),
]
FollowSymlinksOpt = Annotated[
    bool, typer.Option("--follow-symlinks", help="Follow symlinks in a folder that lead outside it.")
]
MaxBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        max=1_000_000_000,
        metavar="N",
        help="Skip files larger than N bytes (default 5 MB).",
    ),
]
_MAX_BYTES = 5_000_000  # Settings.max_file_bytes; a test keeps the two equal


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
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON (same as --format json).")
    ] = False,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="table (default), json, jsonl, markdown or html; with -o, guessed from its extension.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no notes on stderr.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say what was read and how long it took.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", dir_okay=False, metavar="PATH", help="Write to PATH atomically, not stdout."
        ),
    ] = None,
    model: ModelOpt = None,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
    min_sources: MinSourcesOpt = 2,
    strict: StrictOpt = False,
    follow_symlinks: FollowSymlinksOpt = False,
    max_bytes: MaxBytesOpt = _MAX_BYTES,
    weigh_sources: WeighOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Print the fact sheet of the articles: consensus facts, conflicts, single-source claims, who is who.

    A folder of many unrelated stories is first grouped into stories: one fact sheet per story told by
    at least --min-sources sources, the others listed. Exits 1 when some input was skipped (the report of
    the others is still printed; with --strict nothing is printed but the problems).
    """
    started = time.monotonic()
    with _errors_translated(debug):
        report, texts = _build_report(
            paths,
            model,
            no_cache=no_cache,
            jobs=jobs,
            min_sources=min_sources,
            follow_symlinks=follow_symlinks,
            max_bytes=max_bytes,
            progress=_progress_bar(quiet),
            weigh_sources=weigh_sources,
        )
        problems = _problems(report, strict=strict)
        if strict and problems:
            _fail_strict(problems)
        _emit_format(report, texts, fmt=_pick_format(fmt, as_json, output), output=output)
    if verbose:
        _say_what_was_read(report, time.monotonic() - started)
    _exit_if_problems(problems, quiet=quiet)


@app.command()
def check(
    paths: PathsArg,
    model: ModelOpt = None,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
    strict: StrictOpt = False,
    follow_symlinks: FollowSymlinksOpt = False,
    max_bytes: MaxBytesOpt = _MAX_BYTES,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            exists=True,
            dir_okay=False,
            metavar="REPORT.json",
            help="Also fail when facts or conflicts drifted from this JSON report (made with --format json).",
        ),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Check that every input loads and parses; print one line per document.

    Exits 0 when every input was used, 1 when some were skipped (listed on stderr); with --strict a
    document warning also exits 1; with --baseline, facts or conflicts that drifted from it exit 1 too.
    """
    with _errors_translated(debug):
        report = _build_report(
            paths, model, no_cache=no_cache, jobs=jobs, follow_symlinks=follow_symlinks, max_bytes=max_bytes
        ).report
        explanation, drifted = _drift(baseline, report) if baseline is not None else ("", False)
    from dealclaims.formats import render_check

    typer.echo(render_check(report) + explanation, nl=False)
    drift = ["facts or conflicts drifted from the baseline"] if drifted else []
    _exit_if_problems([*_problems(report, strict=strict), *drift])


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report that `reconcile --json` writes."""
    from dealclaims.formats import report_schema

    typer.echo(report_schema(), nl=False)


cache_app = typer.Typer(
    help="Inspect or empty the cache of parsed articles and reports.", no_args_is_help=True
)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info() -> None:
    """Where the cache is, how many entries it holds and their size."""
    from dealclaims.cache import CACHE_MAX_BYTES, cache_usage

    usage = cache_usage()
    typer.echo(f"{usage.root}: {usage.entries} entries, {usage.bytes:,} bytes (bound {CACHE_MAX_BYTES:,})")


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every cache entry; the next run parses every article again."""
    from dealclaims.cache import cache_dir, clear_cache

    typer.echo(f"{cache_dir()}: {clear_cache()} entries deleted")


# ---------------------------------------------------------------- helpers


def _build_report(
    paths: Sequence[Path],
    model: str | None,
    *,
    no_cache: bool = False,
    jobs: int | None = None,
    min_sources: int = 2,
    follow_symlinks: bool = False,
    max_bytes: int = _MAX_BYTES,
    progress: Callable[[int, int], None] | None = None,
    weigh_sources: bool = False,
) -> Outcome:
    # rapidfuzz and friends; spaCy itself only loads when an article must be parsed
    from dealclaims import pipeline
    from dealclaims.models import Settings

    options: dict[str, object] = {
        "cache": not no_cache,
        "min_sources": min_sources,
        "follow_symlinks": follow_symlinks,
        "max_file_bytes": max_bytes,
        "weigh_sources": weigh_sources,
    }
    if model is not None:
        options["model"] = model
    if jobs is not None:
        options["n_process"] = jobs
    settings = Settings.model_validate(options)
    _INPUTS[:] = list(paths)
    return pipeline.run_pipeline(paths, settings, progress)


def _emit(report: Report, *, as_json: bool, output: Path | None) -> None:
    """Send the report to ``output`` or stdout: JSON, colour on a terminal, plain text otherwise."""
    from dealclaims.formats import render_fact_sheet, render_json, render_plain

    console = Console(highlight=False)
    if as_json:
        text = render_json(report)
    elif output is not None or not console.is_terminal or console.no_color:  # NO_COLOR: no boxes either
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
    from dealclaims.formats import PLAIN_WIDTH

    return console.width if console.is_terminal or os.environ.get("COLUMNS") else PLAIN_WIDTH


_INPUTS: list[Path] = []  # the paths this run reads: ``-o`` never replaces one (set by ``_build_report``)


def _write_atomic(path: Path, text: str) -> None:
    """``-o``: the one atomic writer (``files.write_output``); an OS error becomes a one-line error."""
    from dealclaims.files import write_output

    try:
        write_output(path, text, [p for p in _INPUTS if str(p) != "-"])
    except OSError as err:
        raise DealclaimsError(f"cannot write {path}: {err.strerror or err}") from err


_OUTPUT_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT})


@contextmanager
def _errors_translated(debug: bool) -> Iterator[None]:
    """Turn a ``DealclaimsError`` into ``dealclaims: error: …`` on stderr and its exit code.

    Any other exception is a bug, still reported in one line (exit 1); ``--debug`` shows its traceback.
    """
    try:
        yield
    except DealclaimsError as err:
        if debug:
            traceback.print_exc()
        for item in err.skipped if isinstance(err, NoArticlesFound) else ():
            typer.echo(f"dealclaims: {item.path}: {item.reason}", err=True)  # why nothing was usable
        typer.echo(f"dealclaims: error: {err}", err=True)
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
    typer.echo(f"dealclaims: error: {message}", err=True)
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
        typer.echo(f"dealclaims: {line}", err=True)
    typer.echo(f"dealclaims: error: --strict: {len(problems)} problem(s), no report written", err=True)
    raise typer.Exit(1)


def _exit_if_problems(problems: Sequence[str], quiet: bool = False) -> None:
    """List the problems on stderr, one line each (unless ``quiet``), and exit 1 if there are any."""
    for line in problems if not quiet else ():
        typer.echo(f"dealclaims: {line}", err=True)
    if problems:
        raise typer.Exit(1)


# ---------------------------------------------------------------- formats, progress, show, diff


@app.command()
def show(
    report_path: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, metavar="REPORT.json", help="A report from --format json."
        ),
    ],
    item_id: Annotated[
        str, typer.Argument(metavar="ID", help="A fact or conflict id (a unique prefix will do).")
    ],
    debug: DebugOpt = False,
) -> None:
    """Print the evidence of one fact or conflict, per source, with the claim highlighted."""
    from dealclaims.formats.show import find_item, render_item

    with _errors_translated(debug):
        report = _read_report(report_path)
        item = find_item(report, item_id)
    console = Console(highlight=False)
    plain = not console.is_terminal or console.no_color
    console.print(render_item(report, item, plain=plain), soft_wrap=plain)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(exists=True, dir_okay=False, metavar="OLD.json")],
    new: Annotated[Path, typer.Argument(exists=True, dir_okay=False, metavar="NEW.json")],
    debug: DebugOpt = False,
) -> None:
    """Facts and conflicts added (+), removed (-) and changed (~) from OLD to NEW; exit 1 if any."""
    from dealclaims.diff import diff_reports, render_diff

    with _errors_translated(debug):
        changes = diff_reports(_read_report(old), _read_report(new))
    typer.echo(render_diff(changes), nl=False)
    if not changes.empty:
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


def _pick_format(fmt: OutputFormat | None, as_json: bool, output: Path | None) -> str:
    """--json wins, then --format, then the extension of -o, then the terminal table."""
    if as_json:
        return "json"
    if fmt is not None:
        return fmt.value
    if output is not None:
        return _SUFFIX_FORMATS.get(output.suffix.lower(), "table")
    return "table"


def _emit_format(report: Report, texts: dict[str, str], *, fmt: str, output: Path | None) -> None:
    """Render ``report`` in ``fmt``; the table keeps its terminal/plain behaviour (``_emit``)."""
    if fmt in ("table", "json"):
        _emit(report, as_json=fmt == "json", output=output)
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
        typer.echo(f"dealclaims: read {doc.id} ({where}, {doc.chars} chars)", err=True)
    typer.echo(
        f"dealclaims: {len(report.documents)} documents, {len(report.facts)} facts, "
        f"{len(report.conflicts)} conflicts, {len(report.skipped)} skipped in {seconds:.1f}s",
        err=True,
    )
