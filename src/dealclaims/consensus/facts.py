"""Reconcile stage: claims from all sources -> clusters -> facts with support, and typed conflicts.

Claims are blocked by (slot, subject) — quotes by slot alone, so one quote given to two speakers meets
itself — and clustered inside each block: two claims are one statement when their normalised values are
equal, or, for free-text slots, when rapidfuzz scores their texts above a threshold (``process.cdist``, one
matrix per block, never all pairs of the corpus). Conflicts compare the clusters of one block.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rapidfuzz import fuzz, process

from dealclaims.consensus.remarks import is_indirect, same_remark
from dealclaims.consensus.sides import split_by_conflicts
from dealclaims.lexicon import Lexicon, load_lexicon
from dealclaims.models import Claim, Conflict, Evidence, Fact, Settings, Variant
from dealclaims.names import name_key, text_key
from dealclaims.titles import compatible_titles, title_key, title_refines
from dealclaims.unionfind import UnionFind

FUZZY_SLOTS = {"org.description", "deal.facility", "deal.related", "quote"}
SET_SLOTS = {"deal.commodities", "org.focus", "deal.parties", "deal.countries"}
GENERIC_SET = ["critical minerals"]
BIG_BLOCK = 300  # fuzzy claims in one block; above this, candidate pairs come from shared rare words
RARE_WORD_TEXTS = 10  # a word in more distinct texts than this proposes no pair
REFINABLE_SLOTS = frozenset(
    {"deal.type", "org.hq", "deal.location", "org.focus", "deal.commodities", "person.title"}
)  # see refines()


def value_key(claim: Claim) -> str:
    """A canonical string for a claim's value: equal keys mean equal values."""
    value = claim.value
    if claim.slot == "org.name":
        value = name_key(str(value))
    elif claim.slot == "deal.location":
        value = [name_key(p.replace("'s", "")) for p in value]
    elif claim.slot == "person.title":
        value = normalize_title(str(value), load_lexicon())
    elif claim.value_kind == "money":
        value = {"amount": value["amount"], "currency": value["currency"]}
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def normalize_title(title: str, lexicon: Lexicon) -> str:
    """The office a title names, for comparison (see ``dealclaims.titles``): "US Chargé d'Affaires (CDA)" ->
    "chargé d'affaires"; "CEO" and "Chief Executive Officer" -> "chief executive"; "Economy Minister" and
    "Minister of Economy" -> "minister of economy"."""
    words = re.sub(r"\([^)]*\)", " ", title).split()  # "(CDA)" repeats the title
    while words and (
        lexicon.country_of(words[0]) or words[0] in ("Embassy",) or lexicon.region_country(words[0])
    ):
        words = words[1:]
    return title_key(" ".join(words))


def prepare_claims(claims: Iterable[Claim]) -> list[Claim]:
    """One claim per (source, slot, subject, value); deal.type reduced to each source's most specific type."""
    lexicon = load_lexicon()
    seen: set[tuple[str, str, str | None, str]] = set()
    out: list[Claim] = []
    specific = {
        c.source for c in claims if c.slot == "deal.type" and c.value not in lexicon.deal_type_generic
    }
    for c in sorted(claims, key=lambda c: (c.source, c.evidence.start, c.slot, c.id)):
        if c.slot == "deal.type" and c.source in specific and c.value in lexicon.deal_type_generic:
            continue  # "MoU" refines "agreement": keep the most specific word of each source
        key = (c.source, c.slot, c.subject, value_key(c) + _qualifier_signature(c))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _qualifier_signature(claim: Claim) -> str:
    """A scope ("first phase") changes what a figure is, so one source may state a value twice, differently.

    A hedge alone ("about", "approximately") does not: an estimate and the exact figure agree, and a
    source stating it without the hedge sides with, not against, one that hedges it.
    """
    return "|".join(sorted(q.value for q in claim.qualifiers if q.kind == "scope"))


