"""When and where the deal happened: ``deal.date`` with its event kind, and ``deal.location``.

A date or place counts only when the parse attaches it to a deal event: a signing verb ("signed on
Tuesday at X in Y"), an agreement or purchase verb ("agreed on Monday to buy"), or an announcement whose
complement is the deal ("announced on March 3 that they have entered into an agreement"). A date is kept
only when it resolves to a day (``dates.resolve_date`` against the article's ``published`` date), so
durations and periods ("four months", "the last trading day") never become dates. "X said on Monday" with no
deal event in its complement is a remark, not the deal's date. The dateline ("CITY, March 3 -") is attached
to no event, so it is neither the deal's date nor its place.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from dealclaims.dates import is_day, resolve_date
from dealclaims.extract.deal import is_related
from dealclaims.extract.frames import ACQUIRE_VERBS, SIGN_VERBS, frame_kind, signs_by_idiom
from dealclaims.extract.tokens import tokens
from dealclaims.models import Claim, Qualifier
from dealclaims.names import clean_name

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dealclaims.extract.slots import SentenceContext

__all__ = ["deal_events", "is_past_date", "is_past_event", "signing_claims", "signing_place"]

EXPIRY_VERBS = {"expire", "lapse"}
ANNOUNCE_VERBS = {"announce", "say", "unveil", "disclose", "report"}
AGREE_VERBS = {"agree", "approve", "accept", *ACQUIRE_VERBS, "merge", "combine", "take"}
PLACE_PREPS = {"at", "in", "on", "inside"}
PLACE_LABELS = {"FAC", "GPE", "LOC", "ORG", "EVENT"}
_PATH_DEPS = {
    "npadvmod",
    "tmod",
    "advmod",
    "prep",
    "pobj",
    "nsubj",
    "nsubjpass",
    "dobj",
    "amod",
    "quantmod",
    "ccomp",
}


def deal_events(sent: Span) -> list[tuple[Token, str]]:
    """The sentence's deal events as (verb, kind): signing, agreement, announcement or an offer's expiry."""
    events: list[tuple[Token, str]] = []
    for tok in tokens(sent):
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        lemma = tok.lemma_.lower()
        if lemma in SIGN_VERBS or signs_by_idiom(tok) or _ceremony_held(tok):
            events.append((tok, "signing"))
        elif lemma in AGREE_VERBS and (lemma == "agree" or frame_kind(tok)):
            events.append((tok, "agreement"))
        elif lemma in ANNOUNCE_VERBS and (_announces_deal(tok) or _deal_announced(tok)):
            events.append((tok, "announcement"))
        elif lemma in EXPIRY_VERBS and _offer_subject(tok):
            events.append((tok, "expiry"))
    return events


def _offer_subject(verb: Token) -> bool:
    """ "the offer expires April 14", "the offer, which is due to expire ...": an offer's deadline."""
    tok = verb
    for _ in range(4):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lower_ in ("which", "that") and tok.dep_ == "relcl":
            subj = tok.head
        if subj is not None:
            return frame_kind(subj) is not None or any(frame_kind(c) for c in subj.conjuncts)
        if tok.dep_ not in ("xcomp", "acomp", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _announces_deal(verb: Token) -> bool:
    """ "announced the deal", "said it agreed to buy": the complement is itself a deal event."""
    for child in verb.children:
        if child.dep_ == "dobj" and frame_kind(child):
            return True
        if child.dep_ == "ccomp" and (
            _is_deal_word(child)
            or any(_is_deal_word(c) for c in child.children if c.dep_ in ("xcomp", "dobj"))
        ):
            return True
    return False


def _deal_announced(verb: Token) -> bool:
    """ "The deal, announced on Monday, ...", "The merger was announced on Monday": the deal is what is
    announced (a participle on the deal noun, or its passive subject)."""
    if verb.dep_ in ("acl", "relcl") and frame_kind(verb.head) is not None:
        return verb.head.pos_ in ("NOUN", "PROPN")
    return any(c.dep_ == "nsubjpass" and c.pos_ == "NOUN" and frame_kind(c) for c in verb.children)


def _ceremony_held(verb: Token) -> bool:
    """ "The signing ceremony took place at X", "the signing was held in Y": the signing itself (a ceremony
    that is not a signing, an inauguration, is no deal event)."""
    lemma = verb.lemma_.lower()
    place = lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children)
    held = lemma == "hold" and any(c.dep_ == "auxpass" for c in verb.children)
    if not (place or held):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    words = [subject, *(c for c in subject.children if c.dep_ in ("compound", "amod"))]
    return any(w.lower_ == "signing" for w in words)


