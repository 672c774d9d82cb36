"""What analysts actually have -> article text plus publication metadata. Pure functions over strings.

- ``.txt``/``.md`` with a front matter block (``---`` lines around ``key: value`` pairs): ``split_front_matter``
  reads it, ``mask_front_matter`` blanks it so that block offsets still point into the original text.
- ``.html``/``.htm`` saved pages: ``html_document`` (trafilatura's article text and metadata).
- ``.json``/``.jsonl`` records as news-please or trafilatura write them: ``parse_records`` and
  ``record_document``; one record is one article.

``load.py`` reads the bytes and calls these; nothing here touches the file system.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dealclaims.dates import normalise_date

__all__ = [
    "HTML_SUFFIXES",
    "RECORD_SUFFIXES",
    "FrontMatter",
    "Metadata",
    "html_document",
    "mask_front_matter",
    "metadata_from",
    "parse_records",
    "read_records",
    "record_document",
    "record_id",
    "split_front_matter",
]

HTML_SUFFIXES = frozenset({".html", ".htm"})
RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
FRONT_MATTER_MAX_LINES = 40  # a "---" line further down is a horizontal rule, not the end of front matter

# Metadata keys as the different tools spell them, first match wins.
_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "sitename", "site_name", "source_domain", "hostname"),
    "url": ("url", "link", "canonical", "source_url"),
    "published": ("published", "date_publish", "date", "published_at", "pubdate", "date_published"),
    "author": ("author", "authors", "byline"),
}
_TEXT_KEYS = ("maintext", "text", "content", "raw_text", "body")
_FRONT_MATTER_LINE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*")
_OPEN, _CLOSE = "---", ("---", "...")


@dataclass(frozen=True)
class Metadata:
    """Publication metadata of one article; every field may be unknown."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date
    author: str | None = None

    def as_fields(self) -> dict[str, str | None]:
        """The ``Article`` fields this metadata fills (title is set separately: it overrides the first line)."""
        return {"outlet": self.outlet, "url": self.url, "published": self.published, "author": self.author}


@dataclass(frozen=True)
class FrontMatter:
    """A parsed front matter block: its metadata and where the article proper starts (``end``)."""

    metadata: Metadata
    end: int
    unknown_keys: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- metadata


def metadata_from(values: Mapping[str, Any]) -> Metadata:
    """Pick the metadata out of a mapping whatever the tool called each key (see ``_KEYS``)."""
    found: dict[str, str | None] = {}
    for name, keys in _KEYS.items():
        value = next((values[k] for k in keys if values.get(k) not in (None, "", [])), None)
        found[name] = _as_text(value)
    found["published"] = normalise_date(found["published"]) if found["published"] else None
    return Metadata(**found)


