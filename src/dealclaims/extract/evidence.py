"""Evidence spans: a span of an article's normalised body mapped back to its original text, verbatim."""

from __future__ import annotations

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
