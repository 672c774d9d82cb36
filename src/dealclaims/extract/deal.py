"""The deal frame: who does what to whom, read from the dependency parse.

A frame has a trigger (a verb such as buy / acquire / sign / merge / invest, or a noun such as takeover /
bid / agreement / concession) and roles taken from the parse: buyer and target ("X agreed to buy Y", "Y
agreed to be acquired by X", "X's takeover of Y", "a bid for Y"), signatories ("A and B signed", "A signed
... with B", "between A and B"), investor and recipient, bidder. Roles are entities (ORG, or GPE when
governments sign), with coordination followed and appositions left out.

The first two-sided frame of an article is its deal; a later frame with other parties (a rival bid, an
earlier or background deal) becomes ``deal.related`` with its own parties, never this deal's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dealclaims.extract.evidence import doc_text
from dealclaims.lexicon import load_lexicon
from dealclaims.models import Claim
from dealclaims.names import clean_name

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dealclaims.extract.slots import SentenceContext
from dealclaims.extract.arguments import _LEGAL_FORMS
from dealclaims.extract.frames import KIND_PARENTS, DealFrame, find_frames

__all__ = ["deal_claims", "is_related"]


_FRAME_KEY = "dealclaims_deal_parties"  # doc.user_data: the article's own deal (its first two-sided frame)


def deal_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """deal.type for the sentence's deal words, deal.parties / deal.countries for the article's own deal,
    deal.related for any other deal (rival bid, earlier or background deal) with its own parties."""
    frames = find_frames(ctx.sent, ctx.ents)
    terms = ctx.deal_terms()
    if not terms and not frames:
        return
    related = is_related(ctx)
    past = _past_events(ctx)
    # "the memorandum the two governments signed in 2029", "a 2029 memorandum": an earlier deal's frames
    frames = [f for f in frames if not _in_past_event(ctx, f.trigger, past)]
    two_sided = [f for f in frames if _sides(f) >= 2]
    if related:
        yield from _related_claims(ctx, two_sided, terms)
        return
    yield from _type_claims(ctx, frames, past)
    for frame in two_sided:
        parties = frame.parties()
        labels = set(parties.values())
        if len(labels) != 1:  # a firm and a country are parties at different levels: skip
            continue
        key = ":".join([_FRAME_KEY, *sorted(labels)])  # firms and states: separate levels
        own = ctx.doc.user_data.get(key)
        if frame.kind == "stake":  # a holding is evidence of a deal between the two, never the deal itself
            yield ctx.claim(
                "deal.related", {"type": "stake", "parties": sorted(parties)}, ctx.text.strip(), "related"
            )
            continue
        if own is None and not _is_other(frame):
            own = ctx.doc.user_data[key] = sorted(parties)
        if own is None or not _same_parties(sorted(parties), own) or _is_other(frame):
            value = {"type": frame.kind, "parties": sorted(parties)}
            yield ctx.claim("deal.related", value, ctx.text.strip(), "related")
            continue
        slot = "deal.parties" if labels == {"ORG"} else "deal.countries"
        yield ctx.claim(slot, sorted(parties), " and ".join(sorted(parties)), "entities")
        return


def is_related(ctx: SentenceContext) -> bool:
    """Another deal than the article's: a trade deal, "a second MoU", or a past deal ("Last fall, X offered
    to acquire Y"; "In 2029 ..."). A dateline's date ("NEW YORK, April 13 -") is not a past-deal marker."""
    for term in ctx.deal_terms():
        before = {t.lower_ for t in ctx.doc[max(term.start - 3, ctx.sent.start) : term.start]}
        if term.id_ == "trade deal" or before & _RELATED_MARKERS:
            return True
    return any(_is_past_marker(ctx, e) for e in ctx.ents if e.label_ == "DATE")


_RELATED_MARKERS = {"second", "another", "separate", "earlier", "previous", "similar", "two"}