def _as_text(value: Any) -> str | None:
    """A one-line string from a scalar or a list of scalars (news-please's ``authors`` is a list)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value if item)
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


# ---------------------------------------------------------------- front matter


def split_front_matter(text: str) -> FrontMatter | None:
    """The front matter at the very start of ``text``, or None when there is none.

    Only a ``key: value`` subset of YAML is read (one line per key, optional quotes, ``#`` comments): no
    YAML loader runs on the input, so no tag can build an object. ``end`` is the offset just past the closing
    ``---`` line.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != _OPEN:
        return None
    values: dict[str, str] = {}
    offset = len(lines[0]) + 1
    for line in lines[1 : FRONT_MATTER_MAX_LINES + 1]:
        stripped = line.strip()
        offset += len(line) + 1
        if stripped in _CLOSE:
            known = {k for keys in _KEYS.values() for k in keys}
            unknown = sorted(k for k in values if k not in known)
            return FrontMatter(metadata_from(values), min(offset, len(text)), unknown)
        if not stripped or stripped.startswith("#"):
            continue
        match = _FRONT_MATTER_LINE.fullmatch(stripped)
        if match is None:
            return None  # not key: value lines, so not front matter we understand
        values[match.group("key").lower()] = _unquote(match.group("value"))
    return None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def mask_front_matter(text: str, end: int) -> str:
    """``text`` with its first ``end`` characters blanked (line breaks kept): same length, same offsets."""
    return re.sub(r"[^\n]", " ", text[:end]) + text[end:]


# ---------------------------------------------------------------- HTML


def html_document(html: str) -> tuple[str | None, Metadata]:
    """The article text of a saved web page and its metadata, via trafilatura.

    The text is None when trafilatura finds no article in the page (a login wall, an index page).
    """
    import trafilatura  # imported here: loading lxml and its models is not free, and most inputs are text

    text = trafilatura.extract(html, output_format="txt", include_comments=False)
    meta = trafilatura.extract_metadata(html)
    values = meta.as_dict() if meta is not None else {}
    return (text.strip() or None) if text else None, metadata_from(values)


# ---------------------------------------------------------------- JSON records


def parse_records(text: str, suffix: str) -> list[dict[str, Any]]:
    """The records of a ``.json`` file (one object, or a list of objects) or a ``.jsonl`` file (one per line).

    Raises ``ValueError`` naming the line when the JSON is malformed or a record is not an object.
    """
    records, problems = read_records(text, suffix)
    if problems:
        raise ValueError(problems[0])
    return [record for _, record in records]


def read_records(text: str, suffix: str) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """The good records, each with its number (1-based line of a ``.jsonl``, index of a ``.json`` list), and
    one problem per bad record ("line 7: Expecting value"): one bad record never costs the good ones.

    Raises ``ValueError`` when a ``.json`` file as a whole is not JSON (or nests deeper than Python parses).
    Lone surrogates (``"\\ud800"``) in a record's strings become U+FFFD: they cannot be written as UTF-8.
    """
    if suffix == ".json":
        data = _loads(text)
        items = list(enumerate(data if isinstance(data, list) else [data], start=1))
        what = "record"
    else:
        items, what = [], "line"
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                try:
                    items.append((number, _loads(line)))
                except ValueError as err:
                    items.append((number, f"line {number}: {err}"))
    records: list[tuple[int, dict[str, Any]]] = []
    problems: list[str] = []
    for number, item in items:
        if isinstance(item, dict):
            records.append((number, _without_surrogates(item)))
        elif isinstance(item, str) and what == "line":
            problems.append(item)
        else:
            problems.append(f"{what} {number} is not a JSON object")
    return records, problems


def _loads(text: str) -> Any:
    """``json.loads`` with its errors as one ``ValueError`` (a deeply nested file is one too)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(err.msg) from None
    except RecursionError:
        raise ValueError("nested too deeply") from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(record: dict[str, Any]) -> dict[str, Any]:
    """The record with lone surrogates replaced in its strings, two levels deep (all the fields we read)."""

    def clean(value: Any, depth: int) -> Any:
        if isinstance(value, str):
            return _SURROGATE.sub("\ufffd", value)
        if depth and isinstance(value, list):
            return [clean(v, depth - 1) for v in value]
        if depth and isinstance(value, dict):
            return {clean(k, 0): clean(v, depth - 1) for k, v in value.items()}
        return value

    return clean(record, 3)  # type: ignore[no-any-return]


def record_document(record: Mapping[str, Any]) -> tuple[str | None, Metadata]:
    """The article text of one record (its title, a blank line, then ``maintext``/``text``) and metadata.

    The title leads the text as it would in a saved article, so the loader classifies it as the title.
    """
    meta = metadata_from(record)
    body = next((record[k] for k in _TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if body is None:
        return None, meta
    body = body.strip()
    if meta.title and not body.startswith(meta.title):
        return f"{meta.title}\n\n{body}", meta
    return body, meta


_ID = re.compile(r"[A-Za-z0-9][\w.-]{0,63}")


def record_id(record: Mapping[str, Any], stem: str, number: int) -> str:
    """The record's own ``id`` when it is a short slug, else ``<file stem>-<number>`` (1-based)."""
    own = record.get("id")
    if isinstance(own, (str, int)) and _ID.fullmatch(str(own)):
        return str(own)
    return f"{stem}-{number}"
