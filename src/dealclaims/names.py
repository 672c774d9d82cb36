"""Name normalisation shared by extraction and resolution: plain string functions, no spaCy."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cleanco import basename  # type: ignore[import-untyped]
from cleanco.clean import prepare_default_terms  # type: ignore[import-untyped]

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


@lru_cache(maxsize=1 << 16)
def clean_name(text: str) -> str:
    """A display name: whitespace collapsed, leading article, trailing possessive and glued verb removed."""
    text = " ".join(text.replace("’", "'").split())
    text = _GLUED_VERB.sub("", text) if text[:1].isupper() else text
    text = _LEADING.sub("", text)
    text = _POSSESSIVE.sub("", text.strip(' "“”')).strip(' ,;:-"“”')  # a quote the NER took in
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]  # a sentence's full stop, but keep the one of "U.S."
    return text


@lru_cache(maxsize=1 << 16)  # pure, and called for every mention and claim in several stages
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


# Words that join the parts of a name and never end one ("Brill, Tenney and").
_CONNECTORS = {"of", "the", "and", "for", "de", "du", "des", "&"}


@lru_cache(maxsize=65_536)
def legal_basename(name: str) -> str:
    """cleanco's ``basename``: the name without its legal form ("Acme Corp." -> "Acme"); memoised (it is pure,
    and the same names come back for every mention and claim)."""
    return str(basename(name))


@lru_cache(maxsize=8192)
def is_legal_form(text: str) -> bool:
    """True for a bare legal form or company-type word ("Corp", "Inc.", "Co", "AS", "plc")."""
    key = _plain(text).replace(".", "")
    if not key or " " in key or key not in _legal_words():
        return False
    return not _plain(legal_basename(f"acme {key}")).endswith(key)


def _plain(name: str) -> str:
    """name_key without commas and without dangling connectors ("brill, tenney and" -> "brill tenney")."""
    words = name_key(name).replace(",", " ").split()
    while words and words[-1] in _CONNECTORS:
        words.pop()
    return " ".join(words)


@lru_cache(maxsize=1)
def _legal_words() -> frozenset[str]:
    """cleanco's one-word legal forms, normalised as cleanco compares them ("corp", "inc", "as", "plc")."""
    return frozenset(terms[0] for n, terms in prepare_default_terms() if n == 1)
