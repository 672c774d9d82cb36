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


# A credit line: "(Photo: Name/Agency)", "Photo: caption. (Name/Outlet)", "(AP Photo/Name, File)",
# "(Reporting by Name; Editing by Name)", "Photograph: Name/Agency". Captions end in a parenthesised credit.
_CREDIT = re.compile(
    r"(?i)(?:\(?(?:[\w.&'-]+ )?(?:photo(?:graph)?s?|pictures?|images?|file photo|illustration|graphic)"
    r"(?: credit)?\b ?[:/].*|\((?:additional )?(?:reporting|writing|editing|compiled|produced) by .*\))"
)


_TRAILING_CREDIT = re.compile(r"\((?:[^()]*/[^()]*|(?i:[^()]*\b(?:photo|file|courtesy)\b[^()]*))\)$")


# A short label that introduces no claim: "Photo gallery:", "Watch:", "Listen:", "Background:".
_LABEL = re.compile(r"(?P<label>[A-Z][\w'&-]*(?: [\w'&-]+){0,2}) ?: ?(?P<rest>.*)")


_LINK_LABELS = frozenset(
    {"photo gallery", "gallery", "photos", "video", "watch", "listen", "podcast", "slideshow", "in pictures",
     "see also", "more", "more on this", "further reading", "explainer", "opinion", "live", "live updates",
     "graphic", "interactive", "timeline", "factbox"}
)  # fmt: skip


# A press contact: a short line naming a contact with an e-mail address or a telephone number.
_CONTACT_LABEL = re.compile(
    r"(?i)(?:(?:media|press|investor|news|for further|for more)\b[\w ]{0,20})?contacts?\b"
)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


_PHONE = re.compile(r"\+?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}")


# A wire sign-off on a line of its own: "Reuter", "REUTER", "Reuters", "More", "(END)", "-0-", "###".
_SIGN_OFF = re.compile(r"(?i)[(\-]*(?:reuters?|more|end|ends|\d+)[)\-.]*|#+|-+ ?0 ?-+|\(?(?:more|end)\)?")


# A print-edition note: "A version of this article appears in print on ..., Section B, Page 1."
_PRINT_NOTE = re.compile(
    r"(?i)(?:a version of this (?:article|story|report)|this (?:article|story) (?:appeared|appears)) .*\bprint\b.*"
    r"|(?:section [a-z0-9]{1,3}\W+)?page [a-z0-9]{1,4}\W*"
)


# A line that is a name and nothing else, or a name with a role or date: "Jane Doe | 5 March 2031",
# "Jane Doe, Senior Editor", "Staff writer". The role must be short and carry no verb-like sentence end.
_NAME_LINE = re.compile(
    rf"(?P<name>{_NAME_WORD}(?: (?:(?:de|da|van|von|bin|al) )?{_NAME_WORD}){{1,3}})"
    r" ?(?:[,|\u2013\u2014]|--?) ?(?P<role>[^.!?]{1,50})"
)


# Role words that make "Name, Role" a byline: heads of journalistic job titles, closed class.
_BYLINE_ROLES = frozenset(
    {"editor", "reporter", "correspondent", "writer", "columnist", "journalist", "contributor", "staff",
     "producer", "analyst", "bureau", "chief", "desk", "photographer", "reporting", "newsroom", "wire",
     "writers", "reporters", "editors", "correspondents", "contributors"}
)  # fmt: skip


_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)


_DATE_ONLY = re.compile(
    rf"(?i)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?(?:\d{{1,2}} (?:{_MONTHS})\.?,? \d{{4}}"
    rf"|(?:{_MONTHS})\.? \d{{1,2}},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})(?:,? \d{{1,2}}[:.]\d{{2}}(?: ?[ap]\.?m\.?)?"
    r"(?: [A-Z]{2,4})?)?"
)


# A wire flag before a title or paragraph, in capitals: "URGENT:", "UPDATE 2-", "BREAKING NEWS -".
_FLAG = re.compile(r"(?P<flag>(?P<word>[A-Z][A-Z' ]{2,20}?)(?: \d{1,2})?) ?(?::|-|[\u2013\u2014]) *(?=\S)")


