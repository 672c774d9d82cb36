"""Caches of per-document results, so a re-run over an unchanged corpus skips spaCy and the loader's cleaning.

An entry is one ``Extraction`` as JSON, in a file named by a key that hashes everything the extraction
depends on: the article's content and id, the spaCy model's name and version, the spaCy version, the
dealclaims version and source code, and the lexicon data file. A changed input gives a new key, so a stale
entry is simply never found. Entries are written atomically (temp file + rename) and validated on read: a
corrupt, unparseable or mismatched entry counts as a miss and is rewritten. No pickle: JSON only.

A second cache, ``ArticleCache``, keeps what the loader made of one file (its ``Article``s, or the reason it
was refused), keyed by the file's bytes and name, so a warm run reads each file but does not decode, repair,
language-check or split it again.

Nothing here imports spaCy: the model version is read from the installed package's metadata.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from contextlib import suppress
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from pydantic import BaseModel, ValidationError

from dealclaims.files import write_atomic
from dealclaims.models import SCHEMA_VERSION, Article, Extraction, Report, Settings, Skipped

__all__ = [
    "ArticleCache",
    "CacheUsage",
    "ExtractionCache",
    "LoadedFile",
    "ReportCache",
    "cache_dir",
    "cache_usage",
    "clear_cache",
    "prune_cache",
]

CACHE_ENV = "DEALCLAIMS_CACHE_DIR"
FORMAT = "1"  # bump when the entry layout changes
# Article fields computed from ``text`` by the loader (the code digest covers how), or irrelevant (path).
_DERIVED = {"path", "blocks", "body", "body_map", "warnings"}
# What each cache's results depend on: the modules these import, followed transitively (see ``_code_digest``).
LOADER_ROOTS = ("dealclaims.load",)  # files -> Articles
EXTRACTION_ROOTS = ("dealclaims.parsing",)  # an Article -> its Extraction (the spaCy pipeline included)


def cache_dir() -> Path:
    """``$DEALCLAIMS_CACHE_DIR``, or the user's cache directory for dealclaims."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs  # only needed when no override is given

    return Path(platformdirs.user_cache_dir("dealclaims")) / "extractions"


class ExtractionCache:
    """Per-document ``Extraction`` results on disk, keyed by content and by everything that shapes them."""

    def __init__(self, model: str, root: Path | None = None) -> None:
        self.root = root or cache_dir()
        self._salt = environment_fingerprint(model)

    def key(self, article: Article) -> str:
        """The entry key of one article: its id, text and metadata plus the environment fingerprint.

        The id is in the key because claims carry it, and metadata because a publication date anchors
        relative dates; the path is not (a moved folder stays warm), nor what is derived from the text.
        """
        fields = article.model_dump(mode="json", exclude=_DERIVED)
        digest = hashlib.sha256(self._salt.encode())
        digest.update(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, article: Article) -> Extraction | None:
        """The cached extraction of ``article``, or None when absent, unreadable, corrupt or mismatched."""
        key = self.key(article)
        try:  # parsed and validated in one step by pydantic-core: a warm run reads thousands of entries
            entry = _ExtractionEntry.model_validate_json(self._path(key).read_bytes())
        except (OSError, ValueError, ValidationError):
            return None  # a bad entry is a miss: the caller re-extracts and overwrites it
        if entry.key != key or entry.format != FORMAT or entry.extraction.article_id != article.id:
            return None
        return entry.extraction

    def put(self, article: Article, extraction: Extraction) -> None:
        """Store ``extraction`` atomically; a cache that cannot be written is silently skipped."""
        key = self.key(article)
        try:
            entry = {"format": FORMAT, "key": key, "extraction": extraction.model_dump(mode="json")}
            text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        except ValueError:  # a lone surrogate JSON cannot hold as UTF-8: not cached, the run goes on
            return
        _write_atomic(self._path(key), text)


class _ExtractionEntry(BaseModel):
    format: str
    key: str
    extraction: Extraction


class LoadedFile(BaseModel):
    """What the loader made of one file: its articles, each with the hash ``load_articles`` compares to find
    duplicates (``content_hashes[i]`` belongs to ``articles[i]``), or the reason it was ``refused``."""

    articles: list[Article] = []
    content_hashes: list[str] = []
    refused: str | None = None


class _ArticleEntry(BaseModel):
    format: str
    key: str
    loaded: LoadedFile


