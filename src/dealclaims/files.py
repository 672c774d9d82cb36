"""Writing files safely: the one atomic writer, used by the cache and by ``-o``."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from dealclaims.errors import OutputRefused

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})  # what a folder input reads (load.discover keeps the same set)


def write_output(path: Path, text: str, inputs: Iterable[Path] = ()) -> None:
    """``-o``: write ``text`` atomically to ``path``, a regular file or a new path.

    A symlink is followed and its target written (the link stays); an existing file keeps its mode; a
    device, FIFO, socket or folder is refused, and so is an input of this run or an article-type file
    (``.txt``/``.md``) in an input folder, which the next run would read as a source.
    Raises ``OutputRefused``, or ``OSError`` when the write fails.
    """
    target = Path(os.path.realpath(path))  # follows symlinks, also to a target that does not exist yet
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"{path}: not a regular file; -o writes only to a regular file or a new path")
    for item in inputs:
        real = Path(os.path.realpath(item))
        if real == target or (real == target.parent and target.suffix.lower() in ARTICLE_SUFFIXES):
            raise OutputRefused(
                f"{path}: is an input of this run (or would be read as one); choose another path"
            )
    write_atomic(target, text, mode=stat.S_IMODE(info.st_mode) if info is not None else None)


def write_atomic(path: Path, text: str, *, durable: bool = True, mode: int | None = None) -> None:
    """Write ``text`` to a temp file next to ``path``, then rename it over ``path``.

    Readers see the old file or the new one, never half of it; on failure no temp file is left behind and
    the ``OSError`` is raised. ``durable`` fsyncs before the rename (an output file; a cache entry need not).
    The file gets ``mode`` when given, else what a new file gets under the umask (temp files start as 0600).
    """
    tmp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(text)
            if durable:
                tmp.flush()
                os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode if mode is not None else 0o666 & ~_umask())
        os.replace(tmp_name, path)
        tmp_name = None
    finally:
        if tmp_name is not None:
            with suppress(OSError):
                os.unlink(tmp_name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
