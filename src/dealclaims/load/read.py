"""Bytes -> ``Article``s: safe reading, dispatch by format (text, front matter, HTML, JSON records), the cache.

This is the only module that opens input files. Every later stage works on ``Article.body`` and maps its
offsets back into ``Article.text`` through ``Article.body_map``, so the maps built here must be exact."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from dealclaims.errors import UnreadableArticle
from dealclaims.load.records import (
    HTML_SUFFIXES,
    RECORD_SUFFIXES,
    Metadata,
    html_document,
    mask_front_matter,
    read_records,
    record_document,
    record_id,
    split_front_matter,
)
from dealclaims.models import Article, Block, Settings, Skipped

if TYPE_CHECKING:
    from dealclaims.cache import ArticleCache, LoadedFile
from dealclaims.load.blocks import _with_blocks, split_blocks
from dealclaims.load.decode import clean_text, decode_bytes
from dealclaims.load.discover import DEFAULT_SETTINGS, STDIN, conversion_hint
from dealclaims.load.language import check_english, looks_like_html
from dealclaims.load.normalise import _VISIBLE, normalize_text

# Heuristics of this module. They describe what a text file looks like rather than tune the pipeline, so
# they stay here instead of in Settings.
BINARY_CONTROL_RATIO = 0.10  # more control characters than this and the "text" is really binary


_BINARY_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b",
    b"\x7fELF",
)  # fmt: skip


def load_articles(
    paths: Sequence[Path], settings: Settings = DEFAULT_SETTINGS, cache: ArticleCache | None = None
) -> tuple[list[Article], list[Skipped]]:
    """Read every path; a file that cannot be used becomes a ``Skipped`` and the others still load.

    A file whose text equals an earlier one's (compared after decoding and normalising quotes and spaces, so
    a copy in another encoding counts too) is skipped as well: it would count the same report twice. Article
    ids are made unique (``name``, ``name-2``..., see ``_make_ids_unique``) because they identify sources
    downstream; they do not depend on the order of ``paths``. With a ``cache``, a file whose bytes were
    loaded before is still read but not decoded and cleaned again.
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    first_path_by_hash: dict[str, str] = {}
    for path in paths:
        try:
            loaded = _load_file(path, settings, cache)  # a .jsonl file holds several articles
        except UnreadableArticle as err:
            skipped.append(Skipped(path=printable_path(path), reason=err.reason))
            continue
        found = loaded.articles
        for article, text_hash in zip(found, loaded.content_hashes):
            article.path, article.id = printable_path(article.path), printable_path(article.id)
            if text_hash in first_path_by_hash:
                reason = f"same content as {first_path_by_hash[text_hash]}"
                where = str(path) if len(found) == 1 else f"{path}#{article.id}"  # which record of the file
                skipped.append(Skipped(path=where, reason=reason))
                continue
            first_path_by_hash[text_hash] = article.path
            articles.append(article)
    _make_ids_unique(articles)
    return articles, skipped


def _load_file(path: Path, settings: Settings, cache: ArticleCache | None) -> LoadedFile:
    """One file's articles and their duplicate-check hashes, from ``cache`` when its bytes were seen before.

    A refusal (binary, empty, not English...) is cached too and raised again as ``UnreadableArticle``;
    problems found before the bytes are read (missing, too large) never reach the cache.
    """
    from dealclaims.cache import LoadedFile  # cache.py imports nothing of the loader: no cycle

    if cache is None or path == STDIN:
        found = read_articles(path, settings)
        return LoadedFile(articles=found, content_hashes=[_content_hash(a) for a in found])
    data = _read_bytes(path, settings.max_file_bytes, None)
    loaded = cache.get(data, path.name)
    if loaded is None:
        try:
            found = _articles_from_bytes(data, path)
        except UnreadableArticle as err:
            cache.put(data, path.name, LoadedFile(refused=err.reason))
            raise
        loaded = LoadedFile(articles=found, content_hashes=[_content_hash(a) for a in found])
        cache.put(data, path.name, loaded)
        return loaded
    if loaded.refused is not None:
        raise UnreadableArticle(str(path), loaded.refused)
    for article in loaded.articles:  # the entry may come from the same file in another folder
        article.path = str(path)
    return loaded


_SURROGATES = re.compile("[\ud800-\udfff]")


def printable_path(path: Path | str) -> str:
    """``path`` as text JSON can hold: a file name's undecodable bytes (``caf\\xe9.txt``) become U+FFFD."""
    return _SURROGATES.sub("\ufffd", str(path))


def _content_hash(article: Article) -> str:
    """What two copies of one text share, whatever their encoding, quotes and spacing."""
    return hashlib.sha256(normalize_text(article.text)[0].encode("utf-8")).hexdigest()


