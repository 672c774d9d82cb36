"""Name normalisation shared by extraction and resolution: plain string functions, no spaCy."""

from __future__ import annotations

import re
import unicodedata

_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# British/American spellings that name the same thing (Organisation/Organization, Programme/Program...).
_SPELLING = [
    (re.compile(r"isation\b"), "ization"),
    (re.compile(r"ise\b"), "ize"),
    (re.compile(r"ised\b"), "ized"),
    (re.compile(r"ising\b"), "izing"),
    (re.compile(r"\bprogramme\b"), "program"),
    (re.compile(r"\bcentre\b"), "center"),
    (re.compile(r"\bdefence\b"), "defense"),
]


# A reporting verb glued to the name by a missing space ("Harrisonsaid"): a typo class of wire copy.
_GLUED_VERB = re.compile(r"(?<=[a-z]{3})(?:said|says|added)$")


def clean_name(text: str) -> str:
    """A display name: whitespace collapsed, leading article, trailing possessive and glued verb removed."""
    text = " ".join(text.replace("’", "'").split())
    text = _GLUED_VERB.sub("", text) if text[:1].isupper() else text
    text = _LEADING.sub("", text)
    text = _POSSESSIVE.sub("", text).strip(" ,;:-")
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]  # a sentence's full stop, but keep the one of "U.S."
    return text


def name_key(text: str) -> str:
    """A comparison key: case, accents, dots, hyphens and British/American spelling folded away.

    "U.S. Andes Copper" and "US Andes Copper" get the same key; so do "Organisation" and
    "Organization".
    """
    text = unicodedata.normalize("NFKD", clean_name(text)).encode("ascii", "ignore").decode()
    text = text.lower().replace(".", "").replace("-", " ")
    for pattern, repl in _SPELLING:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


def text_key(text: str) -> str:
    """A key for comparing sentences and quotes: lower case, ASCII quotes, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s%$.-]", " ", text)
    return " ".join(text.split())
