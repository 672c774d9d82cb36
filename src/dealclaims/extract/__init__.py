"""Extract stage: a parsed Doc of one article -> mentions and claims (surface names, not yet resolved).

Extractors are free functions over the Doc. They read the entity, title, acronym and term spans our spaCy
components wrote, and emit pydantic ``Mention`` and ``Claim`` models with offsets into ``Article.text``.
The slot rules (what a sentence says about the deal) live in ``slots.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dealclaims.extract.evidence import evidence_for
from dealclaims.extract.people import title_claims, titled_people
from dealclaims.extract.quotes import extract_quotes
from dealclaims.extract.slots import SentenceContext, is_tech_compound, sentence_claims
from dealclaims.lexicon import load_lexicon
from dealclaims.models import Article, Claim, Extraction, Mention
from dealclaims.names import clean_name
from dealclaims.nlp.entity_rules import ACRONYMS_KEY, TERMS_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NAMED_LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC", "NORP")


def extract_article(doc: Doc, article: Article) -> Extraction:
    """All mentions and claims of one article. ``doc`` is the parsed ``article.body``."""
    mentions = list(extract_mentions(doc, article))
    claims = []
    for ctx in SentenceContext.for_doc(doc, article):
        claims.extend(sentence_claims(ctx))
    claims.extend(extract_quotes(doc, article))
    claims.extend(name_claims(doc, article))
    claims.extend(title_claims(doc, article))
    sentences = [evidence_for(article, s.start_char, s.end_char) for s in doc.sents]
    sentences = [ev for ev in sentences if ev.text]
    return Extraction(article_id=article.id, mentions=mentions, claims=claims, sentences=sentences)


def name_claims(doc: Doc, article: Article) -> Iterator[Claim]:
    """``org.name``: how each acronym is spelled out ("Andes Copper Resources (ACR)")."""
    for span in doc.spans.get(ACRONYMS_KEY, []):
        name = clean_name(span.text)
        if load_lexicon().country_of(name):
            continue  # "United States (US)" is a place, not an organisation's name
        end = min(span.end + 3, len(doc))
        ev = evidence_for(article, span.start_char, doc[end - 1].idx + len(doc[end - 1].text))
        digest = hashlib.sha1(f"{article.id}|org.name|{ev.start}".encode()).hexdigest()[:10]
        yield Claim(
            id=f"c-{digest}",
            slot="org.name",
            subject=name,
            value=name,
            value_kind="name",
            text=f"{name} ({span.label_})",
            source=article.id,
            evidence=ev,
        )


def extract_mentions(doc: Doc, article: Article) -> Iterator[Mention]:
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
        yield _mention(
            article, ent, name, sent_index, titles.get(ent.start), acronyms.get((ent.start, ent.end))
        )
    for span in doc.spans.get(TERMS_KEY, []):
        if span.label_ == "COMMODITY" and not is_tech_compound(span):
            yield _mention(
                article, span, span.id_ or span.text.lower(), sent_index, None, None, label="COMMODITY"
            )


def _mention(
    article: Article,
    span: Span,
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


def _titles_by_person_start(doc: Doc) -> dict[int, str]:
    """The title read by the title grammar for each titled person, by the person's first token."""
    return {tp.person.start: tp.phrase.title for tp in titled_people(doc)}
