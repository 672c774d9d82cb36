"""The options and arguments the commands share, with the checks that make a bad value a usage error."""

from __future__ import annotations

import difflib
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dealclaims import __version__

if TYPE_CHECKING:  # models (pydantic) and report (rich tables) load inside the commands: --help stays fast
    pass
from dealclaims.cli.errors import _safe


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


def _path_value(value: str | Path) -> Path:
    """One raw PATHS value as a ``Path``; ``''`` is a usage error (exit 2).

    A parser, not a callback: typer turns ``''`` into ``Path('.')`` before a callback sees it, and the
    current folder is not what an empty argument (an unset shell variable, say) meant.
    """
    if str(value) == "":
        raise typer.BadParameter("'' is an empty path, not a file or folder (use . for the current folder).")
    return Path(value)


PathsArg = Annotated[
    list[Path],
    typer.Argument(
        parser=_path_value,
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
