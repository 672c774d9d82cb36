"""The typer app: typed options, one library call, one renderer. The only module that prints or exits.

spaCy is slow to import, so ``dealclaims.pipeline`` is imported inside the commands: ``--help``,
``--version`` and ``schema`` never load it.
"""

from __future__ import annotations

import difflib
import errno
import os
import sys
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


class ColorChoice(str, Enum):
    """``--color``: auto follows the terminal, ``NO_COLOR`` and ``FORCE_COLOR``."""

    auto = "auto"
    always = "always"
    never = "never"


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
            raise typer.BadParameter(f"path {_safe(str(path))!r} does not exist.{_did_you_mean(path)}")
    return paths


def _did_you_mean(path: Path) -> str:
    """`` Did you mean 'seeds'?`` when the missing path's folder holds a close match (difflib)."""
    parent = path.parent if str(path.parent) else Path(".")
    try:
        names = [entry.name for entry in parent.iterdir()] if parent.is_dir() else []
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=3, cutoff=0.6)
    if not close:
        return ""
    shown = ", ".join(repr(_safe(str(parent / name) if str(path.parent) != "." else name)) for name in close)
    return f" Did you mean {shown}?"


def _safe(text: str) -> str:
    """``text`` on one line, control characters and bidi overrides escaped: input never drives the terminal
    nor forges a line of its own."""
    from dealclaims.formats._common import visible

    return visible(text).replace("\n", "\\n").replace("\t", "\\t")


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
ColorOpt = Annotated[
    ColorChoice,
    typer.Option(
        "--color",
        case_sensitive=False,
        help="Colour: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always or never.",
    ),
]
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
    color: ColorOpt = ColorChoice.auto,
    debug: DebugOpt = False,
) -> None:
    """Print the fact sheet of the articles: consensus facts, conflicts, single-source claims, who is who.

    A folder of many unrelated stories is first grouped into stories: one fact sheet per story told by
    at least --min-sources sources, the others listed. Exits 1 when some input was skipped (the report of
    the others is still printed; with --strict nothing is printed but the problems).
    """
    started = time.monotonic()
    if quiet and verbose:
        raise typer.BadParameter("-q/--quiet and -v/--verbose cannot be used together.", param_hint="-q / -v")
    chosen = _pick_format(fmt, as_json, output)  # a usage error before any work
    exclude = _output_not_input(paths, output)
    with _errors_translated(debug):
        report, texts = _build_report(
            paths,
            model,
            exclude=exclude,
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
        with _quiet_when_pipe_closes():
            _emit_format(report, texts, fmt=chosen, output=output, color=color, verbose=verbose)
    if verbose:
        _say_what_was_read(report, time.monotonic() - started)
    if len(report.documents) == 1 and not quiet:
        typer.echo("dealclaims: one article: nothing to reconcile (its claims are listed)", err=True)
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

    with _quiet_when_pipe_closes():
        typer.echo(render_check(report) + explanation, nl=False)
    drift = ["facts or conflicts drifted from the baseline"] if drifted else []
    _exit_if_problems([*_problems(report, strict=strict), *drift])


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report that `reconcile --json` writes."""
    from dealclaims.formats import report_schema

    with _quiet_when_pipe_closes():
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
    exclude: tuple[str, ...] = (),
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
        "exclude_paths": exclude,
    }
    if model is not None:
        options["model"] = model
    if jobs is not None:
        options["n_process"] = jobs
    settings = Settings.model_validate(options)
    _INPUTS[:] = list(paths)
    return pipeline.run_pipeline(paths, settings, progress)


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
        str,
        typer.Argument(
            metavar="ID",
            help="A fact (f-), conflict (x-) or shared origin (o-) id, as the fact sheet shows it "
            "(a unique prefix will do).",
        ),
    ],
    color: ColorOpt = ColorChoice.auto,
    debug: DebugOpt = False,
) -> None:
    """Print the evidence of one fact, conflict or shared origin, per source, with the claim highlighted."""
    from dealclaims.formats.show import find_item, render_item

    with _errors_translated(debug):
        report = _read_report(report_path)
        item = find_item(report, item_id)
    console = _console(color.value)
    plain = not console.is_terminal or console.no_color
    with _quiet_when_pipe_closes():
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
    with _quiet_when_pipe_closes():
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
