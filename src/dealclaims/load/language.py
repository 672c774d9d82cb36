"""Is this text an English article? HTML sniffing, script and function-word language checks."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter
from importlib import resources

from dealclaims.errors import UnreadableArticle

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


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")


def _main_script(sample: str) -> str | None:
    """The non-Latin script most of the letters of ``sample`` are written in, if any."""
    if sample.isascii():
        return None  # Latin letters only: the common case, decided without a look at each character
    scripts = Counter(
        unicodedata.name(char, "UNKNOWN").split()[0] for char in _NON_ASCII.findall(sample) if char.isalpha()
    )
    scripts["LATIN"] += len(_ASCII_LETTERS.findall(sample))
    scripts += Counter()  # drop a zero count
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
