"""Helpers the renderers share: entity names for subjects, slot labels, qualifier suffixes, short source
labels and ids, snippets centred on a claim, and ``visible`` (control characters made harmless)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from rich.text import Text

from dealclaims.models import Conflict, Entity, Fact, Qualifier, Report

__all__ = [
    "QUOTE_LIMIT",
    "all_short_ids",
    "claim_span",
    "count",
    "display_headline",
    "explanation",
    "who_is_who",
    "report_items",
    "sanitized",
    "short_ids",
    "site_of_title",
    "snippet",
    "visible",
    "entity_names",
    "heading",
    "qualifier_suffix",
    "shorten",
    "slot_label",
    "source_labels",
    "story_reports",
    "untold_stories",
]

QUOTE_LIMIT = 160  # characters of evidence shown under a conflict variant


def entity_names(report: Report) -> dict[str, str]:
    """Entity id -> display name, ``<id>#office`` -> "Name's office"."""
    names = {entity.id: entity.name for entity in report.entities}
    return names | {f"{entity.id}#office": f"{entity.name}'s office" for entity in report.entities}


def slot_label(slot: str, subject: str | None, names: dict[str, str]) -> str:
    """``slot`` or ``slot · Subject Name``."""
    return f"{slot} · {names.get(subject, subject)}" if subject else slot


def qualifier_suffix(qualifiers: Sequence[Qualifier]) -> str:
    """`` [approximately · first phase]`` or ``""``."""
    return f" [{' · '.join(q.value for q in qualifiers)}]" if qualifiers else ""


def story_reports(report: Report) -> list[Report]:
    """The reports to render: ``report`` itself, or one per story reconciled on its own (``report.stories``)."""
    if not report.stories:
        return [report]
    return [story.report for story in report.stories if story.report is not None]


def untold_stories(report: Report) -> list[tuple[str, list[str]]]:
    """``(headline, document ids)`` of the stories told by too few sources to be reconciled."""
    return [(s.headline, s.documents) for s in report.stories or [] if s.report is None]


def source_labels(report: Report) -> dict[str, str]:
    """Document id -> a short label: its outlet (front matter, or the site named at the end of its title)
    when no other document has it, else ``[n]``, its place in ``report.documents`` (a wire feed of one
    outlet is numbered: "Reuters" on every line would tell the sources apart by nothing).

    The fact sheet defines every label once, in its legend (outlet, title, byline, file).
    """
    outlets = document_outlets(report)
    taken = Counter(outlets.values())
    labels: dict[str, str] = {}
    for n, doc in enumerate(report.documents, 1):
        outlet = outlets.get(doc.id)
        labels[doc.id] = _short_label(visible(outlet)) if outlet and taken[outlet] == 1 else f"[{n}]"
    return labels


def document_outlets(report: Report) -> dict[str, str]:
    """Document id -> its outlet: front matter or metadata, else the site its title names (when it does)."""
    outlets = {doc.id: doc.outlet or site_of_title(doc.title) for doc in report.documents}
    return {doc: outlet for doc, outlet in outlets.items() if outlet}


LABEL_LIMIT = 20  # characters of an outlet used as a source label


def _short_label(outlet: str) -> str:
    """``outlet`` in at most ``LABEL_LIMIT`` characters: whole words when they keep most of it, else cut."""
    flat = " ".join(outlet.split())
    if len(flat) <= LABEL_LIMIT:
        return flat
    words = shorten(flat, LABEL_LIMIT)
    return words if len(words) > LABEL_LIMIT * 2 // 3 else flat[: LABEL_LIMIT - 1].rstrip() + "…"


_SITE_SUFFIX = re.compile(r"\s[|\u2013\u2014-]\s+([^|\u2013\u2014]{2,40})$")