def _is_deal_word(tok: Token) -> bool:
    return tok.lemma_.lower() == "agree" or frame_kind(tok) is not None


def _event_verbs(verb: Token) -> list[Token]:
    """The verb and the verb it explains: "moved closer yesterday when ... signed" dates the signing."""
    out = [verb]
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        out.append(verb.head)
    return out


def signing_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """deal.date (ISO, with the event kind as a qualifier) and deal.location of the sentence's deal events. An
    event dated long before the article ("the memorandum the two governments signed in 2029") is an earlier
    deal: neither its date nor its place is this deal's."""
    if is_related(ctx):
        return
    events = [(v, k) for v, k in deal_events(ctx.sent) if not is_past_event(ctx, v)]
    seen: set[str] = set()
    for verb, kind in events:
        for date_ent in _attached(ctx, verb, {"DATE"}):
            value = _day(date_ent.text, ctx.article.published)
            if value is None or value in seen:
                continue
            seen.add(value)
            event = Qualifier(kind="event", value=kind, text=verb.text)
            yield ctx.claim("deal.date", value, date_ent.text, "date", qualifiers=[event])
    place = signing_place(ctx, [v for v, k in events if k == "signing"])
    if place:
        yield ctx.claim("deal.location", place, ", ".join(place), "place")


def is_past_event(ctx: SentenceContext, verb: Token) -> bool:
    """An event the parse dates more than ``_PAST_DAYS`` before the article's publication ("signed in
    Lisbon on 2 March 2029", "signed in 2019"): another, earlier deal, not the one the article reports."""
    return any(is_past_date(e.text, ctx.article.published) for e in _attached(ctx, verb, {"DATE"}))


def is_past_date(text: str, published: str | None) -> bool:
    """A date ("2 March 2029", "2029") more than ``_PAST_DAYS`` before the publication date."""
    base = _to_day(published)
    value = resolve_date(text, published) or _year_of(text)
    day = _to_day(value)
    return base is not None and day is not None and (base - day).days > _PAST_DAYS


_PAST_DAYS = 300  # news reports a deal within weeks; a signing dated a year back is an earlier deal


def _year_of(text: str) -> str | None:
    """ "2029", "in 2029": a bare year as its first day (only used to tell an old event from a new one)."""
    words = text.strip().split()
    last = words[-1] if words else ""
    return f"{last}-01-01" if len(last) == 4 and last.isdigit() and last[:2] in ("19", "20") else None


def _to_day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _day(text: str, published: str | None) -> str | None:
    """The ISO day the words name; without a publication date, a day-naming phrase as written ("tuesday").
    "Tuesday, June 8": a weekday and a date in one phrase name the date (the weekday only checks it)."""
    value = resolve_date(text, published)
    if value is None and _TIME_OF_DAY & set(text.lower().split()):  # "Tuesday evening", "early Monday"
        text = " ".join(w for w in text.split() if w.lower() not in _TIME_OF_DAY)
        value = resolve_date(text, published)
    if value is None and "," in text:
        parts = [resolve_date(part, published) for part in text.split(",")]
        days = [p for p in parts if p is not None and is_day(p)]
        value = days[-1] if days else None
    if value is not None:
        return value if is_day(value) else None
    named = resolve_date(text, _ANY_DAY)  # names a day once a publication date is known
    relative = text.strip().lower().split()[-1] in ("today", "yesterday", "tomorrow", "tonight")
    return text.strip().lower() if published is None and named and is_day(named) and not relative else None


