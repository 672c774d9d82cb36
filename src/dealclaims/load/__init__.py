"""Files -> ``Article``s: discovery, decoding, cleaning, block classification and offset maps.

This is the only module that reads input files. Every later stage works on ``Article.body`` and maps its
offsets back into ``Article.text`` through ``Article.body_map``, so the maps built here must be exact.
"""

from __future__ import annotations

import codecs
import errno
import functools
import hashlib
import json
import re
import stat
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from dealclaims.errors import NoArticlesFound, UnreadableArticle
from dealclaims.load.records import (
    HTML_SUFFIXES,
    RECORD_SUFFIXES,
    Metadata,
    html_document,
    mask_front_matter,
    parse_records,
    record_document,
    record_id,
    split_front_matter,
)
from dealclaims.models import Article, Block, BlockKind, Report, Settings, Skipped

if TYPE_CHECKING:
    from dealclaims.cache import ArticleCache, LoadedFile

__all__ = [
    "STDIN",
    "article_from_bytes",
    "check_english",
    "clean_text",
    "decode_bytes",
    "discover_paths",
    "load_articles",
    "load_texts",
    "looks_like_html",
    "normalize_text",
    "other_language",
    "read_article",
    "read_articles",
    "read_text_file",
    "split_blocks",
]

STDIN = Path("-")
DEFAULT_SETTINGS = Settings()  # frozen, so one shared default is safe
ARTICLE_SUFFIXES = frozenset({".txt", ".md"})

# Heuristics of this module. They describe what a text file looks like rather than tune the pipeline, so
# they stay here instead of in Settings.
BINARY_CONTROL_RATIO = 0.10  # more control characters than this and the "text" is really binary
CP1252_CHAOS_SLACK = 0.10  # prefer cp1252 over charset_normalizer's pick when it is this close in chaos
TITLE_MAX_WORDS = 20
HEADING_MAX_WORDS = 12
BYLINE_MAX_WORDS = 12
REPEAT_MIN_WORDS = 6  # a line is dropped as "contained in a longer line" only when at least this long

_BINARY_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b",
    b"\x7fELF",
)  # fmt: skip
_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@functools.cache
def _fix_encoding() -> Callable[[str], str]:
    """ftfy's encoding fixes only: everything that changes characters for other reasons is left to
    normalize_text, where the offset map records it. Imported on first use: a warm run decodes nothing."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return functools.partial(ftfy.fix_text, config=config)


# ---------------------------------------------------------------- discovery


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
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if str(item) == "-":
            found = [STDIN]
        elif path.is_dir():
            found, ignored = _folder_articles(path, settings.follow_symlinks)
            skipped.extend(ignored)
        elif path.exists():
            found = [path]
        else:
            raise UnreadableArticle(str(path), "no such file or directory")
        for found_path in found:
            key = found_path if found_path == STDIN else _real_path(found_path)
            if key not in seen:
                seen.add(key)
                paths.append(found_path)
    if not paths:  # only folders were given, and none holds an article
        raise NoArticlesFound("no .txt or .md files in " + ", ".join(map(str, inputs)), skipped)
    return paths, skipped


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
            skipped.append(Skipped(path=str(entry), reason="not a .txt or .md file"))
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


# ---------------------------------------------------------------- reading


def load_articles(
    paths: Sequence[Path], settings: Settings = DEFAULT_SETTINGS, cache: ArticleCache | None = None
) -> tuple[list[Article], list[Skipped]]:
    """Read every path; a file that cannot be used becomes a ``Skipped`` and the others still load.

    A file whose text equals an earlier one's (compared after decoding and normalising quotes and spaces, so
    a copy in another encoding counts too) is skipped as well: it would count the same report twice. Article
    ids are made unique (``name``, ``name-2``...) because they identify sources downstream. With a ``cache``,
    a file whose bytes were loaded before is still read but not decoded and cleaned again.
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    first_path_by_hash: dict[str, str] = {}
    ids: set[str] = set()
    for path in paths:
        try:
            loaded = _load_file(path, settings, cache)  # a .jsonl file holds several articles
        except UnreadableArticle as err:
            skipped.append(Skipped(path=str(path), reason=err.reason))
            continue
        found = loaded.articles
        for article, text_hash in zip(found, loaded.content_hashes):
            if text_hash in first_path_by_hash:
                reason = f"same content as {first_path_by_hash[text_hash]}"
                where = str(path) if len(found) == 1 else f"{path}#{article.id}"  # which record of the file
                skipped.append(Skipped(path=where, reason=reason))
                continue
            first_path_by_hash[text_hash] = article.path
            article.id = _unique_id(article.id, ids)
            ids.add(article.id)
            articles.append(article)
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


