"""When a deal's first deliveries are due: the year of a scheduled start, read from the parse.

"First deliveries are scheduled for October 2041", "First gas is due in 2031", "the first phase is expected to
open in 2034": a subject that is the first of something (or the start of something), a scheduling predicate
("scheduled", "due", "expected", "planned", "set", "begin", "start"), and a date with a year after "for",
"in", "by" or "from". The claim is a ``stat.milestone`` whose value is the year (a figure outlets can agree or
differ on); the words of the event are kept as its text. Other dates are the deal's own (``when_where``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dealclaims.models import Claim

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dealclaims.extract.slots import SentenceContext

__all__ = ["milestone_claims"]

# Closed classes: predicates that schedule an event, and nouns that name a start by themselves.
SCHEDULE_LEMMAS = frozenset(
    {"schedule", "due", "expect", "plan", "set", "slate", "begin", "start", "commence", "target"}
)
START_NOUNS = frozenset({"start", "startup", "start-up", "commissioning", "launch"})
DATE_PREPOSITIONS = frozenset({"for", "in", "by", "from"})
_YEAR = re.compile(r"\b(19\d\d|20\d\d|21\d\d)\b")


def milestone_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """One ``stat.milestone`` claim per scheduled start in the sentence."""
    for ent in ctx.ents:
        if ent.label_ != "DATE":
            continue
        year = _YEAR.search(ent.text)
        event = _scheduled_event(ent) if year else None
        if year is None or event is None:
            continue
        text = f"{event}: {ent.text}"
        yield ctx.claim("stat.milestone", {"amount": int(year.group(1)), "unit": "year"}, text, "quantity")


def _scheduled_event(date: Span) -> str | None:
    """The words of the event a date schedules ("first deliveries"), or None when it schedules none."""
    prep = date.root.head
    if date.root.dep_ != "pobj" or prep.lower_ not in DATE_PREPOSITIONS:
        return None
    predicate = prep.head
    if predicate.dep_ == "xcomp" and predicate.head.lemma_.lower() in SCHEDULE_LEMMAS:
        predicate = predicate.head  # "is scheduled to open in 2034"
    scheduled = predicate.lemma_.lower() in SCHEDULE_LEMMAS or any(  # "is due in 2031": on the copula
        c.dep_ == "acomp" and c.lemma_.lower() in SCHEDULE_LEMMAS for c in predicate.children
    )
    if not scheduled:
        return None
    holder = predicate.head if predicate.dep_ == "acomp" else predicate  # "First gas is due in ..."
    subject = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and holder.dep_ == "conj":  # "the first phase will add ... and is scheduled to open"
        subject = next((c for c in holder.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or not _names_a_start(subject):
        return None
    words = [t for t in subject.subtree if t.i <= subject.i and t.dep_ != "det"]  # "first deliveries (of X)"
    return " ".join(t.lower_ for t in words) if len(words) <= 5 else None


def _names_a_start(noun: Token) -> bool:
    """ "first deliveries", "first gas", "the start of production": a noun that is the first of something."""
    if noun.lower_ in START_NOUNS or noun.lemma_.lower() in START_NOUNS:
        return True  # "Commissioning is planned for 2038" (the model may read it as a verb)
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(c.dep_ == "amod" and c.lower_ == "first" for c in noun.children)