def cluster_claims(claims: list[Claim], settings: Settings) -> list[list[Claim]]:
    """Group equivalent claims: equal values, or near-equal texts for free-text slots.

    Reported speech that paraphrases no direct quote is left out: it only ever adds a source to a quote.
    """
    blocks: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
    for c in claims:
        blocks[(c.slot, None if c.slot == "quote" else c.subject)].append(c)
    clusters: list[list[Claim]] = []
    for (slot, _), block in sorted(blocks.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        clusters.extend(_cluster_block(slot, block, settings))
    return [cl for cl in clusters if not all(is_indirect(c) for c in cl)]


def _cluster_block(slot: str, block: list[Claim], settings: Settings) -> list[list[Claim]]:
    uf: UnionFind[int] = UnionFind()
    # reported speech is one remark only with its own speaker's words, even when it repeats them exactly
    keys = [value_key(c) + (f"|{c.subject}" if is_indirect(c) else "") for c in block]
    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        uf.union(i, first.setdefault(k, i))
    if slot == "quote" and len(block) > 1:
        for i, j in _quote_pairs(block, settings):
            uf.union(i, j)
    elif slot in FUZZY_SLOTS and len(block) > 1:
        texts = [text_key(c.text) for c in block]
        scorer, cutoff = (
            (fuzz.partial_ratio, settings.quote_similarity)
            if slot == "quote"
            else (fuzz.token_set_ratio, settings.claim_similarity)
        )
        for i, j in _similar_pairs(texts, scorer, cutoff):
            if _same_quote_length(slot, texts[i], texts[j]):
                uf.union(i, j)
    groups: dict[int, list[Claim]] = defaultdict(list)
    for i, c in enumerate(block):
        groups[uf.find(i)].append(c)
    return list(groups.values())


def _similar_pairs(texts: list[str], scorer: Callable[..., float], cutoff: float) -> list[tuple[int, int]]:
    """Pairs i < j of texts scoring at least ``cutoff``.

    A block of a few stories gets one exact ``cdist`` matrix. A huge block (a whole feed reconciled at once)
    would make that matrix quadratic, so there only pairs of distinct texts sharing a rare word (4+ letters,
    in at most ``RARE_WORD_TEXTS`` texts) are scored, and equal texts are paired directly.
    """
    if len(texts) <= BIG_BLOCK:
        matrix = process.cdist(texts, texts, scorer=scorer, score_cutoff=cutoff, workers=1)
        return [(int(i), int(j)) for i, j in zip(*matrix.nonzero()) if i < j]
    same: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        same[text].append(i)
    pairs = [(members[0], j) for members in same.values() for j in members[1:]]
    unique = sorted(same)
    postings: dict[str, list[int]] = defaultdict(list)
    for u, text in enumerate(unique):
        for word in set(text.split()):
            if len(word) >= 4:
                postings[word].append(u)
    candidates = {
        (a, b)
        for ids in postings.values()
        if len(ids) <= RARE_WORD_TEXTS
        for x, a in enumerate(ids)
        for b in ids[x + 1 :]
    }
    for a, b in sorted(candidates):
        if scorer(unique[a], unique[b], score_cutoff=cutoff):
            i, j = same[unique[a]][0], same[unique[b]][0]
            pairs.append((min(i, j), max(i, j)))
    return pairs


def _same_quote_length(slot: str, a: str, b: str) -> bool:
    """partial_ratio matches a short quote inside a long one; require comparable lengths."""
    return slot != "quote" or min(len(a), len(b)) >= 0.5 * max(len(a), len(b))


def _quote_pairs(block: list[Claim], settings: Settings) -> list[tuple[int, int]]:
    """Pairs of quote claims that are one remark: quoted in full, in part, or reported as indirect speech.

    Candidates come from ``_similar_pairs`` (one matrix for a small block; shared rare words for a big one,
    so the cost stays linear); ``remarks.same_remark`` decides.
    """
    texts = [text_key(c.text) for c in block]
    cutoff = settings.quote_similarity
    pairs = {
        *_similar_pairs(texts, fuzz.partial_ratio, cutoff),
        *_similar_pairs(texts, fuzz.token_set_ratio, cutoff),
    }
    return [(i, j) for i, j in sorted(pairs) if same_remark(block[i], block[j], texts[i], texts[j], settings)]


def make_fact(cluster: list[Claim], side: str = "") -> Fact:
    """A fact from one cluster: the most common value and wording, support = distinct sources.

    ``side`` names the side of a conflict the cluster was cut to (see ``split_by_conflicts``): it keeps the
    ids of two facts with one value but different qualifiers apart.
    """
    values = Counter(value_key(c) for c in cluster)
    top = values.most_common(1)[0][0]
    if cluster[0].slot == "quote":  # its most quoted, fullest wording between quotation marks
        direct = Counter(value_key(c) for c in cluster if not is_indirect(c)) or values
        top = max(direct, key=lambda k: (direct[k], len(k), k))
    votes = _text_votes(cluster)
    rep = min((c for c in cluster if value_key(c) == top), key=lambda c: (-votes(c.text), c.source))
    sources = sorted({c.source for c in cluster})
    subjects = Counter(c.subject for c in cluster if c.subject)
    subject = max(subjects, key=lambda s: (subjects[s], s)) if subjects else None
    common = set.intersection(*[set(c.qualifiers) for c in cluster]) if cluster else set()
    return Fact(
        id=_stable_id("f", rep.slot, subject or "", top, *([side] if side else [])),
        slot=rep.slot,
        subject=subject,
        value=rep.value,
        text=rep.text,
        qualifiers=sorted(common, key=lambda q: (q.kind, q.value)),
        support=len(sources),
        sources=sources,
        evidence=_evidence(cluster),
    )


def _text_votes(cluster: list[Claim]) -> Callable[[str], int]:
    """How many claims of ``cluster`` have the same wording as a text (counted once: clusters can be big)."""
    counts = Counter(text_key(c.text) for c in cluster)
    return lambda text: counts[text_key(text)]


def _evidence(claims: Iterable[Claim]) -> list[Evidence]:
    return sorted({c.evidence for c in claims}, key=lambda e: (e.source, e.start, e.end))


def _stable_id(prefix: str, *parts: str) -> str:
    return f"{prefix}-" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:10]


