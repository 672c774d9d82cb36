"""What one line is, by its shape: a byline, a credit, a contact, a link label, a flag, a sign-off, or text."""

from __future__ import annotations

import re

from dealclaims.models import BlockKind

HEADING_MAX_WORDS = 12

BYLINE_MAX_WORDS = 12


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