def _make_ids_unique(articles: list[Article]) -> None:
    """Give articles that share an id (same-named files in two folders) ``id``, ``id-2``, ``id-3``...

    The ids depend on the set of articles, not on the order they were read in: an id held by one article
    stays, and articles sharing one are numbered in the order of their paths (records of one file in file
    order), skipping ids that another article holds.
    """
    sharing: dict[str, list[int]] = {}
    for index, article in enumerate(articles):
        sharing.setdefault(article.id, []).append(index)
    taken = set(sharing)
    for article_id in sorted(i for i, members in sharing.items() if len(members) > 1):
        members = sorted(sharing[article_id], key=lambda index: (articles[index].path, index))
        for index in members[1:]:
            articles[index].id = _unique_id(article_id, taken)
            taken.add(articles[index].id)


def _unique_id(article_id: str, taken: set[str]) -> str:
    """``article_id``, or ``article_id-N`` for the first N >= 2 not already taken."""
    candidate, n = article_id, 1
    while candidate in taken:
        n += 1
        candidate = f"{article_id}-{n}"
    return candidate


def read_article(path: Path, settings: Settings = DEFAULT_SETTINGS, stdin: BinaryIO | None = None) -> Article:
    """Read, decode, clean and classify one input file (``STDIN`` reads ``stdin`` or ``sys.stdin``).

    Raises ``UnreadableArticle`` when the file is unreadable, larger than ``settings.max_file_bytes``
    (checked before reading), empty, whitespace only, binary, or has no text left after cleaning.
    """
    return read_articles(path, settings, stdin)[0]


def read_articles(
    path: Path, settings: Settings = DEFAULT_SETTINGS, stdin: BinaryIO | None = None
) -> list[Article]:
    """Read one input file as articles: one per record of a ``.json``/``.jsonl`` file, else exactly one.

    ``.html``/``.htm`` pages go through trafilatura (``inputs.html_document``); records are read the way
    news-please and trafilatura write them (``inputs.record_document``). Raises ``UnreadableArticle`` as
    ``read_article`` does, and for malformed JSON or records without text.
    """
    return _articles_from_bytes(_read_bytes(path, settings.max_file_bytes, stdin), path)


def _articles_from_bytes(data: bytes, path: Path) -> list[Article]:
    """``read_articles`` once the bytes are read: the file's suffix decides how they are parsed."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or (path == STDIN and looks_like_html(decode_bytes(data)[0])):
        return [_article_from_html(data, str(path))]
    if suffix in RECORD_SUFFIXES:
        return _articles_from_records(data, str(path), suffix)
    return [article_from_bytes(data, str(path))]


def _article_from_html(data: bytes, path: str) -> Article:
    """A saved web page: trafilatura's article text becomes ``Article.text`` (offsets point into it)."""
    if _has_binary_bytes(data):
        raise UnreadableArticle(path, "binary file, not text")
    text, meta = html_document(decode_bytes(data)[0])
    if text is None:
        raise UnreadableArticle(path, "no article text found in the HTML page")
    article = article_from_bytes(text.encode("utf-8"), path)
    article.sha256 = hashlib.sha256(data).hexdigest()
    return _with_metadata(article, meta)


def _articles_from_records(data: bytes, path: str, suffix: str) -> list[Article]:
    """One article per JSON record with text; ids are the record's ``id`` or ``<stem>-<n>``."""
    try:
        records, problems = read_records(decode_bytes(data)[0], ".json" if suffix == ".json" else ".jsonl")
    except ValueError as err:
        raise UnreadableArticle(path, f"not valid JSON: {err}") from None
    articles: list[Article] = []
    without_text: list[int] = []
    for number, record in records:
        text, meta = record_document(record)
        if text is None:
            without_text.append(number)
            continue
        article = article_from_bytes(text.encode("utf-8"), path)
        article.id = record_id(record, Path(path).stem, number)
        article.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        articles.append(_with_metadata(article, meta))
    if not articles:
        reason = "no record with a text, maintext or content field"
        raise UnreadableArticle(path, f"not valid JSON: {problems[0]}" if problems else reason)
    if problems:
        articles[0].warnings.append(f"bad records skipped: {'; '.join(problems[:10])}")
    if not articles:
        raise UnreadableArticle(path, "no record with a text, maintext or content field")
    if without_text:
        articles[0].warnings.append(f"records without text skipped: {', '.join(map(str, without_text))}")
    return articles


def _with_metadata(article: Article, meta: Metadata) -> Article:
    """Fill in publication metadata; a metadata title wins over the first line's."""
    for name, value in meta.as_fields().items():
        if value is not None:
            setattr(article, name, value)
    article.title = meta.title or article.title
    return article