def _content_hash(article: Article) -> str:
    """What two copies of one text share, whatever their encoding, quotes and spacing."""
    return hashlib.sha256(normalize_text(article.text)[0].encode("utf-8")).hexdigest()


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
        records = parse_records(decode_bytes(data)[0], ".json" if suffix == ".json" else ".jsonl")
    except ValueError as err:
        raise UnreadableArticle(path, f"not valid JSON: {err}") from None
    articles: list[Article] = []
    without_text: list[int] = []
    for number, record in enumerate(records, start=1):
        text, meta = record_document(record)
        if text is None:
            without_text.append(number)
            continue
        article = article_from_bytes(text.encode("utf-8"), path)
        article.id = record_id(record, Path(path).stem, number)
        article.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        articles.append(_with_metadata(article, meta))
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


def read_text_file(path: Path, settings: Settings = DEFAULT_SETTINGS) -> str:
    """A text file (a JSON report, say) decoded like an article; raises ``UnreadableArticle``."""
    return decode_bytes(_read_bytes(path, settings.max_file_bytes, None))[0]


def load_texts(report: Report, settings: Settings = DEFAULT_SETTINGS) -> dict[str, str]:
    """Each reported document's text (the one evidence offsets point into), read again from its path.

    Documents are matched by content hash, so renamed ids (``name-2``) still find their text; stdin and
    files that changed or vanished since the report are left out.
    """
    by_hash: dict[str, str] = {}
    for path in sorted({doc.path for doc in report.documents if doc.path != str(STDIN)}):
        try:
            by_hash |= {a.sha256: a.text for a in read_articles(Path(path), settings)}
        except UnreadableArticle:
            continue
    return {doc.id: by_hash[doc.sha256] for doc in report.documents if doc.sha256 in by_hash}


def _read_bytes(path: Path, limit: int, stdin: BinaryIO | None) -> bytes:
    """The file's bytes, refusing anything over ``limit`` bytes without reading it whole."""
    name = str(path)
    too_large = f"larger than the {limit}-byte limit"
    try:
        if path == STDIN:
            data = (stdin if stdin is not None else sys.stdin.buffer).read(limit + 1)
        else:
            size = path.stat().st_size
            if size > limit:
                raise UnreadableArticle(name, f"{too_large} ({size} bytes)")
            # Read at most limit + 1 bytes: pipes and special files report a size of 0.
            with path.open("rb") as stream:
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
        raise UnreadableArticle(path, "binary file, not text")
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


# ---------------------------------------------------------------- plain-text checks

HTML_MIN_TAGS = 10  # this many tags, and markup over HTML_MARKUP_SHARE of the text: a page, not an article
HTML_MARKUP_SHARE = 0.2
LANGUAGE_SAMPLE_CHARS = 20_000  # the language of an article shows in its first pages
LANGUAGE_MIN_WORDS = 30  # fewer words (or letters, for a script) are too few to judge a language by
LANGUAGE_MIN_SHARE = 0.15  # another language's function words must be this share of the words...
LANGUAGE_MARGIN = 2.0  # ...and this many times the share of English ones
SCRIPT_MIN_SHARE = 0.5  # more than this share of the letters in one non-Latin script: not English

