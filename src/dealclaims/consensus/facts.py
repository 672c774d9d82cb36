"""Consensus stage entry: claims from all sources -> facts with support, and typed conflicts."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from dealclaims.consensus.amounts import EXACT_SLOTS, fold_buyer_subjects, fold_stake_holders, rounding_equal
from dealclaims.consensus.clusters import PURCHASE_TYPES, cluster_claims, make_fact, prepare_claims
from dealclaims.consensus.conflicts import find_conflicts
from dealclaims.consensus.currency import settle_bare_dollars
from dealclaims.consensus.refine import absorb_refinements
from dealclaims.consensus.sides import split_by_conflicts
from dealclaims.models import Claim, Conflict, Entity, Fact, Settings


def reconcile_claims(
    claims: list[Claim], settings: Settings | None = None, entities: Iterable[Entity] = ()
) -> tuple[list[Fact], list[Conflict]]:
    """Facts (one per cluster, sorted by slot then support) and conflicts from resolved claims. ``entities``
    (the resolved index) tell how many sources name each party, to choose the corpus's own deal."""
    settings = settings or Settings()
    entities = list(entities)
    reach = {e.id: len(e.sources) for e in entities}
    claims = separate_pledges(
        vote_deal_parties(link_party_names(settle_bare_dollars(claims), entities), reach)
    )
    clusters = cluster_claims(prepare_claims(fold_stake_holders(fold_buyer_subjects(claims))), settings)
    conflicts = find_conflicts(clusters)
    facts = absorb_refinements([make_fact(cl, side) for cl, side in split_by_conflicts(clusters, conflicts)])
    facts = rounded_support(facts)
    return sorted(facts, key=lambda f: (f.slot, -f.support, f.subject or "", f.id)), conflicts


def separate_pledges(claims: list[Claim]) -> list[Claim]:
    """In a corpus about a purchase, an amount framed as an investment is a pledge (``stat.investment``).

    "Acme will buy Keld for $14 billion and invest up to $2 billion in its plants": the $2 billion is another
    figure, not a rival value of the deal. In a deal that *is* an investment (a memorandum, a concession),
    the invested amount stays the deal's value. The corpus's deal type is the one most sources state.
    """
    stating: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.slot == "deal.type":
            stating[str(c.value)].add(c.source)
    if not stating:
        return claims
    kind = max(sorted(stating), key=lambda k: len(stating[k]))
    if kind not in PURCHASE_TYPES:
        return claims
    return [
        c.model_copy(update={"slot": "stat.investment"})
        if c.slot == "deal.value"
        and any(q.kind == "framing" and q.value == "investment" for q in c.qualifiers)
        else c
        for c in claims
    ]


def vote_deal_parties(claims: list[Claim], reach: Mapping[str, int] | None = None) -> list[Claim]:
    """One deal per corpus: among the pairs of parties two or more sources name (as the article's deal or in
    any other frame), the one whose least-named party the most sources name (``reach``: entity id -> sources),
    then the one most sources name. A background deal ("Y, which agreed to buy Z") is named by fewer sources
    than the corpus's own parties, though an article may frame it first.

    A deal.parties naming the dominant pair and more is the dominant pair (the rest are rivals). In a source
    that names the dominant pair anywhere, the first such frame becomes its deal.parties; any
    deal.parties naming a resolved party outside the dominant pair becomes deal.related. Without a pair named
    by two sources nothing changes. A holding ("X owns 12 pct of Y") does not vote: it only tells that a source
    names the pair.
    """
    reach = reach or {}
    named: dict[frozenset[str], set[str]] = defaultdict(set)
    for c in claims:
        pair = _pair(c)
        if pair and not (isinstance(c.value, dict) and c.value.get("type") == "stake"):  # a holding: no vote
            named[pair].add(c.source)
    shared = [p for p, s in named.items() if len(s) >= 2]
    if not shared:
        return claims
    top = max(shared, key=lambda p: (min(reach.get(x, 0) for x in p), len(named[p]), sorted(p)))
    has_own = {c.source for c in claims if c.slot == "deal.parties" and _pair(c) == top}
    out: list[Claim] = []
    for c in claims:
        pair = _pair(c)
        if pair and pair > top and c.slot == "deal.parties":  # "Y weighs bids from X and a rival W"
            pair = top
            c = c.model_copy(update={"value": sorted(top)})
        if pair == top and c.slot == "deal.related" and c.source not in has_own:
            has_own.add(c.source)
            c = c.model_copy(update={"slot": "deal.parties", "value": sorted(top), "value_kind": "entities"})
        elif pair and c.slot == "deal.parties" and any(x in reach and x not in top for x in pair):
            value = {"type": "deal", "parties": sorted(pair)}
            c = c.model_copy(update={"slot": "deal.related", "value": value, "value_kind": "related"})
        out.append(c)
    return out


