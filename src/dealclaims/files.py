"""Writing files safely: the one atomic writer, used by the cache and by ``-o``."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path


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