# ---------------------------------------------------------------- conflicts


def find_conflicts(clusters: list[list[Claim]]) -> list[Conflict]:
    """Typed conflicts between the clusters of each (slot, subject) block."""
    blocks: dict[tuple[str, str | None], list[list[Claim]]] = defaultdict(list)
    for cl in clusters:
        blocks[(cl[0].slot, None if cl[0].slot == "quote" else cl[0].subject)].append(cl)
    conflicts: list[Conflict] = []
    for (slot, subject), cls in sorted(blocks.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        detector = DETECTORS.get(slot)
        if detector:
            conflicts.extend(detector(slot, subject, cls))
    return sorted(conflicts, key=lambda c: (c.slot, c.subject or "", c.kind, c.id))


def _variant(claims: list[Claim]) -> Variant:
    votes = _text_votes(claims)
    rep = min(claims, key=lambda c: (-votes(c.text), c.source))
    common = set.intersection(*[set(c.qualifiers) for c in claims])
    texts = sorted({c.text for c in claims}, key=lambda t: (-votes(t), t))
    return Variant(
        value=rep.value,
        text=" / ".join(texts[:3]),
        qualifiers=sorted(common, key=lambda q: (q.kind, q.value)),
        sources=sorted({c.source for c in claims}),
        evidence=_evidence(claims),
    )


def _conflict(slot: str, subject: str | None, kind: str, groups: list[list[Claim]], why: str) -> Conflict:
    variants = sorted((_variant(g) for g in groups), key=lambda v: (-len(v.sources), v.text))
    keys = sorted(json.dumps([v.text, v.sources]) for v in variants)
    return Conflict(
        id=_stable_id("x", slot, subject or "", kind, *keys),
        slot=slot,
        subject=subject,
        kind=kind,
        variants=variants,
        explanation=why,
    )


def _value_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    """Money and figure roles: an update over time, different amounts, or one amount framed differently.

    Only claims stating a figure as current count (not "raised from 41.75 dlrs"). Amounts equal after
    rounding the more precise one to the other's precision (within 2%) are one amount, except prices per
    share, which are quoted exactly. A later amount is a ``value_update`` when some source marks the change
    (a "raised to" / "went up to" figure, or an earlier amount stated as history); other different amounts
    are compared within one scope (see ``_amount_mismatches``). One amount stated with different bounds or
    scopes ("up to", "first phase"), or with two bases that exclude each other, is a ``qualifier_mismatch``.
    """
    current = [[c for c in cl if not _is_history(c)] for cl in cls]
    history = [c for cl in cls for c in cl if _is_history(c)]
    groups = _rounding_groups(slot, [cl for cl in current if cl])
    out: list[Conflict] = []
    update = _value_update(slot, subject, groups, bool(history)) if len(groups) == 2 else None
    if update:
        groups = []  # every amount is explained by the timeline
    elif 2 < len(groups) <= MAX_TIMELINE_GROUPS and (pair := _update_pair(groups, history)):
        update = _value_update(slot, subject, list(pair), True)
        groups = [g for g in groups if g is not pair[1]]  # the new amount is explained; the rest differ
    if update:
        out.append(update)
    out.extend(_amount_mismatches(slot, subject, groups))
    for cl in current:
        by_sig: dict[str, list[Claim]] = defaultdict(list)
        for c in cl:
            by_sig[_meaning_signature(c)].append(c)
        if len(by_sig) == 1 and _bases_clash(cl):  # one amount, two bases that exclude each other
            by_sig = defaultdict(list)
            for c in cl:
                by_sig[_basis([c])].append(c)
        if len(by_sig) > 1:
            written = [{_qualifier_signature(c) for c in by_sig[sig]} for sig in sorted(by_sig)]
            sigs = [" or ".join(sorted(w)).replace("|", ", ") or "no hedge or scope" for w in written]
            why = "Same amount, different scope or hedge: " + " vs ".join(sigs) + "."
            out.append(_conflict(slot, subject, "qualifier_mismatch", list(by_sig.values()), why))
    return out


MONEY_ROLE_SLOTS = (
    "deal.value",
    "deal.price_per_share",
    "deal.premium",
    "deal.financing",
    "org.market_value",
    "deal.stake",
    "deal.term",
    "stat.shares",
)
APPROXIMATE_HEDGES = frozenset(
    {"approximately", "about", "around", "roughly", "some", "estimated", "close to"}
)
MAX_TIMELINE_GROUPS = 50  # more distinct amounts than this in one block is noise, not a timeline
MIN_PARTY_LEAD = 2  # sources naming a bidder among the deal's parties before that makes it the buyer
BID_SLOTS = frozenset({"deal.value", "deal.price_per_share"})
EXACT_SLOTS = frozenset({"deal.price_per_share"})  # quoted exactly: 41.75 -> 42 is a change, not rounding
ROUNDING_TOLERANCE = Decimal("0.02")
BASIS_VALUES = frozenset({"enterprise value", "equity value", "including debt", "excluding", "earn-out"})
# Scopes that do not change what a figure measures ("a total of 4 mln shares" = "4 mln shares"); bases
# are compared on their own (two different bases conflict, one left unsaid does not).
NEUTRAL_SCOPES = BASIS_VALUES | {"total", "overall"}


def _amount_mismatches(slot: str, subject: str | None, groups: list[list[Claim]]) -> list[Conflict]:
    """Different amounts within one scope (a first phase is not compared with the whole): amounts that each
    state their own basis (equity vs enterprise value) are a ``qualifier_mismatch``; amounts without a
    basis differ from each other and from the best-stated based amount as a ``value_mismatch``."""
    by_scope: dict[str, list[list[Claim]]] = defaultdict(list)
    for g in groups:
        by_scope[_scope(g)].append(g)
    out = []
    for part in by_scope.values():
        based = [g for g in part if _basis(g)]
        rest = [g for g in part if not _basis(g)]
        if len(based) > 1 and len({_basis(g) for g in based}) == len(based):
            why = "The amounts differ with their basis: " + " vs ".join(_basis(g) for g in based) + "."
            out.append(_conflict(slot, subject, "qualifier_mismatch", based, why))
            based = based[:1]  # the best-stated one stands for them against amounts without a basis
        compared = rest + based
        if len(compared) > 1:
            why = "Sources give different amounts."
            out.append(_conflict(slot, subject, "value_mismatch", compared, why))
    return out


def _bases_clash(claims: list[Claim]) -> bool:
    """Two claims name bases neither of which includes the other ("equity value" vs "enterprise value";
    "enterprise value" and "enterprise value, including debt" agree)."""
    sets = {frozenset(q.value for q in c.qualifiers if q.value in BASIS_VALUES) for c in claims} - {
        frozenset()
    }
    return any(not (a <= b or b <= a) for a in sets for b in sets)


def _scope(claims: list[Claim]) -> str:
    """The scope most of the claims give (basis words aside): "first phase", "annual", or ""."""
    votes = Counter(
        "|".join(
            sorted({q.value for q in c.qualifiers if q.kind == "scope" and q.value not in NEUTRAL_SCOPES})
        )
        for c in claims
    )
    return min(votes, key=lambda k: (-votes[k], k))


def _meaning_signature(claim: Claim) -> str:
    """The qualifiers that change what an amount means: bounds ("up to", "more than") and scopes ("first
    phase"). Approximation ("about", "roughly") does not: "about $14.1 billion" and "$14.1 billion" agree;
    nor does a basis one source names and another leaves out (two different bases do, see the caller)."""
    return "|".join(
        sorted(
            {
                q.value
                for q in claim.qualifiers
                if (q.kind == "scope" and q.value not in NEUTRAL_SCOPES)
                or (q.kind == "hedge" and q.value not in APPROXIMATE_HEDGES)
            }
        )
    )


def _is_history(claim: Claim) -> bool:
    """The claim states the figure as an earlier value ("raised from 41.75 dlrs", "the original bid")."""
    return any(q.kind == "framing" and q.value == "previous" for q in claim.qualifiers)


def _is_revised(claim: Claim) -> bool:
    return any(q.kind == "framing" and q.value == "revised" for q in claim.qualifiers)


def _amount(claim: Claim) -> Decimal | None:
    value = claim.value
    if not isinstance(value, dict) or not isinstance(value.get("amount"), int | float):
        return None
    return Decimal(str(value["amount"]))


def rounding_equal(a: Decimal, b: Decimal) -> bool:
    """Equal once the more precise amount is rounded to the precision of the other, and within 2%."""
    if a == b:
        return True
    if not a or not b or abs(a - b) > ROUNDING_TOLERANCE * max(abs(a), abs(b)):
        return False
    exponent = max(int(a.normalize().as_tuple().exponent), int(b.normalize().as_tuple().exponent))
    step = Decimal(1).scaleb(exponent)
    return a.quantize(step, rounding=ROUND_HALF_UP) == b.quantize(step, rounding=ROUND_HALF_UP)


def _rounding_groups(slot: str, cls: list[list[Claim]]) -> list[list[Claim]]:
    """Clusters merged when their amounts differ by rounding only (never for exact slots).

    One sweep in amount order: a cluster joins the group before it when it is rounding-equal to that
    group's smallest and largest amounts (4 mln joins 4,023,200; 4,043,200 then stays apart). Linear after
    the sort, so a block of thousands of amounts stays cheap.
    """
    amounts = [(_amount(cl[0]), cl) for cl in cls]
    unknown = [list(cl) for a, cl in amounts if a is None]
    known = sorted(
        ((a, cl) for a, cl in amounts if a is not None), key=lambda ac: (ac[0], value_key(ac[1][0]))
    )
    groups: list[tuple[Decimal, Decimal, list[Claim]]] = []
    for amount, cl in known:
        if groups and slot not in EXACT_SLOTS:
            low, high, group = groups[-1]
            if rounding_equal(amount, low) and rounding_equal(amount, high):
                group.extend(cl)
                groups[-1] = (low, amount, group)
                continue
        groups.append((amount, amount, list(cl)))
    merged = [g for _, _, g in groups] + unknown
    return sorted(merged, key=lambda g: (-len({c.source for c in g}), value_key(g[0])))


def _basis(claims: list[Claim]) -> str:
    """The bases the claims of a group state ("enterprise value", "including debt"), joined."""
    found = {q.value for c in claims for q in c.qualifiers if q.kind == "scope" and q.value in BASIS_VALUES}
    return ", ".join(sorted(found))


def _first_date(claims: list[Claim]) -> str | None:
    dates = [c.published for c in claims if c.published]
    return min(dates) if dates else None


def _value_update(
    slot: str, subject: str | None, groups: list[list[Claim]], history: bool
) -> Conflict | None:
    """Two amounts that follow each other in time: the second first reported on a later date, and the
    change marked in the text (a revised figure, or an amount stated as history). With more amounts,
    ``_update_pair`` picks the one pair the text links."""
    dated = [(d, g) for g in groups if (d := _first_date(g))]
    if len(dated) != len(groups):
        return None
    dated.sort(key=lambda dg: dg[0])
    if len({d for d, _ in dated}) != len(dated):
        return None  # two amounts first reported on one day: a disagreement, not a timeline
    if not history and not any(_is_revised(c) for _, g in dated[1:] for c in g):
        return None
    variants = [_variant(g).model_copy(update={"date": d}) for d, g in dated]
    keys = sorted(json.dumps([v.text, v.sources]) for v in variants)
    why = "The figure changed over time: " + " -> ".join(f"{v.text} ({v.date})" for v in variants) + "."
    return Conflict(
        id=_stable_id("x", slot, subject or "", "value_update", *keys),
        slot=slot,
        subject=subject,
        kind="value_update",
        variants=variants,
        explanation=why,
    )


def _update_pair(groups: list[list[Claim]], history: list[Claim]) -> tuple[list[Claim], list[Claim]] | None:
    """One amount replacing another among several: a later amount (within a factor of two: a raised bid,
    not another figure) marked revised, or whose own sources state its predecessor as history; failing
    that, one whose predecessor any source states as history. The old group is the most stated among
    those reported earlier."""
    own_history = {(c.source, value_key(c)) for c in history}
    superseded = {value_key(c) for c in history}
    dates = {id(g): _first_date(g) for g in groups}
    latest_first = sorted(groups, key=lambda g: dates[id(g)] or "", reverse=True)
    for strict in (True, False):
        for new in latest_first:
            new_date = dates[id(new)]
            if not new_date:
                continue
            earlier = [
                g
                for g in groups
                if g is not new and (dates[id(g)] or new_date) < new_date and _comparable(g[0], new[0])
            ]
            if strict:
                revised = any(_is_revised(c) for c in new)
                named = [g for g in earlier if any((c.source, value_key(g[0])) in own_history for c in new)]
                candidates = named or (earlier if revised else [])
            else:
                candidates = [g for g in earlier if value_key(g[0]) in superseded]
            if candidates:
                old = max(candidates, key=lambda g: (len({c.source for c in g}), dates[id(g)] or ""))
                return old, new
    return None


def _comparable(a: Claim, b: Claim) -> bool:
    """Two amounts close enough (within a factor of two) to be one figure before and after a change."""
    x, y = _amount(a), _amount(b)
    return x is not None and y is not None and x * y > 0 and max(x, y) <= 2 * min(x, y)


def fold_buyer_subjects(claims: list[Claim]) -> list[Claim]:
    """Give every bid one subject across sources: its bidder, or None for the deal's own buyer.

    1. The buyer is the bidder leading the deal's parties strictly, else the bidder whose deal totals, then
       whose amounts, most sources state (named or not; ties broken by name): a rival's price is often
       repeated, but the deal's total is the buyer's.
    2. The buyer, and any bidder whose amounts are all the buyer's (the same party under another name),
       become None: their bids are the deal's.
    3. A price or total stated without a bidder takes the bidder other sources name for that amount, when
       exactly one (not folded) bidder does. Any other bidder (a rival with its own price) keeps its name.
    """
    party_sources: dict[str, set[str]] = defaultdict(set)
    keys: dict[str, set[tuple[str, str]]] = defaultdict(set)
    stated: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in claims:
        if c.slot == "deal.parties" and isinstance(c.value, list):
            for party in c.value:
                party_sources[str(party)].add(c.source)
        elif c.slot in BID_SLOTS and not _is_history(c):
            stated[(c.slot, value_key(c))].add(c.source)
            if c.subject:
                keys[c.subject].add((c.slot, value_key(c)))
    if not keys:
        return claims
    reach = {
        b: (
            len(set().union(*(stated[k] for k in owned if k[0] == "deal.value"))),
            len(set().union(*(stated[k] for k in owned))),
        )
        for b, owned in keys.items()
    }
    buyers = _buyers(keys, party_sources, reach)
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for bidder, owned in keys.items():
        for key in owned:
            owners[key].add(bidder)
    out = []
    for c in claims:
        if c.slot in BID_SLOTS:
            subject = c.subject
            named = owners.get((c.slot, value_key(c)), set()) - buyers
            if subject is None and len(named) == 1 and not owners[(c.slot, value_key(c))] & buyers:
                (subject,) = named
            c = c.model_copy(update={"subject": None if subject in buyers else subject})
        out.append(c)
    return out


def _buyers(
    keys: dict[str, set[tuple[str, str]]],
    party_sources: dict[str, set[str]],
    reach: dict[str, tuple[int, int]],
) -> set[str | None]:
    """The deal's buyer and the bidders that only repeat its amounts (see ``fold_buyer_subjects``)."""
    by_party = sorted(keys, key=lambda s: (-len(party_sources[s]), s))
    lead = len(party_sources[by_party[0]])
    if lead >= MIN_PARTY_LEAD and lead > max([len(party_sources[s]) for s in by_party[1:]] + [0]):
        buyer = by_party[0]
    else:
        buyer = min(keys, key=lambda s: (-reach[s][0], -reach[s][1], s))
    return {buyer, *(b for b, owned in keys.items() if owned <= keys[buyer])}


def _set_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    """Lists that differ and where neither contains the other ("including" lists may be partial)."""
    sets = [(set(cl[0].value), cl) for cl in cls if cl[0].value and cl[0].value != GENERIC_SET]
    clash = [cl for s, cl in sets if any(not (s <= t or t <= s) for t, _ in sets)]
    if len(clash) < 2:
        return []
    only = sorted({x for s, _ in sets for x in s} - set.intersection(*[s for s, _ in sets]))
    why = f"The sources list different members; not shared by all: {', '.join(map(str, only))}."
    return [_conflict(slot, subject, "set_mismatch", clash, why)]


def _compatible_places(a: str, b: str, lexicon: Lexicon) -> bool:
    return a == b or lexicon.region_country(a) == b or lexicon.region_country(b) == a


def place_contains(general: str, specific: str) -> bool:
    """``places.place_contains``, imported on first use (its gazetteer tables load lazily)."""
    from dealclaims.places import place_contains as contains

    return contains(general, specific)


def _place_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    """org.hq / deal.location: places that neither refine nor contain each other.

    A more specific place is consistent support (a building in its city, a city in its region or country,
    from the gazetteer or from one source naming both); the sources fall into groups of consistent places,
    and two groups or more are a conflict, one variant per group.
    """
    lexicon = load_lexicon()
    if slot == "deal.location":
        chains = [[p.replace("'s", "") for p in cl[0].value] for cl in cls]
        stated = [{name_key(p) for p in chain} for chain in chains]

        def fits(a: int, b: int) -> bool:
            return _chains_fit(chains[a], chains[b], stated)

    else:

        def fits(a: int, b: int) -> bool:
            x, y = str(cls[a][0].value), str(cls[b][0].value)
            return _compatible_places(x, y, lexicon) or place_contains(x, y) or place_contains(y, x)

    uf: UnionFind[int] = UnionFind()
    for i in range(len(cls)):
        uf.union(i, i)
        for j in range(i):
            if fits(i, j):
                uf.union(i, j)
    groups: dict[int, list[Claim]] = defaultdict(list)
    for i, cl in enumerate(cls):
        groups[uf.find(i)].extend(cl)
    if len(groups) < 2:
        return []
    parts = list(groups.values())
    return [_conflict(slot, subject, "location_mismatch", parts, "The sources place it differently.")]


def _chains_fit(a: list[str], b: list[str], stated: list[set[str]]) -> bool:
    """Every place of ``a`` and every place of ``b`` lie on one chain: the same place, one inside the other
    (gazetteer, "X, Y"), or named together by some source ("at Kestrel Tower in Carrowgate")."""
    for x in a:
        for y in b:
            if not _on_one_chain(x, y, stated):
                return False
    return True


def _on_one_chain(x: str, y: str, stated: list[set[str]]) -> bool:
    """Same place, one inside the other, named together, or inside a place named with the other."""
    kx, ky = name_key(x), name_key(y)
    if kx == ky or place_contains(x, y) or place_contains(y, x):
        return True
    if any(kx in s and ky in s for s in stated):
        return True
    with_x = {p for s in stated if kx in s for p in s} - {kx}
    with_y = {p for s in stated if ky in s for p in s} - {ky}
    return any(place_contains(y, p) for p in with_x) or any(place_contains(x, p) for p in with_y)


def _simple(kind: str, why: str) -> Callable[[str, str | None, list[list[Claim]]], list[Conflict]]:
    def detect(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
        return [_conflict(slot, subject, kind, cls, why)] if len(cls) > 1 else []

    return detect


def _type_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    generic = set(load_lexicon().deal_type_generic)
    specific = [cl for cl in cls if cl[0].value not in generic]
    if len(specific) < 2:
        return []
    return [
        _conflict(slot, subject, "value_mismatch", specific, "The sources name different kinds of agreement.")
    ]


def _title_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    """Titles naming different offices ("Finance Minister" vs "Minister of Economy", "chairman" vs "chief
    executive"). Compatible titles ("CEO" / "President and CEO", "Economy Minister" / "First Deputy Prime
    Minister and Minister of Economy") stand on one side: the most specific first, the others joining it."""
    lexicon = load_lexicon()
    ranked = sorted(cls, key=lambda cl: (-len(normalize_title(cl[0].value, lexicon)), -len(cl)))
    sides: list[tuple[list[str], list[Claim]]] = []
    for cl in ranked:
        title = normalize_title(cl[0].value, lexicon)
        side = next((s for s in sides if all(compatible_titles(title, t) for t in s[0])), None)
        if side is None:
            sides.append(([title], list(cl)))
        else:
            side[0].append(title)
            side[1].extend(cl)
    if len(sides) < 2:
        return []
    why = "The sources give this person different offices."
    return [_conflict(slot, subject, "title_mismatch", [claims for _, claims in sides], why)]


def _attribution_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    out = []
    for cl in cls:
        by_speaker: dict[str, list[Claim]] = defaultdict(list)
        for c in cl:
            if c.attributed_to:
                by_speaker[c.attributed_to.split("#")[0]].append(c)
        if len(by_speaker) > 1:
            names = " vs ".join(sorted(by_speaker))
            out.append(
                _conflict(
                    slot,
                    cl[0].subject,
                    "attribution_mismatch",
                    list(by_speaker.values()),
                    f"The same words are attributed to different speakers: {names}.",
                )
            )
    return out


DETECTORS: dict[str, Callable[[str, str | None, list[list[Claim]]], list[Conflict]]] = {
    "deal.value": _value_conflicts,
    **dict.fromkeys(MONEY_ROLE_SLOTS, _value_conflicts),
    "deal.type": _type_conflicts,
    "deal.commodities": _set_conflicts,
    "deal.parties": _set_conflicts,
    "deal.countries": _set_conflicts,
    "org.focus": _set_conflicts,
    "org.hq": _place_conflicts,
    "deal.location": _place_conflicts,
    "deal.date": _simple("date_mismatch", "The sources give different dates."),
    "org.name": _simple(
        "name_variant",
        "The sources spell the organisation's name differently "
        "(beyond case, punctuation and British/American spelling).",
    ),
    "person.title": _title_conflicts,
    "quote": _attribution_conflicts,
}


def reconcile(claims: list[Claim], settings: Settings | None = None) -> tuple[list[Fact], list[Conflict]]:
    """Facts (one per cluster, sorted by slot then support) and conflicts from resolved claims."""
    settings = settings or Settings()
    clusters = cluster_claims(prepare_claims(fold_buyer_subjects(claims)), settings)
    conflicts = find_conflicts(clusters)
    facts = absorb_refinements([make_fact(cl, side) for cl, side in split_by_conflicts(clusters, conflicts)])
    return sorted(facts, key=lambda f: (f.slot, -f.support, f.subject or "", f.id)), conflicts


def refines(slot: str, specific: Any, general: Any, lexicon: Lexicon) -> bool:
    """True when ``specific`` says more than ``general`` and does not contradict it."""
    if specific == general:
        return False
    if slot == "deal.type":
        return general in lexicon.deal_type_generic and specific not in lexicon.deal_type_generic
    if slot == "person.title":
        return title_refines(str(specific), str(general))
    if slot == "org.hq":
        in_region = lexicon.region_country(str(specific)) == general
        return bool(in_region) or place_contains(str(general), str(specific))
    if slot == "deal.location":
        a = {name_key(p.replace("'s", "")) for p in specific}
        b = {name_key(p.replace("'s", "")) for p in general}
        inside = all(
            any(name_key(s) == g or place_contains(str(gp), str(s)) for s in specific)
            for g, gp in zip((name_key(p.replace("'s", "")) for p in general), general, strict=True)
        )
        return b < a or (inside and a != b)
    if slot in ("org.focus", "deal.commodities"):
        return general == GENERIC_SET and specific != GENERIC_SET
    return False


def absorb_refinements(facts: list[Fact]) -> list[Fact]:
    """Fold a less specific fact into the one more specific fact it is consistent with.

    "US-based" (2 sources) and "Missouri-based" (4) become one fact, Missouri, with support 4 and the other
    sources listed as ``consistent_sources``: support still counts only sources that state the value.
    """
    lexicon = load_lexicon()
    blocks: dict[tuple[str, str | None], list[Fact]] = defaultdict(list)
    for f in facts:
        blocks[(f.slot, f.subject)].append(f)
    out: list[Fact] = []
    for block in blocks.values():
        absorbed: set[str] = set()
        updated = {f.id: f for f in block}
        if block[0].slot not in REFINABLE_SLOTS:  # nothing refines anything there: skip the pairwise test
            out.extend(updated.values())
            continue
        for general in block:
            targets = [f for f in block if refines(f.slot, f.value, general.value, lexicon)]
            if len(targets) != 1:
                continue  # consistent with several specific claims that disagree: keep it apart
            target = updated[targets[0].id]
            extra = sorted(set(general.sources) - set(target.sources) | set(target.consistent_sources))
            updated[target.id] = target.model_copy(update={"consistent_sources": extra})
            absorbed.add(general.id)
        out.extend(f for f in updated.values() if f.id not in absorbed)
    return out