_HTML_START = re.compile(
    r"\s*(?:<!--.{0,2000}?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)
# Only common element names: news wires write company names in angle brackets ("<Acme Holdings Ltd>").
_HTML_TAG = re.compile(
    r"</?(?i:a|abbr|article|aside|b|body|br|button|div|em|figure|footer|form|h[1-6]|head|header|hr|html|i"
    r"|iframe"
    r"|img|input|label|li|link|main|meta|nav|noscript|ol|option|p|picture|script|section|select|source|span"
    r"|strong|style|svg|table|td|th|title|tr|ul)(?:\s[^<>]{0,2000})?/?>|<!--.{0,2000}?-->",
    re.DOTALL,
)
_LETTERS = re.compile(r"[^\W\d_]+")
_SCRIPT_NAMES = {
    "CJK": "Chinese or Japanese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean",
}  # fmt: skip


def looks_like_html(text: str) -> bool:
    """An HTML page: it opens like one, or it is mostly tags. A few inline tags in Markdown are not."""
    if _HTML_START.match(text):
        return True
    tags = _HTML_TAG.findall(text)
    return len(tags) >= HTML_MIN_TAGS and sum(map(len, tags)) > HTML_MARKUP_SHARE * len(text)


def check_english(text: str, path: str) -> None:
    """Raise ``UnreadableArticle`` when ``text`` is plainly written in another language than English.

    The pipeline reads English: given another language it finds nonsense entities and no claims. Only
    positive evidence counts (another script, or another language's function words), so a terse English
    text of figures and abbreviations still passes.
    """
    language = other_language(text)
    if language is not None:
        raise UnreadableArticle(path, f"not English (looks like {language})")


def other_language(text: str) -> str | None:
    """The language (or script) ``text`` is written in when that is clearly not English, else None."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    script = _main_script(sample)
    if script is not None:
        return script
    words = Counter(_LETTERS.findall(sample.casefold()))
    total = sum(words.values())
    if total < LANGUAGE_MIN_WORDS:
        return None
    shares = {
        language: sum(words[word] for word in vocabulary) / total
        for language, vocabulary in _function_words().items()
    }
    english = shares.pop("English")
    language, share = max(sorted(shares.items()), key=lambda item: item[1])
    return language if share >= LANGUAGE_MIN_SHARE and share > LANGUAGE_MARGIN * english else None


def _main_script(sample: str) -> str | None:
    """The non-Latin script most of the letters of ``sample`` are written in, if any."""
    scripts = Counter(
        "LATIN" if char.isascii() else unicodedata.name(char, "UNKNOWN").split()[0]
        for char in sample
        if char.isalpha()
    )
    letters = sum(scripts.values())
    if letters < LANGUAGE_MIN_WORDS:
        return None
    script, count = max(sorted(scripts.items()), key=lambda item: item[1])
    if script in ("LATIN", "UNKNOWN") or count <= SCRIPT_MIN_SHARE * letters:
        return None
    return _SCRIPT_NAMES.get(script, f"{script.title()} script")


@functools.cache
def _function_words() -> dict[str, frozenset[str]]:
    """The packaged function-word lists, by language (read once per process)."""
    raw = resources.files("dealclaims").joinpath("data/stopwords.json").read_text(encoding="utf-8")
    lists = json.loads(raw)
    return {language: frozenset(words) for language, words in lists.items() if not language.startswith("_")}


# ---------------------------------------------------------------- decoding and cleaning


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode any byte sequence (never raises) and repair mojibake: ``(text, encoding, warnings)``.

    Order: a BOM; strict UTF-8; charset_normalizer's guess (biased to cp1252); cp1252 with replacement.
    Then ftfy's encoding fixes, and stray letters standing in for an apostrophe (``companyโs``).
    """
    text, encoding, warnings = _decode(data)
    if encoding not in ("utf-8", "ascii"):
        warnings.append(f"decoded as {encoding}")
    fixed = _fix_encoding()(text)
    if fixed != text:
        warnings.append("repaired mojibake")
    repaired = _STRAY_APOSTROPHE.sub(_replace_stray_apostrophe, fixed)
    if repaired != fixed:
        warnings.append("replaced stray letters used as apostrophes")
    return repaired, encoding, warnings


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """Bytes -> (text, codec name, warnings), before any repair."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return text, encoding, (["replaced undecodable bytes"] if "\ufffd" in text else [])
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8, "utf-8", ["replaced undecodable bytes"]
    guess = _guess_encoding(data)
    if guess is not None:
        return data.decode(guess, errors="replace"), guess, []
    return data.decode("cp1252", errors="replace"), "cp1252", ["replaced undecodable bytes"]


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a lone surrogate, a truncated character), decoded with replacement.

    Guessing a legacy code page for such a file would garble every correct accent and curly quote in it.
    It counts as UTF-8 when its valid non-ASCII characters are at least as many as its undecodable ones
    (in a legacy-encoded file almost no byte run happens to be valid UTF-8), or when its only bad bytes are
    encoded surrogates (``\\xed\\xa0\\x80``), which a UTF-8 writer fed a lone surrogate produces.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid = sum(1 for char in text if not char.isascii()) - bad
    if valid >= max(bad, 1) or _decodes(_ENCODED_SURROGATE.sub(b"", data), "utf-8"):
        return text
    return None


_ENCODED_SURROGATE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")


def _guess_encoding(data: bytes) -> str | None:
    """charset_normalizer's pick, except cp1252 when it fits almost as well.

    On short English text with a few curly quotes charset_normalizer often picks cp852 or a Mac code page;
    cp1252 is by far the likelier legacy encoding of a news article, so it wins a near tie.
    """
    import charset_normalizer  # only for bytes that are not UTF-8: most runs never need it

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    near_ties = (match for match in matches if match.chaos <= best.chaos + CP1252_CHAOS_SLACK)
    if any("cp1252" in match.could_be_from_charset for match in near_ties) and _decodes(data, "cp1252"):
        return "cp1252"
    return codecs.lookup(best.encoding).name


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


# A letter of another script between a Latin letter and a final "s": mojibake of "’" that ftfy cannot undo
# (e.g. UTF-8 "’" read as a Thai code page gives "companyโs").
_STRAY_APOSTROPHE = re.compile(r"(?<=[A-Za-z\u00c0-\u024f])[^\W\d_](?=s\b)")


def _replace_stray_apostrophe(match: re.Match[str]) -> str:
    letter = match.group()
    return letter if unicodedata.name(letter, "LATIN").startswith("LATIN") else "\u2019"


def clean_text(text: str) -> tuple[str, list[str]]:
    """Unify line breaks to ``\\n`` and drop control characters (tabs kept): ``(text, warnings)``.

    Form feeds and vertical tabs become line breaks, since they separate what follows from what precedes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    cleaned, removed = _CONTROL_CHARS.subn("", text)
    warnings = [f"removed {removed} control character{'s' if removed != 1 else ''}"] if removed else []
    return cleaned, warnings


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


# ---------------------------------------------------------------- normalisation

_QUOTE_FOLDS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2039": "'", "\u203a": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
}  # fmt: skip
# Invisible characters that split words for the NLP stage: zero-width space and joiners, BOM, word joiner,
# soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\ufeff\u2060\u00ad"
_ODD_SPACES = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2028\u2029"  # every space but " " itself
# A run of spaces (invisibles inside it included) that is not already one plain space, one invisible
# character, or one curly quote.
_VISIBLE = re.compile(rf"[^\s{_INVISIBLE}]")
_SPECIAL = re.compile(
    f"(?: [ {_ODD_SPACES}{_INVISIBLE}]+|[{_ODD_SPACES}][ {_ODD_SPACES}{_INVISIBLE}]*)"
    f"|[{_INVISIBLE}]|[{''.join(_QUOTE_FOLDS)}]"
)