def _with_front_matter(article: Article) -> Article:
    """Blocks and metadata of a text that may start with front matter (kept as a ``front_matter`` block)."""
    front = split_front_matter(article.text)
    if front is None:
        return _with_blocks(article, split_blocks(article.text))
    end = len(article.text[: front.end].rstrip())
    block = Block(kind="front_matter", start=0, end=end, text=article.text[:end])
    blocks = split_blocks(mask_front_matter(article.text, front.end))
    blocks = [b.model_copy(update={"text": article.text[b.start : b.end]}) for b in blocks]
    return _with_metadata(_with_blocks(article, [block, *blocks]), front.metadata)


REPORT_MAX_BYTES = 1_000_000_000  # our own reports: a 20k-record feed writes 10-14 MB; only a bound on memory


def read_text_file(path: Path, settings: Settings = DEFAULT_SETTINGS, limit: int | None = None) -> str:
    """A text file (a JSON report, say) decoded like an article, at most ``limit`` bytes (default
    ``settings.max_file_bytes``); raises ``UnreadableArticle``."""
    return decode_bytes(_read_bytes(path, settings.max_file_bytes if limit is None else limit, None))[0]


def _check_readable(fd: int, name: str, limit: int) -> None:
    """Raise unless ``fd`` is a regular file of at most ``limit`` bytes."""
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableArticle(name, "not a regular file (a FIFO, device or socket)")
    if info.st_size > limit:
        raise UnreadableArticle(name, f"larger than the {limit}-byte limit ({info.st_size} bytes)")


def _read_bytes(path: Path, limit: int, stdin: BinaryIO | None) -> bytes:
    """The file's bytes, refusing anything over ``limit`` bytes without reading it whole.

    Only a regular file (or stdin, ``-``) is read: a FIFO, device or socket is refused without blocking,
    since it is opened non-blocking and checked on its descriptor (no race with a rename).
    """
    name = str(path)
    too_large = f"larger than the {limit}-byte limit"
    try:
        if path == STDIN:
            stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
            if stream is None:
                raise UnreadableArticle(name, "stdin is closed")
            data = stream.read(limit + 1)
        else:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
            try:
                _check_readable(fd, name, limit)
            except BaseException:
                os.close(fd)
                raise
            with os.fdopen(fd, "rb") as stream:  # read at most limit + 1 bytes: a file may grow meanwhile
                data = stream.read(limit + 1)
    except PermissionError:
        raise UnreadableArticle(name, "permission denied") from None
    except IsADirectoryError:
        raise UnreadableArticle(name, "is a directory") from None
    except FileNotFoundError:
        raise UnreadableArticle(name, "no such file or directory") from None
    except OSError as err:
        raise UnreadableArticle(name, f"cannot read: {err.strerror or err}") from None
    if len(data) > limit:
        raise UnreadableArticle(name, too_large)
    return data


def article_from_bytes(data: bytes, path: str = "-") -> Article:
    """Build an ``Article`` from raw bytes (``path`` names the source; ``"-"`` is stdin).

    Raises ``UnreadableArticle`` for empty, whitespace-only or binary input, or input with no text left
    after cleaning.
    """
    if not data:
        raise UnreadableArticle(path, "empty file")
    if _has_binary_bytes(data):
        raise UnreadableArticle(path, "binary file, not text" + conversion_hint(path))
    decoded, encoding, warnings = decode_bytes(data)
    if not decoded.strip():
        raise UnreadableArticle(path, "only whitespace" if decoded else "empty file")
    if _control_ratio(decoded) > BINARY_CONTROL_RATIO:
        raise UnreadableArticle(path, "binary file, not text (too many control characters)")
    text, cleaning_warnings = clean_text(decoded)
    if not _VISIBLE.search(text):
        raise UnreadableArticle(path, "no text left after cleaning")
    if looks_like_html(text):
        raise UnreadableArticle(path, "looks like an HTML page, not plain text (save it as .html)")
    check_english(text, path)
    article = Article(
        id="stdin" if path == "-" else Path(path).stem,
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        warnings=warnings + cleaning_warnings,
    )
    return _with_front_matter(article)


def _has_binary_bytes(data: bytes) -> bool:
    """A known binary signature, or NUL bytes in input that is not UTF-16/32 (which has NULs)."""
    if data.startswith(_BINARY_SIGNATURES):
        return True
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return False
    return b"\x00" in data


_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # category Cc but \t \n \f \r


def _control_ratio(text: str) -> float:
    """The share of control characters, line breaks and tabs excepted."""
    return len(_BINARY_CONTROLS.findall(text)) / len(text)
