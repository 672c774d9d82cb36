"""Extract stage: a parsed Doc of one article -> mentions and claims (surface names, not yet resolved).

Extractors are free functions over the Doc. They read the entity, title, acronym and term spans our spaCy
components wrote, and emit pydantic ``Mention`` and ``Claim`` models with offsets into ``Article.text``.
The slot rules (what a sentence says about the deal) live in ``slots.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dealclaims.extract.evidence import evidence_for
from dealclaims.extract.people import TitledPerson, title_claims, titled_people, verb_title_claims
from dealclaims.extract.quotes import extract_quotes
from dealclaims.extract.slots import SentenceContext, is_tech_compound, sentence_claims
from dealclaims.extract.tokens import doc_ents, held
from dealclaims.ids import stable_id
from dealclaims.lexicon import load_lexicon
from dealclaims.models import Article, Claim, Extraction, Mention
from dealclaims.names import clean_name, name_key
from dealclaims.nlp.entity_rules import ACRONYMS_KEY, DATELINES_KEY, TERMS_KEY, TICKERS_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NAMED_LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC", "NORP")


def extract_article(doc: Doc, article: Article) -> Extraction:
    """All mentions and claims of one article. ``doc`` is the parsed ``article.body``."""
    with held(doc):
        mentions = list(extract_mentions(doc, article))
        claims: list[Claim] = []
        for ctx in SentenceContext.for_doc(doc, article):
            claims.extend(sentence_claims(ctx))
        claims.extend(extract_quotes(doc, article))
        claims.extend(name_claims(doc, article))
        claims.extend(title_claims(doc, article))
        claims.extend(verb_title_claims(doc, article))
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
        yield Claim(
            id=stable_id("c", article.id, "org.name", ev.start),
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
    titled = titled_people(doc)
    titles = {tp.person.start: tp.phrase.title for tp in titled}
    in_title = _title_words(titled)
    acronyms = {(s.start, s.end): s.label_ for s in doc.spans.get(ACRONYMS_KEY, [])}
    own = publisher_keys(article)
    tickers = {s.start: s.label_ for s in doc.spans.get(TICKERS_KEY, [])}
    for ent in doc_ents(doc):
        if ent.label_ not in NAMED_LABELS:
            continue
        name = clean_name(ent.text)
        if not name or (ent.start, ent.end, name) in in_title:
            continue  # "Transport" in "Minister of Transport and Maritime Affairs" names an office, not a body
        role = "publisher" if name_key(name) in own else None  # the outlet and writer are not parties
        acronym = acronyms.get((ent.start, ent.end)) or tickers.get(ent.end)  # "Acme Corp <ACM>": its symbol
        span = _with_honorific(ent)
        name = clean_name(span.text) if span is not ent else name
        yield _mention(article, span, name, sent_index, titles.get(ent.start), acronym, ent.label_, role)
    for span in doc.spans.get(DATELINES_KEY, []):
        yield _mention(article, span, clean_name(span.text), sent_index, None, None, role="dateline")
    for span in doc.spans.get(TERMS_KEY, []):
        if span.label_ == "COMMODITY" and not is_tech_compound(span):
            yield _mention(
                article, span, span.id_ or span.text.lower(), sent_index, None, None, label="COMMODITY"
            )


# Honorifics written before a full name (closed class; titles of office are read as titles).
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame"})


def _with_honorific(ent: Span) -> Span:
    """ "Dr. Ilse Varga": a full name with the honorific the article writes before it, which the model leaves
    out; it is how the article names the person (an alias), and resolution parses it away."""
    doc = ent.doc
    if ent.label_ != "PERSON" or len(ent) < 2 or ent.start == 0:
        return ent
    prev = doc[ent.start - 1]
    if prev.text.rstrip(".").lower() not in _HONORIFICS or not prev.text[:1].isupper():
        return ent
    return ent.doc[prev.i : ent.end]


def publisher_keys(article: Article) -> set[str]:
    """Name keys of who published the article: its outlet (and the outlet's first word), author, byline."""
    keys = {name_key(n) for n in (article.outlet, article.author, article.byline) if n}
    words = [w for w in (article.outlet or "").split() if w[:1].isalnum()]
    if len(words) > 1:
        keys.add(name_key(words[0]))  # "Tidewire" for "Tidewire News Service"
        initials = [w[0].upper() for w in words[:-1]]
        for joint in ("", "&"):  # "P&T Review" / "PT Review" for "Ports & Terminals Review"
            keys.add(name_key(f"{joint.join(initials)} {words[-1]}"))
    keys.discard("")
    return keys


def _mention(
    article: Article,
    span: Span,
    name: str,
    sent_index: dict[int, int],
    title: str | None,
    acronym: str | None,
    label: str | None = None,
    role: str | None = None,
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
        role=role,
    )


def _title_words(titled: list[TitledPerson]) -> _SpanTest:
    """Token ranges lying inside a title's own words (not its organisation): they are part of an office."""
    ranges = [(tp.phrase.start, tp.phrase.end, tp.phrase.org) for tp in titled]
    return _SpanTest(ranges)


class _SpanTest:
    """``(start, end, name) in test``: the token range lies inside a title phrase and is not its organisation."""

    def __init__(self, ranges: list[tuple[int, int, str | None]]) -> None:
        self.ranges = ranges

    def __contains__(self, span: object) -> bool:
        start, end, name = span if isinstance(span, tuple) else (0, 0, "")
        return any(s <= start and end <= e and name != org for s, e, org in self.ranges)