def normalize_text(text: str) -> tuple[str, list[int]]:
    """Straighten quotes, collapse space runs, drop invisible characters: ``(normalised, offsets)``.

    ``normalised[i]`` derives from ``text[offsets[i]]`` and ``offsets[-1] == len(text)``, so
    ``len(offsets) == len(normalised) + 1``. Line breaks, dashes and "…" are kept as they are.
    """
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _SPECIAL.finditer(text):
        start, end = match.span()
        parts.append(text[position:start])
        offsets.extend(range(position, start))
        found = match.group()
        if found in _QUOTE_FOLDS:
            parts.append(_QUOTE_FOLDS[found])
            offsets.append(start)
        elif found not in _INVISIBLE:  # a run of spaces becomes one space at the run's start
            parts.append(" ")
            offsets.append(start)
        position = end
    parts.append(text[position:])
    offsets.extend(range(position, len(text) + 1))
    return "".join(parts), offsets


# ---------------------------------------------------------------- blocks

_SENTENCE_END = re.compile(r"[.!?\u2026][\"')\]]*$")
_CONTINUES = (":", ";", ",")  # a line ending like this leads into the next one: it is not a heading
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_WORD = re.compile(r"[^\W_]+")
_NAME_WORD = r"[A-Z][\w'.-]*"
_BYLINE = re.compile(
    rf"(?:(?i:written|reported) )?(?i:by):? (?P<name>{_NAME_WORD}(?: (?:(?:and|&|de|da|van|von|bin|al) )?"
    rf"{_NAME_WORD}){{0,5}})(?: ?[,|\u2013\u2014-] ?(?P<role>.{{1,60}}))?"
)
_COMMENTS = re.compile(
    r"(?i)(?:\d+ comments?|no comments|comments?(?: \(\d+\))?|leave a (?:comment|reply)|post a comment"
    r"|add a comment|join the (?:conversation|discussion)|view comments)[:.]?"
)
_RELATED_POSTS = re.compile(
    r"(?i)(?:related (?:posts|articles|stories|news|content|coverage)|you (?:may|might) also like|read more"
    r"|more stories|recommended(?: for you)?|trending(?: now)?|most (?:read|popular))[:.]?"
)
_RELATED_LINK = re.compile(r"(?i)(?:also read|read also|read more|read|related|see also) ?: ?\S")
# Page furniture that carries no claim; only short lines qualify.
_FURNITURE = re.compile(
    r"(?i)(?:advertisement|share(?: this(?: article| story| post)?)?|tags?:.*|follow us\b.*|subscribe\b.*"
    r"|sign up\b.*|click here\b.*|print|email)[:.]?"
)


