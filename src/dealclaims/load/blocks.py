"""Lines -> blocks: title, dateline, byline, credits, links and body, so only body text is parsed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dealclaims.load.normalise import _INVISIBLE, normalize_text
from dealclaims.models import Article, Block, BlockKind

TITLE_MAX_WORDS = 20


HEADING_MAX_WORDS = 12


BYLINE_MAX_WORDS = 12


REPEAT_MIN_WORDS = 6  # a line is dropped as "contained in a longer line" only when at least this long


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
