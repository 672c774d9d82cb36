"""Evidence spans: a span of an article's normalised body mapped back to its original text, verbatim."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

from dealclaims.models import Article, Evidence


def evidence_for(article: Article, start_char: int, end_char: int) -> Evidence:
    """Evidence for ``article.body[start_char:end_char]``: the same words in ``article.text``, trimmed."""
    body = article.body
    while start_char < end_char and body[start_char].isspace():
        start_char += 1
    while end_char > start_char and body[end_char - 1].isspace():
        end_char -= 1
    start, end = article.to_text_span(start_char, end_char)
    return Evidence(source=article.id, text=article.text[start:end], start=start, end=end)


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once per doc: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get("dealclaims_text")
    if text is None:
        text = doc.user_data["dealclaims_text"] = doc.text
    return str(text)