def split_blocks(text: str) -> list[Block]:
    """Classify the non-empty lines of ``text`` into blocks, in document order.

    Blocks are trimmed lines: ``block.text == text[block.start:block.end]``. Lines are matched after
    normalisation. The first body line's dateline prefix becomes a ``dateline`` block of its own, and a body
    line repeated later, or contained in a longer body line, becomes ``boilerplate``.
    """
    spans = _line_spans(text)
    lines = [normalize_text(text[start:end])[0] for start, end in spans]
    kinds = _classify_lines(lines)
    for index in _repeated_lines(lines, kinds):
        kinds[index] = "boilerplate"
    blocks = [Block(kind=kind, start=s, end=e, text=text[s:e]) for (s, e), kind in zip(spans, kinds)]
    return _split_dateline(blocks)


def _line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line with visible text, trimmed of spaces and invisible characters."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        left, right = start, end
        while left < right and _is_blank(text[left]):
            left += 1
        while right > left and _is_blank(text[right - 1]):
            right -= 1
        if left < right:
            spans.append((left, right))
        start = end + 1
    return spans


def _is_blank(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE


def _classify_lines(lines: Sequence[str]) -> list[BlockKind]:
    """One kind per normalised line; the title is the first line when it reads like one."""
    kinds: list[BlockKind] = []
    title: str | None = None
    for index, line in enumerate(lines):
        kind = _furniture_kind(line)
        if kind is None:
            if index == 0 and _is_short_label(line, TITLE_MAX_WORDS):
                kind, title = "title", line
            elif line == title:  # sites often print the headline twice
                kind = "title"
            elif _is_short_label(line, HEADING_MAX_WORDS):
                kind = "heading"
            else:
                kind = "body"
        kinds.append(kind)
    return kinds


def _furniture_kind(line: str) -> BlockKind | None:
    """The kind of a line that is page furniture (byline, comments, related links...), else None."""
    if not _LETTER_OR_DIGIT.search(line):
        return "boilerplate"  # rules, asterisks, lone punctuation
    if _byline_name(line) is not None:
        return "byline"
    if _COMMENTS.fullmatch(line):
        return "comments"
    if _RELATED_POSTS.fullmatch(line):
        return "related_posts"
    if _RELATED_LINK.match(line):
        return "related_link"
    if len(line.split()) <= HEADING_MAX_WORDS and _FURNITURE.fullmatch(line):
        return "boilerplate"
    return None


def _byline_name(line: str) -> str | None:
    """The author's name when ``line`` is a byline ("by Jane Doe", "By Jane Doe, Reporter")."""
    match = _BYLINE.fullmatch(line)
    if match is None or len(line.split()) > BYLINE_MAX_WORDS:
        return None
    role = match.group("role")
    if role is not None and _SENTENCE_END.search(role):  # "By Monday, the deal had closed."
        return None
    return match.group("name").rstrip(",")


def _is_short_label(line: str, max_words: int) -> bool:
    """A title or heading: few words and no sentence-final or continuing punctuation."""
    return len(line.split()) < max_words and not _SENTENCE_END.search(line) and not line.endswith(_CONTINUES)


def _repeated_lines(lines: Sequence[str], kinds: Sequence[BlockKind]) -> set[int]:
    """Body lines said again later (same words) or contained in a longer body line.

    A standfirst is often repeated as, or inside, the first paragraph; keeping one copy stops a sentence
    from being counted twice. Words are compared case-folded and without punctuation.
    """
    words = {i: tuple(_WORD.findall(lines[i].casefold())) for i, kind in enumerate(kinds) if kind == "body"}
    last_index = {line_words: i for i, line_words in words.items()}
    repeated = {i for i, line_words in words.items() if last_index[line_words] != i}
    contained = _contained_word_runs(set(words.values()))
    return repeated | {i for i, line_words in words.items() if line_words in contained}


def _contained_word_runs(runs: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The runs (of at least REPEAT_MIN_WORDS words) that occur inside a longer run.

    Candidates are indexed by their first words, so each longer run is scanned once.
    """
    by_prefix: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for run in runs:
        if len(run) >= REPEAT_MIN_WORDS:
            by_prefix.setdefault(run[:REPEAT_MIN_WORDS], []).append(run)
    contained: set[tuple[str, ...]] = set()
    for host in runs:
        for start in range(len(host) - REPEAT_MIN_WORDS + 1):
            for candidate in by_prefix.get(host[start : start + REPEAT_MIN_WORDS], ()):
                if len(candidate) < len(host) and host[start : start + len(candidate)] == candidate:
                    contained.add(candidate)
    return contained


# "CAIRO:", "Cairo:", "LONDON (Reuters) -", "NEW YORK, March 3 (Reuters) -", on normalised text.
_DATELINE = re.compile(
    rf"(?P<dateline>(?P<place>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})"
    r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"
    r"(?: ?\((?P<agency>[A-Z][\w.&' ]{0,30})\))?"
    r" ?(?P<separator>:|--?|[\u2013\u2014]))"
    r" +(?=\S)"
)
# Labels that look like a dateline's place but are not places.
_NOT_PLACES = frozenset(
    {"update", "updated", "breaking", "breaking news", "note", "editor's note", "exclusive", "analysis",
     "opinion", "watch", "video", "photo", "photos", "live", "correction", "summary", "highlights", "q", "a"}
)  # fmt: skip


def _split_dateline(blocks: list[Block]) -> list[Block]:
    """Split a dateline prefix off the first body block into a ``dateline`` block."""
    index = next((i for i, block in enumerate(blocks) if block.kind == "body"), None)
    if index is None:
        return blocks
    block = blocks[index]
    line, offsets = normalize_text(block.text)
    match = _DATELINE.match(line)
    if match is None or not _is_dateline(match):
        return blocks
    dateline_end = offsets[match.end("dateline") - 1] + 1
    body_start = offsets[match.end()]
    dateline = Block(
        kind="dateline", start=block.start, end=block.start + dateline_end, text=block.text[:dateline_end]
    )
    body = Block(kind="body", start=block.start + body_start, end=block.end, text=block.text[body_start:])
    return [*blocks[:index], dateline, body, *blocks[index + 1 :]]


def _is_dateline(match: re.Match[str]) -> bool:
    """A colon follows a place; a dash needs a news agency or an upper-case place ("WASHINGTON -")."""
    place = match.group("place")
    if place.casefold() in _NOT_PLACES:
        return False
    return match.group("separator") == ":" or match.group("agency") is not None or place.isupper()


# ---------------------------------------------------------------- article assembly


def _with_blocks(article: Article, blocks: list[Block]) -> Article:
    """Fill in the fields derived from the blocks: title, byline, dateline, body and body map."""
    article.blocks = blocks
    title = _first_text(blocks, "title")
    article.title = _MARKDOWN_HEADING.sub("", title) if title is not None else None
    byline = _first_text(blocks, "byline")
    article.byline = _byline_name(byline) if byline is not None else None
    dateline = _first_text(blocks, "dateline")
    article.dateline = _DATELINE_SEPARATOR.sub("", dateline) if dateline is not None else None
    article.body, article.body_map = _body_and_map(blocks)
    if not article.body:
        article.warnings.append("no body text found")
    return article


_MARKDOWN_HEADING = re.compile(r"^#+ *")
_DATELINE_SEPARATOR = re.compile(r" ?(?::|--?|[\u2013\u2014])$")


def _first_text(blocks: Sequence[Block], kind: BlockKind) -> str | None:
    """The normalised text of the first block of ``kind``."""
    return next((normalize_text(block.text)[0] for block in blocks if block.kind == kind), None)


def _body_and_map(blocks: Sequence[Block]) -> tuple[str, list[int]]:
    """Body blocks normalised and joined by blank lines, and each body character's offset in the text.

    A separator maps to the end of the block before it; the final entry is the end of the last block.
    """
    parts: list[str] = []
    mapping: list[int] = []
    end = 0
    for block in blocks:
        if block.kind != "body":
            continue
        if parts:
            parts.append("\n\n")
            mapping.extend((end, end))
        normalised, offsets = normalize_text(block.text)
        parts.append(normalised)
        mapping.extend(block.start + offset for offset in offsets[:-1])
        end = block.start + offsets[-1]
    mapping.append(end)
    return "".join(parts), mapping