class ArticleCache:
    """The loader's result for each file on disk, keyed by the file's bytes and name and the loader itself.

    The name is in the key because the article id is derived from it; the folder is not (``Article.path``
    is set again by the caller on a hit). The loader's code, the libraries that decode and repair text, the
    dealclaims version and the loader's settings are in the salt: a change to any of them misses.
    """

    def __init__(self, settings: Settings, root: Path | None = None) -> None:
        self.root = (root or cache_dir()) / "articles"
        self._salt = loader_fingerprint(settings.max_file_bytes)

    def key(self, data: bytes, name: str) -> str:
        """The entry key of a file named ``name`` (no folder) holding ``data``."""
        digest = hashlib.sha256(self._salt.encode())
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, data: bytes, name: str) -> LoadedFile | None:
        """The cached result for this file, or None when absent, unreadable, corrupt or mismatched."""
        key = self.key(data, name)
        try:
            entry = _ArticleEntry.model_validate_json(self._path(key).read_bytes())
        except (OSError, ValueError):  # pydantic's ValidationError is a ValueError
            return None
        loaded = entry.loaded
        consistent = len(loaded.articles) == len(loaded.content_hashes) and bool(loaded.articles) != bool(
            loaded.refused
        )
        return loaded if entry.key == key and entry.format == FORMAT and consistent else None

    def put(self, data: bytes, name: str, loaded: LoadedFile) -> None:
        """Store the loader's result for this file atomically; a failed write is silently skipped."""
        key = self.key(data, name)
        try:
            text = _ArticleEntry(format=FORMAT, key=key, loaded=loaded).model_dump_json()
        except ValueError:  # e.g. a lone surrogate that JSON cannot hold: such a file is simply not cached
            return
        _write_atomic(self._path(key), text)


class ReportCache:
    """The whole assembled ``Report`` for one exact set of inputs, settings and code.

    A warm re-run over an unchanged corpus then skips resolve, reconcile and origin tracing too. The key
    hashes every extraction-cache key (content, ids, metadata, model, code), every article's path (paths are
    in the report), the skipped inputs, the settings and all of dealclaims' code; a miss just rebuilds.
    """

    def __init__(self, settings: Settings, root: Path | None = None) -> None:
        self.root = (root or cache_dir()) / "reports"
        self.settings = settings
        self.extractions = ExtractionCache(settings.model, root)

    def key(self, articles: list[Article], skipped: list[Skipped]) -> str:
        digest = hashlib.sha256(environment_fingerprint(self.settings.model).encode())
        digest.update(_code_digest(None).encode())
        digest.update(self.settings.model_dump_json().encode())
        for article in articles:
            digest.update(
                f"\0{self.extractions.key(article)}\0{article.path}".encode("utf-8", "surrogatepass")
            )
        for skip in skipped:
            digest.update(f"\0{skip.path}\0{skip.reason}".encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def get(self, key: str) -> Report | None:
        """The cached report, or None when absent, unreadable or invalid."""
        try:
            report = Report.model_validate_json(self._path(key).read_bytes())
        except (OSError, ValueError, ValidationError):
            return None
        return report if is_complete_report(report) else None  # "{}" validates: every field has a default

    def put(self, key: str, report: Report) -> None:
        """Store ``report``; one that cannot be serialised (a lone surrogate) is simply not cached."""
        try:
            text = report.model_dump_json()
        except ValueError:
            return
        _write_atomic(self._path(key), text, REPORT_ENTRY_MAX_BYTES)


# One entry at most this large is stored: a 5 MB page's extraction (its tokens, mentions, sentences) would be
# a 53 MB entry, costing more to write and read back than it saves; such an article is parsed again instead.
CACHE_ENTRY_MAX_BYTES = 8_000_000
# A whole report's entry may be larger (a 10k-article feed's report): it is what makes a warm run of a big
# corpus fast. Both stay well under the cache's total bound, ``CACHE_MAX_BYTES``.
REPORT_ENTRY_MAX_BYTES = 100_000_000


def _write_atomic(path: Path, text: str, limit: int | None = None) -> None:
    """Write a cache entry atomically, unless it is larger than ``limit`` bytes (default
    ``CACHE_ENTRY_MAX_BYTES``); errors are swallowed (the cache is only an optimisation)."""
    limit = CACHE_ENTRY_MAX_BYTES if limit is None else limit
    if len(text) > limit or (len(text) * 4 > limit and _utf8_size(text) > limit):
        return  # too large to be worth storing: the run goes on, the entry is simply missing next time
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text, durable=False)
    except (OSError, ValueError):  # ValueError: text UTF-8 cannot encode
        pass  # a read-only or full disk must not fail the run


