"""A doc's tokens (and entities) made once per article: the rules' scans of a sentence then make no new Token.

Iterating a ``Span`` or indexing a ``Doc`` builds a new ``Token`` object every time, and the slot rules scan
each sentence several times (about 1.4 M Token objects per 400 Reuters articles, a fifth of extraction).
``extract_article`` holds the list for the time of one article (``held``); outside it ``tokens`` is a plain
``list(span)``, so no Doc keeps a list of its own Tokens (a reference cycle) after its extraction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_KEY = "dealclaims_tokens"
_ENTS = "dealclaims_ents"


def tokens(span: Span) -> list[Token]:
    """The tokens of ``span`` (a sentence, usually), from the doc's list while ``held``."""
    cached: list[Token] | None = span.doc.user_data.get(_KEY)
    return cached[span.start : span.end] if cached is not None else list(span)


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, read once per article while ``held`` (each access builds every entity's Span again)."""
    cached: tuple[Span, ...] | None = doc.user_data.get(_ENTS)
    return cached if cached is not None else tuple(doc.ents)


@contextmanager
def held(doc: Doc) -> Iterator[None]:
    """Keep ``doc``'s token list for ``tokens`` while the block runs; drop it after, whatever happens."""
    doc.user_data[_KEY] = list(doc)
    doc.user_data[_ENTS] = tuple(doc.ents)  # extraction only reads the doc: its entities stay as they are
    try:
        yield
    finally:
        doc.user_data.pop(_KEY, None)
        doc.user_data.pop(_ENTS, None)