_PAST_WORDS = re.compile(
    r"\b(?:last (?:year|month|fall|autumn|spring|summer|winter|decade)|ago|previous|prior|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _is_past_marker(ctx: SentenceContext, ent: Span) -> bool:
    """A date opening the sentence that puts it in the past: "Last year, ...", "In 2029, ..."."""
    doc = ent.doc
    if ent.start - ctx.sent.start > 2:
        return False
    after = {t.text for t in doc[ent.end : min(ent.end + 3, len(doc))]}
    if after & {"-", "—", "–", "("}:  # a dateline
        return False
    return bool(_PAST_WORDS.search(ent.text))


def _same_parties(a: list[str], b: list[str]) -> bool:
    """The same parties spelled differently in one article ("U.S. Acme Corp" / "Acme"): every name of
    each side has a name on the other whose words contain its words."""

    def words(name: str) -> set[str]:
        return set(re.sub(r"[^\w\s]", "", name.lower()).split())

    def initials(name: str) -> set[str]:
        every = re.sub(r"[^\w\s]", "", name).split()
        kept = [w for w in every if w.lower() not in _LEGAL_FORMS]
        return {"".join(w[0] for w in ws).lower() for ws in (every, kept) if len(ws) > 1}

    def same(x: str, y: str) -> bool:
        wx, wy = words(x), words(y)
        return wx <= wy or wy <= wx or x.lower().replace(".", "") in initials(y)

    def covered(xs: list[str], ys: list[str]) -> bool:
        return all(any(same(x, y) or same(y, x) for y in ys) for x in xs)

    return covered(a, b) and covered(b, a)


def _is_other(frame: DealFrame) -> bool:
    """ "a rival bid", "a competing offer", "an earlier agreement": a frame marked as another deal."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in _OTHER_MARKERS for c in frame.trigger.children)


_OTHER_MARKERS = {"rival", "competing", "counter", "separate", "earlier", "previous", "prior", "failed"}


def _sides(frame: DealFrame) -> int:
    """How many sides the frame names: buyer and target, bidder and target, investor and recipient, or two
    signatories. A frame with one side ("the acquisitions of A and B") names no deal's parties."""
    roles = {role: {clean_name(s.text) for s in spans} for role, spans in frame.roles.items()}
    if "signatory" in roles:
        return len(roles["signatory"])
    named = [names for names in roles.values() if names]
    everyone = set().union(*named) if named else set()
    return len(named) if len(everyone) >= 2 else 0


def _past_events(ctx: SentenceContext) -> set[int]:
    """Token indices of the sentence's deal events dated long before the article (an earlier deal)."""
    from dealclaims.extract.when_where import deal_events, is_past_event  # when_where builds on this module

    return {verb.i for verb, _ in deal_events(ctx.sent) if is_past_event(ctx, verb)}


def _in_past_event(ctx: SentenceContext, tok: Token, past: set[int]) -> bool:
    """The word is a past event, its argument ("signed an MoU in 2029"), a noun a past event describes ("the
    memorandum the two governments signed in 2029") or a noun dated long ago ("a 2029 memorandum")."""
    from dealclaims.extract.when_where import is_past_date

    if tok.i in past:
        return True
    if tok.pos_ in ("NOUN", "PROPN"):
        if any(t.i in past for t in tok.subtree):
            return True
        dated = [t.text for c in tok.lefts for t in c.subtree if t.ent_type_ == "DATE"]
        if dated and is_past_date(" ".join(dated), ctx.article.published):
            return True
    head = tok
    for _ in range(3):
        if head.head.i == head.i or head.dep_ not in ("dobj", "pobj", "prep", "nsubjpass", "compound"):
            return False
        head = head.head
        if head.i in past:
            return True
    return False


def _type_claims(ctx: SentenceContext, frames: list[DealFrame], past: set[int]) -> Iterator[Claim]:
    """The kinds of deal the sentence names: its deal words and the verbs of frames with a target. A deal word
    that describes a party ("X, a joint venture of A and B"), sits in a quotation or names an earlier deal
    is not this deal's kind."""
    kinds = {
        t.id_
        for t in ctx.deal_terms()
        if t.root.dep_ != "appos" and not _in_quote(t) and not _in_past_event(ctx, t.root, past)
    }
    kinds |= {
        f.kind for f in frames if f.trigger.pos_ == "VERB" and (f.roles.get("target") or _names_firm(f))
    }
    kinds |= {f.kind for f in frames if f.kind == "merger" and _sides(f) >= 2}  # "X agreed to merge with Y"
    kinds |= {KIND_PARENTS[k] for k in kinds if k in KIND_PARENTS}  # a buyout is also an acquisition
    for kind in sorted(kinds - {"investment", "trade deal", "bid"}):
        yield ctx.claim("deal.type", kind, kind, "type")


def _names_firm(frame: DealFrame) -> bool:
    """ "to acquire the company", "to buy Acme <ACM>": the object is a firm the NER did not tag."""
    org_nouns = {n.lower() for n in load_lexicon().org_nouns}
    return any(
        c.dep_ in ("dobj", "nsubjpass") and (c.pos_ == "PROPN" or c.lemma_.lower() in org_nouns)
        for c in frame.trigger.children
    )


def _in_quote(span: Span) -> bool:
    """Inside a quotation in its paragraph: an odd number of quote marks before it."""
    text = doc_text(span.doc)[: span.start_char]
    paragraph = text[text.rfind("\n") + 1 :]
    straight = paragraph.count('"') % 2 == 1
    return straight or paragraph.count("\u201c") > paragraph.count("\u201d")


def _related_claims(ctx: SentenceContext, frames: list[DealFrame], terms: list[Span]) -> Iterator[Claim]:
    kind = next((t.id_ for t in terms if t.id_ not in ctx.lexicon.deal_type_generic), None)
    parties = frames[0].parties() if frames else {}
    value = {"type": kind or (frames[0].kind if frames else "deal"), "parties": sorted(parties)}
    yield ctx.claim("deal.related", value, ctx.text.strip(), "related")