def _utf8_size(text: str) -> int:
    """The size in bytes of ``text`` written as UTF-8 (a lone surrogate counts as 3 bytes)."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


@lru_cache(maxsize=8)
def loader_fingerprint(max_file_bytes: int) -> str:
    """A hash of what, besides a file's bytes and name, decides what the loader makes of it."""
    from dealclaims import __version__

    libraries = [_version(name) for name in ("ftfy", "charset-normalizer", "trafilatura", "pydantic")]
    parts = [FORMAT, "articles", __version__, *libraries, str(max_file_bytes), _code_digest(LOADER_ROOTS)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@lru_cache(maxsize=8)
def environment_fingerprint(model: str) -> str:
    """A hash of what, besides the text, decides an extraction: model, library versions, code and lexicon."""
    from dealclaims import __version__

    parts = [
        FORMAT,
        __version__,
        model,
        _version(model),
        _model_folder_identity(model),
        _version("spacy"),
        _version("thinc"),
        _code_digest(EXTRACTION_ROOTS),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _model_folder_identity(model: str) -> str:
    """For a pipeline loaded from a folder: a hash of its meta.json and config.cfg and of every file's name,
    size and modification time, so a different model saved at the same path never serves stale results."""
    folder = Path(model)
    if not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    for name in ("meta.json", "config.cfg"):
        with suppress(OSError):
            digest.update((folder / name).read_bytes())
    for path in sorted(folder.rglob("*")):
        with suppress(OSError):
            info = path.stat()
            digest.update(f"\0{path.relative_to(folder)}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def _version(distribution: str) -> str:
    """The installed version of a package (a spaCy model is a package too), or "" when unknown."""
    for name in (distribution, distribution.replace("_", "-")):
        with suppress(metadata.PackageNotFoundError):
            return metadata.version(name)
    return ""  # e.g. a model loaded from a path: its version cannot be read without spaCy


@lru_cache(maxsize=4)
def _code_digest(roots: tuple[str, ...] | None = None) -> str:
    """A hash of the sources and data files a result depends on: an edited rule invalidates what it shaped.

    ``roots`` are the modules that compute the result; every dealclaims module they import, at the top or
    inside a function, counts, followed transitively (so no list of file names is kept by hand). Data files
    always count. ``None``: the whole package (the whole-report cache).
    """
    digest = hashlib.sha256()
    package = Path(str(resources.files("dealclaims")))
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".json", ".jsonl") and p.is_file())
    needed = None if roots is None else _import_closure(package, roots)
    for path in files:
        if needed is not None and path.suffix == ".py" and path not in needed:
            continue
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _import_closure(package: Path, roots: tuple[str, ...]) -> set[Path]:
    """The source files of ``roots`` and of every dealclaims module they import, with their packages."""
    seen: set[Path] = set()
    todo = list(roots)
    while todo:
        module = todo.pop()
        parts = module.split(".")[1:]
        for depth in range(len(parts) + 1):  # importing a.b.c runs a/__init__, a/b/__init__ too
            path = _module_file(package, parts[:depth])
            if path is None or path in seen:
                continue
            seen.add(path)
            if depth:  # the package root only re-exports, lazily: what it names is not run on import
                todo.extend(_imported_modules(path))
    return seen


def _module_file(package: Path, parts: list[str]) -> Path | None:
    init = package.joinpath(*parts, "__init__.py")
    if init.is_file():
        return init
    module = package.joinpath(*parts[:-1], f"{parts[-1]}.py") if parts else None
    return module if module is not None and module.is_file() else None


def _imported_modules(path: Path) -> list[str]:
    """``dealclaims`` modules imported anywhere in ``path`` (``from dealclaims.x import y`` may name a module)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("dealclaims")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dealclaims"):
            found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names]  # a submodule, when it is one
    return found


def is_complete_report(report: Report) -> bool:
    """True when the JSON named this schema version and its documents (``{}`` validates as an empty Report)."""
    return (
        report.schema_version == SCHEMA_VERSION and {"schema_version", "documents"} <= report.model_fields_set
    )


CACHE_MAX_BYTES = 1_000_000_000  # past this, the least recently written entries are evicted after a run


class CacheUsage(BaseModel):
    """What the cache holds: its folder, its entries and their size in bytes."""

    root: str
    entries: int
    bytes: int


def _entries(root: Path) -> list[tuple[float, int, Path]]:
    """Every cache entry (``*.json``) under ``root`` as (modified time, size, path)."""
    found = []
    for path in root.rglob("*.json") if root.is_dir() else ():
        with suppress(OSError):
            info = path.stat()
            found.append((info.st_mtime, info.st_size, path))
    return found


def cache_usage(root: Path | None = None) -> CacheUsage:
    """How many entries and bytes the cache at ``root`` (default ``cache_dir()``) holds."""
    root = root or cache_dir()
    entries = _entries(root)
    return CacheUsage(root=str(root), entries=len(entries), bytes=sum(size for _, size, _ in entries))


def clear_cache(root: Path | None = None) -> int:
    """Delete every cache entry (only ``*.json`` files under the cache folder); the number deleted."""
    return _delete([path for _, _, path in _entries(root or cache_dir())])


def prune_cache(limit: int = CACHE_MAX_BYTES, root: Path | None = None) -> int:
    """Evict the oldest entries until the cache holds at most ``limit`` bytes; the number evicted."""
    entries = sorted(_entries(root or cache_dir()))
    total = sum(size for _, size, _ in entries)
    doomed = []
    for _, size, path in entries:
        if total <= limit:
            break
        doomed.append(path)
        total -= size
    return _delete(doomed)


def _delete(paths: list[Path]) -> int:
    deleted = 0
    for path in paths:
        with suppress(OSError):
            path.unlink()
            deleted += 1
    return deleted
