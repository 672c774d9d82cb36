"""Extract stage: a parsed Doc of one article -> mentions and claims (surface names, not yet resolved).

Extractors are free functions over the Doc. They read the entity, title, acronym and term spans our spaCy
components wrote, and emit pydantic ``Mention`` and ``Claim`` models with offsets into ``Article.text``.
The slot rules (what a sentence says about the deal) live in ``slots.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .lexicon import load_lexicon
from .models import Article, Claim, Evidence, Extraction, Mention
from .names import clean_name
from .nlp.entity_rules import ACRONYMS_KEY, TERMS_KEY, TITLES_KEY
from .slots import SentenceContext, sentence_claims
from .quotes import extract_quotes

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NAMED_LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC", "NORP")


def extract_article(doc: "Doc", article: Article) -> Extraction:
    """All mentions and claims of one article. ``doc`` is the parsed ``article.body``."""
    mentions = list(extract_mentions(doc, article))
    claims = []
    for index, sent in enumerate(doc.sents):
        ctx = SentenceContext.build(doc, sent, index, article)
        claims.extend(sentence_claims(ctx))
    claims.extend(extract_quotes(doc, article))
    claims.extend(name_claims(doc, article))
    return Extraction(article_id=article.id, mentions=mentions, claims=claims)


def name_claims(doc: "Doc", article: Article) -> Iterator[Claim]:
    """``org.name``: how each acronym is spelled out ("US Strategic Metals (USSM)")."""
    for span in doc.spans.get(ACRONYMS_KEY, []):
        name = clean_name(span.text)
        if load_lexicon().country_of(name):
            continue  # "United States (US)" is a place, not an organisation's name
        end = min(span.end + 3, len(doc))
        ev = evidence_for(article, span.start_char, doc[end - 1].idx + len(doc[end - 1].text))
        digest = hashlib.sha1(f"{article.id}|org.name|{ev.start}".encode()).hexdigest()[:10]
        yield Claim(
            id=f"c-{digest}", slot="org.name", subject=name, value=name, value_kind="name",
            text=f"{name} ({span.label_})", source=article.id, evidence=ev,
        )


def evidence_for(article: Article, start_char: int, end_char: int) -> Evidence:
    """Evidence for a [start, end) span of ``article.body``: the same span of ``article.text``, verbatim."""
    while start_char < end_char and article.body[start_char].isspace():
        start_char += 1
    while end_char > start_char and article.body[end_char - 1].isspace():
        end_char -= 1
    start, end = article.to_text_span(start_char, end_char)
    return Evidence(source=article.id, text=article.text[start:end], start=start, end=end)


def extract_mentions(doc: "Doc", article: Article) -> Iterator[Mention]:
    """Named entities (after our corrections) and commodities, with titles and acronyms attached."""
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    titles = _titles_by_person_start(doc)
    acronyms = {(s.start, s.end): s.label_ for s in doc.spans.get(ACRONYMS_KEY, [])}
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS:
            continue
        name = clean_name(ent.text)
        if not name:
            continue
        yield _mention(article, ent, name, sent_index, titles.get(ent.start), acronyms.get((ent.start, ent.end)))
    for span in doc.spans.get(TERMS_KEY, []):
        if span.label_ == "COMMODITY" and not _is_compound_modifier(span):
            yield _mention(article, span, span.id_ or span.text.lower(), sent_index, None, None, label="COMMODITY")


def _mention(
    article: Article,
    span: "Span",
    name: str,
    sent_index: dict[int, int],
    title: str | None,
    acronym: str | None,
    label: str | None = None,
) -> Mention:
    start, end = article.to_text_span(span.start_char, span.end_char)
    return Mention(
        source=article.id,
        label=label or span.label_,
        text=name,
        start=start,
        end=end,
        sentence=sent_index.get(span.sent.start, 0),
        title=title,
        acronym=acronym,
    )


def _titles_by_person_start(doc: "Doc") -> dict[int, str]:
    out: dict[int, str] = {}
    for chain in doc.spans.get(TITLES_KEY, []):
        if chain.label_.isdigit():
            out[int(chain.label_)] = chain.text
    return out


def _is_compound_modifier(span: "Span") -> bool:
    """"lithium-ion batteries": the commodity word names a technology, not the material."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ in {"ion", "based"}