def site_of_title(title: str | None) -> str | None:
    """The site a page title names at its end ("Deal signed | The Daily Star" -> "The Daily Star"), or None.

    Only a short name of capitalised words counts: "Deal signed - in full" names no site.
    """
    match = _SITE_SUFFIX.search(title or "")
    if not match:
        return None
    site = match.group(1).strip()
    words = site.split()
    if not 1 <= len(words) <= 4 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return None
    return site


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters (with "…")."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def heading(title: str) -> Text:
    return Text(title, style="bold underline")


# ---------------------------------------------------------------- control characters

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}\\u2028\\u2029]")


def visible(text: str) -> str:
    """``text`` with control characters (ESC, OSC, C1...), bidi overrides and line separators written as
    ``\\x1b`` / ``\\u202e`` escapes, so input can neither drive a terminal nor reorder what is shown.

    Tabs and newlines stay: the renderers flatten them where a line must stay one line.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_M = TypeVar("_M", bound=BaseModel)


def sanitized(model: _M) -> _M:
    """``model`` with every string made ``visible``; the same object when nothing needed it (the usual case)."""
    cleaned = _clean(model)
    return model if cleaned is _UNCHANGED else cleaned


_UNCHANGED: Any = object()


def _clean(value: Any) -> Any:
    """``value`` with strings made visible, or ``_UNCHANGED``: copies are made only along changed paths."""
    if isinstance(value, str):
        return _UNCHANGED if not _UNSAFE.search(value) else visible(value)
    if isinstance(value, BaseModel):
        changes = {
            k: v for k in type(value).model_fields if (v := _clean(getattr(value, k))) is not _UNCHANGED
        }
        return value.model_copy(update=changes) if changes else _UNCHANGED
    if isinstance(value, list):
        items = [_clean(item) for item in value]
        if all(item is _UNCHANGED for item in items):
            return _UNCHANGED
        return [v if c is _UNCHANGED else c for v, c in zip(value, items, strict=True)]
    if isinstance(value, dict):
        pairs = {k: _clean(v) for k, v in value.items()}
        if all(v is _UNCHANGED for v in pairs.values()) and not any(_UNSAFE.search(str(k)) for k in value):
            return _UNCHANGED
        return {visible(str(k)): value[k] if v is _UNCHANGED else v for k, v in pairs.items()}
    return _UNCHANGED


# ---------------------------------------------------------------- ids, headline, snippets

SHORT_ID = 6  # characters of an id shown on the sheet ("f-1a2b"); longer where needed to stay unique


def report_items(report: Report) -> list[Fact | Conflict]:
    """Every fact, single-source claim and conflict of the report and of its stories."""
    items: list[Fact | Conflict] = []
    for sub in story_reports(report):
        items += [*sub.facts, *sub.conflicts, *sub.single_source]
    return items


def all_short_ids(report: Report) -> dict[str, str]:
    """The short id of every fact, conflict and shared origin of the report and of its stories."""
    origins = [o.id for sub in [report, *story_reports(report)] for o in sub.origins]
    return short_ids([*(i.id for i in report_items(report)), *origins])


def short_ids(ids: Iterable[str]) -> dict[str, str]:
    """Id -> its shortest prefix of at least ``SHORT_ID`` characters that no other id starts with.

    ``dealclaims show`` accepts a unique prefix, so the short id is enough to ask for the item.
    Sorting makes each id's only rivals its neighbours: linear after the sort.
    """
    ordered = sorted(set(ids))
    short: dict[str, str] = {}
    for i, full in enumerate(ordered):
        need = SHORT_ID
        for other in (ordered[i - 1] if i else "", ordered[i + 1] if i + 1 < len(ordered) else ""):
            common = len(_common_prefix(full, other))
            need = max(need, common + 1)
        short[full] = full[:need]
    return short


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


WHO_IS_WHO_TYPES = frozenset({"PERSON", "ORG"})


def who_is_who(report: Report) -> list[Entity]:
    """The entities the sheet lists, most sources first: every person and organisation, every entity a fact
    or conflict refers to (its subject, or a member of its value: the countries of a state deal), and any
    other entity written more than one way."""
    values: list[object] = [f.value for f in [*report.facts, *report.single_source]]
    values += [v.value for c in report.conflicts for v in c.variants]
    subjects = [f.subject for f in [*report.facts, *report.single_source]] + [
        c.subject for c in report.conflicts
    ]
    referred = {str(subject).split("#")[0] for subject in subjects}
    for value in values:
        referred.update(str(v).split("#")[0] for v in (value if isinstance(value, list) else [value]))
    shown = [e for e in report.entities if e.type in WHO_IS_WHO_TYPES or e.aliases or e.id in referred]
    return sorted(shown, key=lambda e: (-len(e.sources), e.type, e.name))


def explanation(conflict: Conflict, names: dict[str, str]) -> str:
    """The conflict's explanation with the entity ids it names ("person:x-y") shown as names."""
    return _ENTITY_ID.sub(lambda m: names.get(m.group(0), m.group(0)), conflict.explanation)


