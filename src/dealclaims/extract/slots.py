"""Slot rules: what one sentence says about the deal, as Claims with surface names.

Each rule is a generator over a ``SentenceContext`` and reads only the sentence's tokens and the spans our
pipeline wrote (entities, TITLE / COMMODITY / DEAL_TYPE terms). The deal frame (parties, type) is in
``deal.py``; the deal's date and place in ``when_where.py``. Rules are general: they key on deal words,
signing verbs, prepositions and entity labels, never on the names of one story's parties.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dealclaims.extract.amounts import _nearest_subject, value_claims
from dealclaims.extract.deal import deal_claims
from dealclaims.extract.evidence import evidence_for
from dealclaims.extract.when_where import signing_claims
from dealclaims.lexicon import Lexicon, load_lexicon
from dealclaims.models import Article, Claim, Evidence
from dealclaims.names import clean_name
from dealclaims.nlp.entity_rules import TERMS_KEY, TITLES_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

PARTY_LABELS = ("ORG", "GPE")
_BACKGROUND_DATE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"last (?:week|month|year)|earlier this|in (?:19|20)\d\d|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_RELATED_MARKERS = {"second", "another", "separate", "earlier", "previous", "similar", "also", "two"}
_FACILITY = re.compile(
    r"\b(?P<mod>(?:[a-z]+-)+[a-z]+|[a-z]+)\s+(?P<head>refinery|refineries|smelter|smelters|plant|plants|"
    r"mine|mines|factory|factories|facility|facilities|port|pipeline|terminal|mill|hub)\b",
    re.IGNORECASE,
)
_FACILITY_STOP = {
    "a",
    "an",
    "the",
    "this",
    "that",
    "new",
    "flexible",
    "proprietary",
    "highly",
    "art",
    "gold",
    "its",
    "of",
}
_DEAL_COMMODITY_VERBS = {"export", "process", "processing", "refine", "refinery", "supply", "ship", "offtake"}
_FOCUS_VERBS = {
    "produce",
    "recycle",
    "specialise",
    "specialize",
    "process",
    "mine",
    "extract",
    "refine",
    "supply",
    "work",
}


@dataclass
class SentenceContext:
    """One sentence with the spans and facts every rule needs."""

    doc: Doc
    sent: Span
    index: int
    article: Article
    lexicon: Lexicon
    terms: list[Span]
    ents: list[Span]

    titles: list[Span] = field(default_factory=list)

    @classmethod
    def for_doc(cls, doc: Doc, article: Article) -> Iterator[SentenceContext]:
        """One context per sentence; entities, terms and titles bucketed once per document (linear)."""
        sents = list(doc.sents)
        starts = [s.start for s in sents]
        buckets: dict[str, list[list[Span]]] = {k: [[] for _ in sents] for k in ("ents", "terms", "titles")}
        groups = {
            "ents": doc.ents,
            "terms": doc.spans.get(TERMS_KEY, []),
            "titles": doc.spans.get(TITLES_KEY, []),
        }
        for key, spans in groups.items():
            for span in spans:
                i = bisect_right(starts, span.start) - 1
                if i >= 0 and (key == "titles" or span.end <= sents[i].end):
                    buckets[key][i].append(span)
        lexicon = load_lexicon()
        for i, sent in enumerate(sents):
            b = {k: v[i] for k, v in buckets.items()}
            yield cls(doc, sent, i, article, lexicon, b["terms"], b["ents"], b["titles"])

    @property
    def text(self) -> str:
        return self.sent.text

    def lemmas(self) -> set[str]:
        return {t.lemma_.lower() for t in self.sent}

    def deal_terms(self) -> list[Span]:
        return [t for t in self.terms if t.label_ == "DEAL_TYPE"]

    def has_deal_term(self) -> bool:
        return bool(self.deal_terms())

    def is_background(self) -> bool:
        """Past context opening the sentence ("In July, ...", "Last week, ..."): not the announcement itself."""
        return any(
            e.label_ == "DATE" and e.start - self.sent.start <= 2 and _BACKGROUND_DATE.search(e.text)
            for e in self.ents
        )

    def is_related_deal(self) -> bool:
        """Another deal than the one announced: a trade deal, "a second MoU", or a past deal."""
        for term in self.deal_terms():
            before = {t.lower_ for t in self.doc[max(term.start - 3, self.sent.start) : term.start]}
            if term.id_ == "trade deal" or before & _RELATED_MARKERS - {"also"}:
                return True
        return self.has_deal_term() and self.is_background()

    def evidence(self, start_char: int | None = None, end_char: int | None = None) -> Evidence:
        """Evidence for the sentence (or a part of it, in doc character offsets)."""
        start = self.sent.start_char if start_char is None else start_char
        return evidence_for(self.article, start, self.sent.end_char if end_char is None else end_char)

    def claim(self, slot: str, value: Any, text: str, value_kind: str, **fields: Any) -> Claim:
        ev = fields.pop("evidence", None) or self.evidence()
        digest = hashlib.sha1(f"{self.article.id}|{slot}|{ev.start}|{text}".encode()).hexdigest()[:10]
        return Claim(
            id=f"c-{digest}",
            slot=slot,
            value=value,
            text=text,
            value_kind=value_kind,
            source=self.article.id,
            evidence=ev,
            **fields,
        )


def sentence_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """Run every slot rule over one sentence."""
    for rule in RULES:
        yield from rule(ctx)


# ---------------------------------------------------------------- commodities: deal.commodities, org.focus, resources


def commodity_claims(ctx: SentenceContext) -> Iterator[Claim]:
    commodities = sorted({t.id_ for t in ctx.terms if t.label_ == "COMMODITY" and not is_tech_compound(t)})
    category = any(t.label_ == "COMMODITY_CLASS" for t in ctx.terms)
    lemmas = ctx.lemmas()
    org = _focus_subject(ctx)
    if org and lemmas & _FOCUS_VERBS and (commodities or category):
        value = commodities or ["critical minerals"]
        yield ctx.claim("org.focus", value, ", ".join(value), "names", subject=org)
        return
    if len(commodities) < 2:
        return
    if "reserve" in lemmas or "reserves" in lemmas or "deposit" in lemmas:
        place = _nearest_subject(ctx)
        yield ctx.claim("place.resources", commodities, ", ".join(commodities), "names", subject=place)
    elif lemmas & _DEAL_COMMODITY_VERBS and not ctx.is_related_deal():
        yield ctx.claim("deal.commodities", commodities, ", ".join(commodities), "names")


def is_tech_compound(span: Span) -> bool:
    """ "lithium-ion batteries": the commodity word names a technology, not the material."""
    doc = span.doc
    return (
        span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ in {"ion", "based"}
    )


def _focus_subject(ctx: SentenceContext) -> str | None:
    """The organisation a "produces and recycles ..." sentence is about: its grammatical subject."""
    for ent in ctx.ents:
        if ent.label_ == "ORG" and (ent.root.dep_ in ("nsubj", "nsubjpass") or ent.start == ctx.sent.start):
            return clean_name(ent.text)
    for ent in ctx.ents:
        if ent.label_ == "ORG" and ent.start - ctx.sent.start <= 3:
            return clean_name(ent.text)
    return None


# ---------------------------------------------------------------- org.hq, org.description


def org_claims(ctx: SentenceContext) -> Iterator[Claim]:
    yield from _hq_claims(ctx)
    yield from _description_claims(ctx)


def _hq_claims(ctx: SentenceContext) -> Iterator[Claim]:
    doc = ctx.doc
    for tok in ctx.sent:
        if tok.lower_ not in ("based", "headquartered"):
            continue
        place = org = None
        if tok.i >= 2 and doc[tok.i - 1].text == "-":  # "Missouri-based X"
            place = _ent_at(ctx, tok.i - 2, ("GPE", "LOC", "NORP"))
            org = _next_org(ctx, tok.i + 1)
        elif tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "in":  # "X, headquartered in Missouri"
            place = _ent_at(ctx, tok.i + 2, ("GPE", "LOC"))
            org = _prev_org(ctx, tok.i)
        if place and org:
            canonical = ctx.lexicon.country_of(place) or place
            yield ctx.claim("org.hq", canonical, f"{org}: based in {canonical}", "place", subject=org)


def _ent_at(ctx: SentenceContext, i: int, labels: tuple[str, ...]) -> str | None:
    for ent in ctx.ents:
        if ent.start <= i < ent.end and ent.label_ in labels:
            return clean_name(ent.text)
    tok = ctx.doc[i]
    if ctx.lexicon.country_of(tok.text) or ctx.lexicon.region_country(tok.text):
        return tok.text
    return None


def _next_org(ctx: SentenceContext, i: int) -> str | None:
    for ent in ctx.ents:
        if ent.label_ == "ORG" and i <= ent.start <= i + 3:
            return clean_name(ent.text)
    return None


def _prev_org(ctx: SentenceContext, i: int) -> str | None:
    orgs = [e for e in ctx.ents if e.label_ == "ORG" and e.end <= i]
    return clean_name(orgs[-1].text) if orgs else None


def _description_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """ "X, a global engineering and construction firm": what the text says an organisation is."""
    doc = ctx.doc
    for ent in ctx.ents:
        if ent.label_ != "ORG" or ent.end >= ctx.sent.end - 2 or doc[ent.end].text != ",":
            continue
        words: list[str] = []
        for tok in doc[ent.end + 1 : min(ent.end + 12, ctx.sent.end)]:
            if tok.text in (",", ".", ";", "(") or (tok.pos_ == "VERB" and tok.dep_ != "amod"):
                break
            words.append(tok.text)
        if (
            len(words) >= 2
            and words[0].lower() in ("a", "an", "another", "the")
            and _has_org_noun(ctx, words)
        ):
            desc = " ".join(words[1:]).replace(" 's", "'s")
            yield ctx.claim("org.description", desc.lower(), desc, "text", subject=clean_name(ent.text))


def _has_org_noun(ctx: SentenceContext, words: list[str]) -> bool:
    return any(w.lower() in ctx.lexicon.org_nouns for w in words)


# ---------------------------------------------------------------- deal.facility, person.title


def facility_claims(ctx: SentenceContext) -> Iterator[Claim]:
    building = {"establish", "establishment", "build", "construct", "construction", "set"}
    if not (ctx.has_deal_term() or ctx.lemmas() & building) or ctx.is_related_deal():
        return
    for m in _FACILITY.finditer(ctx.text):
        mod = m.group("mod").lower()
        if mod in _FACILITY_STOP or not (mod.endswith("ic") or "-" in mod or mod.endswith("ing")):
            continue
        value = f"{mod} {m.group('head').lower()}"
        yield ctx.claim("deal.facility", value, value, "text")


def title_claims(ctx: SentenceContext) -> Iterator[Claim]:
    for chain in ctx.titles:
        if not chain.label_.isdigit():
            continue
        person = next((e for e in ctx.ents if e.start == int(chain.label_) and e.label_ == "PERSON"), None)
        if person is None:
            continue
        title = _written_title(ctx, chain)
        yield ctx.claim("person.title", title, title, "title", subject=clean_name(person.text))


def _written_title(ctx: SentenceContext, chain: Span) -> str:
    """The title as written, with a nationality written just before it ("US Chargé d'Affaires")."""
    prev = ctx.doc[chain.start - 1] if chain.start > ctx.sent.start else None
    title = chain.text
    if prev is not None and ctx.lexicon.country_of(prev.text):
        title = f"{prev.text} {title}"
    return title


RULES: list[Callable[[SentenceContext], Iterator[Claim]]] = [
    value_claims,
    deal_claims,
    signing_claims,
    commodity_claims,
    org_claims,
    facility_claims,
]  # person.title claims: extract/people.py (the title grammar)