_FLAG_WORDS = frozenset(
    {"urgent", "update", "updated", "breaking", "breaking news", "exclusive", "flash", "bulletin", "alert",
     "corrected", "correction", "refile", "rpt", "repeat", "wrapup", "analysis", "insight", "factbox",
     "preview", "review", "timeline", "snap", "newsalert", "developing", "just in", "live", "watch", "video",
     "opinion", "editorial", "explainer", "sponsored", "advertorial", "press release"}
)  # fmt: skip


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


def _furniture_kind(line: str) -> BlockKind | None:
    """The kind of a line that is page furniture (byline, comments, related links...), else None."""
    if not _LETTER_OR_DIGIT.search(line):
        return "boilerplate"  # rules, asterisks, lone punctuation
    if _byline_name(line) is not None or _is_name_and_role(line):
        return "byline"
    if _is_credit(line):
        return "credit"
    if _is_contact(line):
        return "contact"
    if _SIGN_OFF.fullmatch(line.rstrip(".… ")) or _PRINT_NOTE.fullmatch(line):
        return "sign_off" if _SIGN_OFF.fullmatch(line.rstrip(".… ")) else "boilerplate"
    if _COMMENTS.fullmatch(line):
        return "comments"
    if _RELATED_POSTS.fullmatch(line):
        return "related_posts"
    if _RELATED_LINK.match(line) or _is_link_label(line):
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


def _is_name_and_role(line: str) -> bool:
    """A line that is only a name and a journalist's role or a date ("Jane Doe | 5 March 2031").

    A line that is only a role ("Staff writer", "Business Correspondent") counts too.
    """
    if len(line.split()) > BYLINE_MAX_WORDS or _SENTENCE_END.search(line):
        return False
    if _is_role(line):
        return True
    match = _NAME_LINE.fullmatch(line)
    if match is None:
        return False
    role = match.group("role").strip()
    return _is_role(role) or _DATE_ONLY.fullmatch(role) is not None


def _is_role(text: str) -> bool:
    """Short text whose last word, or every part split at "|", is a journalist's role or a date."""
    parts = [part.strip() for part in re.split(r"[|\u2013\u2014]| - ", text) if part.strip()]
    if not parts:
        return False
    for part in parts:
        words = part.split()
        if _DATE_ONLY.fullmatch(part) is not None:
            continue
        if not words or len(words) > 4 or words[-1].casefold().strip(",.") not in _BYLINE_ROLES:
            return False
    return any(_DATE_ONLY.fullmatch(part) is None for part in parts)


def _is_credit(line: str) -> bool:
    """A photo or reporting credit, or a caption that ends with a parenthesised credit."""
    if len(line.split()) > 60:
        return False
    if _CREDIT.fullmatch(line):
        return True
    # "(AP Photo/Name, File)", "(Name/Agency)"
    return line.startswith("(") and line.endswith(")") and "/" in line and len(line.split()) <= 12


def _is_contact(line: str) -> bool:
    """A press contact: a "Media contact:" label, or a short line with an e-mail address or phone number."""
    words = len(line.split())
    label = _CONTACT_LABEL.match(line)
    if label is not None and words <= 25:
        rest = line[label.end() :].lstrip()
        if not rest or rest.startswith(":"):
            return True
    return words <= 12 and (_EMAIL.search(line) is not None or _PHONE.fullmatch(line.strip("+ ")) is not None)


def _is_link_label(line: str) -> bool:
    """A short label that introduces a link or media, not a claim: "Photo gallery: The signing in pictures"."""
    match = _LABEL.fullmatch(line)
    return match is not None and match.group("label").casefold() in _LINK_LABELS and len(line.split()) <= 25


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


# "CAIRO:", "Cairo:", "LONDON (Reuters) -", "NEW YORK, March 3 (Reuters) -", "SPRINGFIELD, Ill., May 2 -",
# "OSLO, Norway and AUSTIN, Texas, May 2, 2030 -", on normalised text.
_PLACE = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}(?:, {_NAME_WORD}(?: {_NAME_WORD})?){{0,2}}"


_DATELINE = re.compile(
    rf"(?P<dateline>(?P<place>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})(?P<more>(?:, {_NAME_WORD}(?: {_NAME_WORD})?){{0,2}}"
    rf"(?: and {_PLACE})?)"
    r"(?P<date>, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"
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