def link_party_names(claims: list[Claim], entities: list[Entity]) -> list[Claim]:
    """Parties left as surface names (a name the extractor built that no mention carried, "Acme Widgets
    Corp.") linked to the one entity whose name or alias is the same up to case, punctuation, a possessive
    and legal-form words."""
    table: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for name in (e.name, *e.aliases):
            if key := _name_key(name):
                table[key].add(e.id)
    known = {e.id for e in entities}

    def link(name: object) -> object:
        if not isinstance(name, str) or name in known:
            return name
        found = table.get(_name_key(name), set())
        return next(iter(found)) if len(found) == 1 else name

    out = []
    for c in claims:
        if c.slot == "deal.parties" and isinstance(c.value, list):
            c = c.model_copy(update={"value": sorted({str(link(v)) for v in c.value})})
        elif (
            c.slot == "deal.related"
            and isinstance(c.value, dict)
            and isinstance(c.value.get("parties"), list)
        ):
            parties = sorted({str(link(v)) for v in c.value["parties"]})
            c = c.model_copy(update={"value": {**c.value, "parties": parties}})
        out.append(c)
    return out


def _name_key(name: str) -> str:
    from dealclaims.names import legal_basename  # legal forms of every jurisdiction (cleanco)

    words = re.sub(r"'s\b|[^\w\s]", " ", legal_basename(name.strip()).lower()).split()
    return " ".join(words)


def rounded_support(facts: list[Fact]) -> list[Fact]:
    """A rounded figure ("31 pct") is consistent support for a more precise one of the same slot and subject
    that rounds to it ("31.2 pct"): its sources join the precise fact's ``consistent_sources``. Blocked by
    (slot, subject, unit or currency); never for exactly quoted slots (a price per share)."""
    blocks: dict[tuple[str, str, str], list[tuple[Decimal, Fact]]] = defaultdict(list)
    for f in facts:
        amount = _decimal(f.value)
        if amount is not None and f.slot not in EXACT_SLOTS:
            unit = str(f.value.get("unit") or f.value.get("currency") or "")
            blocks[(f.slot, f.subject or "", unit)].append((amount, f))
    updated: dict[str, Fact] = {}
    for members in blocks.values():
        for amount, precise in members:
            places = -int(amount.normalize().as_tuple().exponent)
            rounded = [
                f
                for a, f in members
                if f.id != precise.id
                and -int(a.normalize().as_tuple().exponent) < places
                and rounding_equal(a, amount)
            ]
            extra = {s for f in rounded for s in f.sources} - set(precise.sources)
            if extra:
                consistent = sorted(set(precise.consistent_sources) | extra)
                updated[precise.id] = precise.model_copy(update={"consistent_sources": consistent})
    return [updated.get(f.id, f) for f in facts]


def _decimal(value: object) -> Decimal | None:
    if not isinstance(value, dict) or not isinstance(value.get("amount"), (int, float)):
        return None
    try:
        return Decimal(str(value["amount"]))
    except InvalidOperation:
        return None


def _pair(claim: Claim) -> frozenset[str] | None:
    """The parties of a deal.parties or deal.related claim with two or more parties."""
    value = claim.value
    if claim.slot == "deal.related" and isinstance(value, dict):
        value = value.get("parties")
    elif claim.slot != "deal.parties":
        return None
    if not isinstance(value, list) or len(set(map(str, value))) < 2:
        return None
    return frozenset(map(str, value))
