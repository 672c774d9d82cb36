"""The typer app: typed options, one library call, one renderer. The only module that prints or exits.

spaCy is slow to import, so ``dealclaims.pipeline`` is imported inside the commands: ``--help``,
``--version`` and ``schema`` never load it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:  # the pipeline loads inside the commands: --help stays fast
    from dealclaims.pipeline import Outcome

from dealclaims.cli.errors import (
    INTERRUPTED,
    _drift,
    _errors_translated,
    _exit_at_once,
    _exit_if_problems,
    _fail_strict,
    _problems,
    _read_report,
    _say_cannot_write,
)
from dealclaims.cli.options import (
    _MAX_BYTES,
    ColorChoice,
    ColorOpt,
    DebugOpt,
    FollowSymlinksOpt,
    JobsOpt,
    MaxBytesOpt,
    MinSourcesOpt,
    ModelOpt,
    NoCacheOpt,
    OutputFormat,
    PathsArg,
    StrictOpt,
    WeighOpt,
    _show_version,
)
from dealclaims.cli.output import (
    _INPUTS,
    _ClosedStdout,
    _console,
    _emit_format,
    _output_not_input,
    _pick_format,
    _progress_bar,
    _quiet_when_pipe_closes,
    _say_what_was_read,
)


class _App(typer.Typer):
    """The typer app; output that cannot be written (``> /dev/full``, a closed stdout) is one error line."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:

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
            if done.code == INTERRUPTED:
                _exit_at_once(INTERRUPTED)
            raise done from None


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