_ENTITY_ID = re.compile(r"\b(?:person|org|gpe|fac|loc|norp):[a-z0-9][a-z0-9-]*")


def display_headline(report: Report, ids: dict[str, str] | None = None) -> str:
    """The headline as the consensus stage wrote it, with conflict ids shortened to the ones shown below.

    Which parts are contested is decided once, by the library (``consensus.headline.make_headline``): a figure the
    sources disagree on already reads ``(contested, see <id>)``.
    """
    headline = report.headline or "(no headline)"
    for conflict in report.conflicts:
        if conflict.id in headline:
            headline = headline.replace(conflict.id, (ids or {}).get(conflict.id, conflict.id))
    return headline


def claim_span(sentence: str, claim: str) -> tuple[int, int] | None:
    """Where the claim's words lie in its sentence: from the first to the last piece found, or None.

    A merged claim ("first phase … $500 million / worth USD 500 million") is looked for piece by piece,
    case-insensitively; a piece found is a word sequence of at least three characters.
    """
    pieces = [p.strip(" ,.;:“”\"'") for p in re.split(r" / |…|: ", claim)]
    found = [
        m.span()
        for piece in pieces
        if len(piece) >= 3
        for m in [re.search(re.escape(piece), sentence, flags=re.IGNORECASE)]
        if m
    ]
    if not found:
        return None
    return min(s for s, _ in found), max(e for _, e in found)


def snippet(sentence: str, claim: str, limit: int) -> str:
    """One line of at most ``limit`` characters of ``sentence``, centred on the claim's words and never cut
    before them; "…" marks a cut at either end."""
    flat = re.sub(r"\s+", " ", sentence).strip()
    if len(flat) <= limit:
        return flat
    span = claim_span(flat, claim)
    if span is None:
        return shorten(flat, limit)
    start, end = span
    room = limit - 2  # the two "…"
    if end - start >= room:
        return ("…" if start else "") + shorten(flat[start:], room + 1)
    left = max(0, start - (room - (end - start)) // 2)
    right = min(len(flat), left + room)
    left = max(0, right - room)
    if left > 0 and " " in flat[left:start]:
        left = flat.index(" ", left) + 1  # a whole word first
    if right < len(flat) and " " in flat[end:right]:
        right = flat.rindex(" ", end, right)
    return ("…" if left else "") + flat[left:right].strip() + ("…" if right < len(flat) else "")


def unquoted(text: str) -> str:
    """``text`` without the quotation marks around it (or a stray one at either end, as a quote cut at a
    sentence boundary has), so a renderer adding its own does not double them."""
    stripped = text.strip()
    inner = stripped.strip(_QUOTES)
    if not any(q in inner for q in _QUOTES):
        return inner
    for open_, close in (("“", "”"), ('"', '"')):
        if len(stripped) >= 2 and stripped.startswith(open_) and stripped.endswith(close):
            return stripped[1:-1].strip()
    return stripped


_QUOTES = '"“”'


def kind_words(kind: str) -> str:
    """``qualifier_mismatch`` -> ``qualifier mismatch``."""
    return kind.replace("_", " ")
