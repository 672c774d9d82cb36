"""Lines -> blocks: title, dateline, byline, credits, links and body, so only body text is parsed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dealclaims.dates import MONTHS, month_day
from dealclaims.load.lines import (
    _FLAG,
    _FLAG_WORDS,
    _NAME_WORD,
    _WORD,
    HEADING_MAX_WORDS,
    _byline_name,
    _furniture_kind,
    _is_short_label,
)
from dealclaims.load.normalise import _INVISIBLE, normalize_text
from dealclaims.models import Article, Block, BlockKind

TITLE_MAX_WORDS = 20


REPEAT_MIN_WORDS = 6  # a line is dropped as "contained in a longer line" only when at least this long


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
    return _split_sign_offs(_split_datelines(_split_flags(blocks)))


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


# "CAIRO:", "Cairo:", "LONDON (Reuters) -", "NEW YORK, March 3 (Reuters) -", "SPRINGFIELD, Ill., May 2 -",
# "OSLO, Norway and AUSTIN, Texas, May 2, 2030 -", on normalised text.
_PLACE = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}(?:, {_NAME_WORD}(?: {_NAME_WORD})?){{0,2}}"


_MONTH_CAPS = "|".join(sorted((name.upper() for name in MONTHS), key=len, reverse=True))  # "JUNE 11"


_DATELINE = re.compile(
    rf"(?P<dateline>(?P<place>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})(?P<more>(?:, {_NAME_WORD}(?: {_NAME_WORD})?){{0,2}}"
    rf"(?: and {_PLACE})?)"
    rf"(?P<date>, (?:[A-Z][a-z]{{2,8}}|{_MONTH_CAPS})\.? \d{{1,2}}(?:, \d{{4}})?)?"
    r"(?: ?\((?P<agency>[A-Z][\w.&' ]{0,30})\))?"
    r" ?(?P<separator>:|--?|[\u2013\u2014]))"
    r" +(?=\S)"
)


# Labels that look like a dateline's place but are not places.
_NOT_PLACES = frozenset(
    {"update", "updated", "breaking", "breaking news", "note", "editor's note", "exclusive", "analysis",
     "opinion", "watch", "video", "photo", "photos", "live", "correction", "summary", "highlights", "q", "a"}
)  # fmt: skip


def _split_flags(blocks: list[Block]) -> list[Block]:
    """Split a capitalised wire flag ("URGENT:", "UPDATE 2-") off the front of title, heading and body blocks."""
    result: list[Block] = []
    for block in blocks:
        match = (
            _FLAG.match(normalize_text(block.text)[0]) if block.kind in ("title", "heading", "body") else None
        )
        if match is not None and match.group("word").strip().casefold() in _FLAG_WORDS:
            result.extend(_split_prefix(block, match.end("flag"), match.end(), "flag"))
        else:
            result.append(block)
    return result


def _split_datelines(blocks: list[Block]) -> list[Block]:
    """Split a dateline prefix off body blocks into ``dateline`` blocks.

    The first body block may open with any dateline; a later one only with a wire dateline that names its
    place in capitals and carries a date or an agency ("PARIS, May 2 -"), as when several stories are joined.
    """
    result: list[Block] = []
    first = True
    for block in blocks:
        if block.kind != "body":
            result.append(block)
            continue
        match = _DATELINE.match(normalize_text(block.text)[0])
        if match is not None and (_is_dateline(match) if first else _is_wire_dateline(match)):
            result.extend(_split_prefix(block, match.end("dateline"), match.end(), "dateline"))
        else:
            result.append(block)
        first = False
    return result


# A wire sign-off glued to the end of the last paragraph: "... the company said. Reuter".
_TRAILING_SIGN_OFF = re.compile(
    r"(?<=[.!?\"'\u201d)]) +(?P<sign_off>(?i:reuters?)|REUTER|\(?(?i:more|end)\)?)\W*$"
)


def _split_sign_offs(blocks: list[Block]) -> list[Block]:
    """Split a wire sign-off off the end of the last body block into a ``sign_off`` block.

    A short last line ("Orvane declined to comment. Reuter") reads as a heading until its sign-off is cut:
    what remains ends a sentence, so it is body.
    """
    kinds = ("body", "heading")
    index = next((i for i in range(len(blocks) - 1, -1, -1) if blocks[i].kind in kinds), None)
    if index is None:
        return blocks
    block = blocks[index]
    line, offsets = normalize_text(block.text)
    match = _TRAILING_SIGN_OFF.search(line)
    if match is None:
        return blocks
    body_end = offsets[match.start()]
    while body_end > 0 and block.text[body_end - 1].isspace():
        body_end -= 1
    sign_start = offsets[match.start("sign_off")]
    body = Block(kind="body", start=block.start, end=block.start + body_end, text=block.text[:body_end])
    sign_off = Block(
        kind="sign_off", start=block.start + sign_start, end=block.end, text=block.text[sign_start:]
    )
    return [*blocks[:index], body, sign_off, *blocks[index + 1 :]]


def _split_prefix(block: Block, prefix_end: int, rest_start: int, kind: BlockKind) -> list[Block]:
    """``block`` cut in two at normalised offsets: its prefix as a ``kind`` block, the rest keeping its kind."""
    offsets = normalize_text(block.text)[1]
    cut = offsets[prefix_end - 1] + 1
    start = offsets[rest_start]
    prefix = Block(kind=kind, start=block.start, end=block.start + cut, text=block.text[:cut])
    rest = Block(kind=block.kind, start=block.start + start, end=block.end, text=block.text[start:])
    return [prefix, rest]


def _is_dateline(match: re.Match[str]) -> bool:
    """A colon follows a lone place; a dash needs a date, a news agency or an upper-case place ("WASHINGTON -")."""
    place = match.group("place")
    if place.casefold() in _NOT_PLACES:
        return False
    if match.group("separator") == ":" and not match.group("more"):
        return True
    if match.group("agency") is not None or match.group("date") is not None:
        return True
    # "WASHINGTON -", "SPRINGFIELD, Ill. -"; places joined by "and" need a date ("IBM and GE - the rivals").
    return place.isupper() and " and " not in match.group("more")


def _is_wire_dateline(match: re.Match[str]) -> bool:
    """A dateline with a capitalised place and a date or agency, and a dash: safe to cut from any paragraph."""
    place = match.group("place")
    has_date_or_agency = match.group("agency") is not None or match.group("date") is not None
    return place.isupper() and len(place) > 1 and has_date_or_agency and match.group("separator") != ":"


def _with_blocks(article: Article, blocks: list[Block]) -> Article:
    """Fill in the fields derived from the blocks: title, byline, dateline, body and body map."""
    article.blocks = blocks
    title = _first_text(blocks, "title")
    article.title = _MARKDOWN_HEADING.sub("", title) if title is not None else None
    byline = _first_text(blocks, "byline")
    article.byline = _byline_name(byline) if byline is not None else None
    dateline = _first_text(blocks, "dateline")
    article.dateline = _DATELINE_SEPARATOR.sub("", dateline) if dateline is not None else None
    article.dateline_date = _dateline_day(article.dateline)
    article.body, article.body_map = _body_and_map(blocks)
    if not article.body:
        article.warnings.append("no body text found")
    return article


_MARKDOWN_HEADING = re.compile(r"^#+ *")


def _dateline_day(dateline: str | None) -> str | None:
    """The day a dateline names ("LAKETON, April 27" -> "--04-27"; "OSLO, May 2, 2030" -> "2030-05-02").

    Wire copy carries no publication date, only its dateline: the month and day it gives are the article's
    date where nothing better is known. Without a year the day is written ``--MM-DD`` (ISO 8601's
    month-day), which orders articles by month and day only, so it is compared only within one corpus.
    """
    if dateline is None:
        return None
    match = _DATELINE.match(dateline + " - x")
    date = match.group("date") if match is not None else None
    return month_day(date.lstrip(", ")) if date else None


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
