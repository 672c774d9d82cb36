"""Which files a run reads: folders, files and stdin, with the reason each skipped entry was skipped."""

from __future__ import annotations

import errno
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from dealclaims.errors import NoArticlesFound, UnreadableArticle
from dealclaims.models import Settings, Skipped

STDIN = Path("-")
_SURROGATES = re.compile("[\ud800-\udfff]")  # undecodable bytes of a file name: JSON cannot hold them


ARTICLE_SUFFIXES = frozenset({".txt", ".md"})


DEFAULT_SETTINGS = Settings()  # frozen, so one shared default is safe

# formats people save articles in that are not text: how to turn them into an input
CONVERSION_HINTS = {
    ".pdf": "a PDF: convert it with `pdftotext FILE.pdf` and pass the .txt",
    ".docx": "a Word document: save it as .txt or .html",
    ".doc": "a Word document: save it as .txt or .html",
    ".odt": "an OpenDocument file: save it as .txt or .html",
    ".rtf": "an RTF file: save it as .txt or .html",
}


def conversion_hint(path: str | Path) -> str:
    """`` (a PDF: convert it with `pdftotext` ...)`` for a known non-text document format, else ``""``."""
    hint = CONVERSION_HINTS.get(Path(path).suffix.lower())
    return f" ({hint})" if hint else ""


def discover_paths(
    inputs: Sequence[str | Path], settings: Settings = DEFAULT_SETTINGS
) -> tuple[list[Path], list[Skipped]]:
    """Expand the command-line inputs into the files to read, in a stable order.

    A folder gives its ``*.txt`` / ``*.md`` files sorted by name (not recursive); other files in it are
    returned as ``Skipped``; hidden files and editor backups are ignored, and so are symlinks that lead out
    of the folder unless ``settings.follow_symlinks``. A file named directly is taken whatever its extension,
    and ``"-"`` means stdin (``STDIN``). The same file named twice is read once. A folder without articles is
    a ``Skipped`` too, so one empty folder does not stop the others.

    Raises ``UnreadableArticle`` for an input that does not exist and ``NoArticlesFound`` when no input
    gives any file to read.
    """
    paths: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[Path] = {Path(p) for p in settings.exclude_paths}  # the -o file of this run is never an input
    for item in inputs:
        path = Path(item)
        if isinstance(item, str) and not item:  # Path("") is ".": never read a folder nobody named
            raise UnreadableArticle("''", "an empty path names no file (use . for the current folder)")
        if str(item) == "-":
            found = [STDIN]
        elif path.is_dir():
            found, ignored = _folder_articles(path, settings.follow_symlinks)
            skipped.extend(ignored)
        elif path.exists():
            problem = _named_file_problem(path)
            if problem is not None:  # a FIFO would block, /dev/zero never ends: only regular files are read
                skipped.append(Skipped(path=str(path), reason=problem))
                continue
            found = [path]
        else:
            raise UnreadableArticle(str(path), "no such file or directory")
        for found_path in found:
            key = found_path if found_path == STDIN else _real_path(found_path)
            if key not in seen:
                seen.add(key)
                paths.append(found_path)
    skipped = [s.model_copy(update={"path": _SURROGATES.sub("\ufffd", s.path)}) for s in skipped]
    if not paths:  # only folders were given, and none holds an article
        raise NoArticlesFound("no .txt or .md files in " + ", ".join(map(str, inputs)), skipped)
    return paths, skipped


def _named_file_problem(path: Path) -> str | None:
    """Why a file named on the command line cannot be read (not a regular file), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        return f"cannot read: {err.strerror or err}"
    return None if stat.S_ISREG(mode) else "not a regular file (a FIFO, device or socket)"


def _real_path(path: Path) -> Path:
    """``path`` with symlinks resolved; the absolute path when it cannot be (a symlink loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a symlink loop
        return path.absolute()


def _folder_articles(folder: Path, follow_symlinks: bool) -> tuple[list[Path], list[Skipped]]:
    """The article files of one folder, sorted by name, and the other files as ``Skipped``.

    Only names are listed here (``iterdir`` opens no file), so a folder of thousands of files costs one
    open file at a time when they are read.
    """
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except PermissionError:
        return [], [Skipped(path=str(folder), reason="permission denied")]
    except OSError as err:
        return [], [Skipped(path=str(folder), reason=f"cannot read: {err.strerror or err}")]
    found: list[Path] = []
    skipped: list[Skipped] = []
    root = _real_path(folder)
    for entry in entries:
        if _is_ignored(entry.name):
            continue
        reason = _entry_problem(entry, root, follow_symlinks)
        if reason is _SUB_FOLDER:  # folders are not searched recursively
            continue
        if reason is not None:
            skipped.append(Skipped(path=str(entry), reason=reason))
        elif entry.suffix.lower() in ARTICLE_SUFFIXES:
            found.append(entry)
        else:
            skipped.append(Skipped(path=str(entry), reason="not a .txt or .md file" + conversion_hint(entry)))
    if not found:
        skipped.append(Skipped(path=str(folder), reason="no .txt or .md files"))
    return found, skipped


_SUB_FOLDER = "sub-folder"


def _entry_problem(entry: Path, root: Path, follow_symlinks: bool) -> str | None:
    """Why a folder entry cannot be an article (``_SUB_FOLDER`` for a folder), or None when it may be one."""
    if entry.is_symlink():
        try:
            target = entry.resolve(strict=True)
        except RuntimeError:
            return "symlink loop"
        except OSError as err:
            return "symlink loop" if err.errno == errno.ELOOP else "broken symlink"
        if not follow_symlinks and not target.is_relative_to(root):
            return "symlink to outside the folder (not followed without --follow-symlinks)"
    try:
        mode = entry.stat().st_mode
    except OSError as err:
        return "symlink loop" if err.errno == errno.ELOOP else f"cannot read: {err.strerror or err}"
    if stat.S_ISDIR(mode):
        return _SUB_FOLDER
    if not stat.S_ISREG(mode):  # a FIFO or device would block or never end
        return "not a regular file"
    return None


def _is_ignored(name: str) -> bool:
    """Hidden files and editor droppings (``.#x``, ``x~``, ``#x#``, ``.x.swp``) are never articles."""
    return name.startswith(".") or name.endswith("~") or (name.startswith("#") and name.endswith("#"))