_ANY_DAY = "2000-01-01"
_TIME_OF_DAY = {"morning", "afternoon", "evening", "night", "early", "late"}  # within the day named


def _attached(ctx: SentenceContext, verb: Token, labels: set[str]) -> list[Span]:
    """Entities of ``labels`` the parse attaches to the event: "on Monday", "Tuesday", "yesterday", and
    "The government on Tuesday handed ..." (the date hangs off the subject, still before any other verb)."""
    targets = {v.i for v in _event_verbs(verb)}
    out: list[Span] = []
    for ent in ctx.ents:
        if ent.label_ in labels and _governing_verb(ent.root) in targets:
            out.append(ent)
    return out


def _governing_verb(tok: Token) -> int | None:
    """The first verb above ``tok`` through adverbial, prepositional and subject links only: a date inside an
    object ("the closing price on February 28") governs no event."""
    for _ in range(6):
        time_of_day = tok.dep_ == "compound" and tok.head.lower_ in _TIME_OF_DAY  # "on Tuesday evening"
        if (tok.dep_ not in _PATH_DEPS and not time_of_day) or tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok.i
    return None


def signing_place(ctx: SentenceContext, verbs: list[Token]) -> list[str]:
    """ "signed at the X House in City", "signed in City": named places under the signing verb's at / in / on,
    most specific first; an organisation's possessive ("Halvorsen's headquarters") is not a place."""
    ents = {i: e for e in ctx.ents if e.label_ in PLACE_LABELS for i in range(e.start, e.end)}
    parts: list[str] = []
    ranks: dict[str, int] = {}
    for verb in verbs:
        heads = [verb, *(c for c in verb.children if c.dep_ == "advmod")]  # "signed here in X"
        heads += _pact_objects(verb)  # "signed the agreement in X": the parse hangs the place on the noun
        preps = [c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS]
        for prep in preps:
            if any(p.lemma_ in _NOT_PLACES for p in prep.children):
                continue  # "on behalf of X", "in the presence of X"
            for tok in prep.subtree:
                ent = ents.get(tok.i)
                if ent is None or tok.i != ent.root.i or tok.dep_ in ("poss", "compound", "npadvmod"):
                    continue
                if not _locative_path(tok, prep):
                    continue  # "at X between A and B": A and B are parties, not places
                if ent.label_ == "ORG" and not _is_building(ent):
                    continue
                name = clean_name(ent.text)
                if name and name not in parts:
                    parts.append(name)
                    ranks[name] = _PLACE_RANK.get(ent.label_, 0)
    return sorted(parts, key=lambda name: ranks[name])  # stable: a building before its city, as written


_PLACE_RANK = {"GPE": 2, "LOC": 1}  # most specific first: a building or hall, then an area, then a city


def _pact_objects(verb: Token) -> list[Token]:
    """The pact a signing verb names: its object ("signed the accord") or the "to" object of "put their names
    to an agreement"."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "on") for p in c.children]
    return [o for o in objects if o.dep_ in ("dobj", "pobj") and frame_kind(o) is not None]


def _locative_path(tok: Token, prep: Token) -> bool:
    """Every preposition between the place and the verb's locative preposition is locative ("on the floor
    of X", "at X in Y")."""
    while tok.i != prep.i and tok.head.i != tok.i:
        tok = tok.head
        if tok.dep_ == "prep" and tok.lower_ not in PLACE_PREPS | {"of"}:
            return False
    return True


def _is_building(ent: Span) -> bool:
    """An ORG tag on "the Old Customs House": a place name ending in a common noun (a building), written
    after "at" / "of" / "in", not a company with a legal form."""
    head = ent.root
    return head.pos_ == "PROPN" and head.lower_ not in _COMPANY_HEADS and head.dep_ == "pobj"


_NOT_PLACES = {"behalf", "presence", "name", "support", "response", "exchange", "return", "principle"}
_COMPANY_HEADS = {"inc", "corp", "co", "ltd", "plc", "group", "partners", "llc", "ag", "sa", "holdings"}
