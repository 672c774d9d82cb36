"""Slot rules: what one sentence says about the deal, as Claims with surface names.

Each rule is a generator over a ``SentenceContext`` and reads only the sentence's tokens and the spans our
pipeline wrote (entities, TITLE / COMMODITY / DEAL_TYPE terms). The deal frame (parties, type) is in
``deal.py``; the deal's date and place in ``when_where.py``; organisations (``org.hq``, ``org.description``) in
``organisations.py``; goods and facilities in ``commodities.py``. Rules are general: they key on deal words,
signing verbs, prepositions and entity labels, never on the names of one story's parties.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from dealclaims.extract.amounts import value_claims
from dealclaims.extract.commodities import commodity_claims, facility_claims, is_tech_compound
from dealclaims.extract.deal import deal_claims
from dealclaims.extract.evidence import doc_text, evidence_for
from dealclaims.extract.milestones import milestone_claims
from dealclaims.extract.organisations import org_claims
from dealclaims.extract.tokens import doc_ents, tokens
from dealclaims.extract.when_where import signing_claims
from dealclaims.ids import stable_id
from dealclaims.lexicon import Lexicon, load_lexicon
from dealclaims.models import Article, Claim, Evidence
from dealclaims.nlp.entity_rules import TERMS_KEY, TITLES_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PARTY_LABELS = ("ORG", "GPE")
_BACKGROUND_DATE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"last (?:week|month|year)|earlier this|in (?:19|20)\d\d|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_RELATED_MARKERS = {"second", "another", "separate", "earlier", "previous", "similar", "also", "two"}


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
            "ents": doc_ents(doc),
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

    @cached_property
    def text(self) -> str:
        return doc_text(self.doc)[self.sent.start_char : self.sent.end_char]

    @cached_property
    def tokens(self) -> list[Token]:
        return tokens(self.sent)

    @cached_property
    def _lemmas(self) -> frozenset[str]:
        return frozenset(t.lemma_.lower() for t in self.tokens)

    def lemmas(self) -> frozenset[str]:
        return self._lemmas

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
        return Claim(
            id=stable_id("c", self.article.id, slot, ev.start, text),
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


RULES: list[Callable[[SentenceContext], Iterator[Claim]]] = [
    value_claims,
    deal_claims,
    signing_claims,
    commodity_claims,
    org_claims,
    facility_claims,
    milestone_claims,
]  # person.title claims: extract/people.py (the title grammar)

__all__ = ["RULES", "SentenceContext", "is_tech_compound", "sentence_claims"]
