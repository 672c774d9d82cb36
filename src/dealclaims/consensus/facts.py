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
from typing import Any

from rapidfuzz import fuzz, process

from dealclaims.lexicon import Lexicon, load_lexicon
from dealclaims.models import Claim, Conflict, Evidence, Fact, Settings, Variant
from dealclaims.names import name_key, text_key
from dealclaims.unionfind import UnionFind

FUZZY_SLOTS = {"org.description", "deal.facility", "deal.related", "quote"}
SET_SLOTS = {"deal.commodities", "org.focus", "deal.parties", "deal.countries"}
GENERIC_SET = ["critical minerals"]
BIG_BLOCK = 300  # fuzzy claims in one block; above this, candidate pairs come from shared rare words
RARE_WORD_TEXTS = 10  # a word in more distinct texts than this proposes no pair
REFINABLE_SLOTS = frozenset(
    {"deal.type", "org.hq", "deal.location", "org.focus", "deal.commodities"}
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
    """ "US Chargé d'Affaires (CDA)" -> "chargé d'affaires"; "PM" -> "prime minister"."""
    words = re.sub(r"\([^)]*\)", " ", title).split()  # "(CDA)" repeats the title
    while words and (
        lexicon.country_of(words[0]) or words[0] in ("Embassy",) or lexicon.region_country(words[0])
    ):
        words = words[1:]
    text = " ".join(words)
    for short, full in sorted(lexicon.title_abbreviations.items(), key=lambda kv: -len(kv[0])):
        if text == short or text.endswith(" " + short):
            text = text[: len(text) - len(short)] + full
    return text.lower()


def prepare_claims(claims: Iterable[Claim]) -> list[Claim]:
    """One claim per (source, slot, subject, value); deal.type reduced to each source's most specific type."""
    lexicon = load_lexicon()
    seen: set[tuple[str, str, str | None, str]] = set()
    out: list[Claim] = []
    specific = {
        c.source for c in claims if c.slot == "deal.type" and c.value not in lexicon.deal_type_generic
    }  # type: ignore[union-attr]
    for c in sorted(claims, key=lambda c: (c.source, c.evidence.start, c.slot, c.id)):
        if c.slot == "deal.type" and c.source in specific and c.value in lexicon.deal_type_generic:
            continue  # "MoU" refines "agreement": keep the most specific word of each source
        key = (c.source, c.slot, c.subject, value_key(c) + _qualifier_signature(c))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _qualifier_signature(claim: Claim) -> str:
    """Hedge and scope change what a figure means, so one source may state a value twice, differently."""
    return "|".join(sorted(q.value for q in claim.qualifiers if q.kind in ("hedge", "scope")))


def cluster_claims(claims: list[Claim], settings: Settings) -> list[list[Claim]]:
    """Group equivalent claims: equal values, or near-equal texts for free-text slots."""
    blocks: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
    for c in claims:
        blocks[(c.slot, None if c.slot == "quote" else c.subject)].append(c)
    clusters: list[list[Claim]] = []
    for (slot, _), block in sorted(blocks.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        clusters.extend(_cluster_block(slot, block, settings))
    return clusters


def _cluster_block(slot: str, block: list[Claim], settings: Settings) -> list[list[Claim]]:
    uf: UnionFind[int] = UnionFind()
    keys = [value_key(c) for c in block]
    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        uf.union(i, first.setdefault(k, i))
    if slot in FUZZY_SLOTS and len(block) > 1:
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


def make_fact(cluster: list[Claim]) -> Fact:
    """A fact from one cluster: the most common value and wording, support = distinct sources."""
    values = Counter(value_key(c) for c in cluster)
    top = values.most_common(1)[0][0]
    votes = _text_votes(cluster)
    rep = min((c for c in cluster if value_key(c) == top), key=lambda c: (-votes(c.text), c.source))
    sources = sorted({c.source for c in cluster})
    subjects = Counter(c.subject for c in cluster if c.subject)
    subject = max(subjects, key=lambda s: (subjects[s], s)) if subjects else None
    common = set.intersection(*[set(c.qualifiers) for c in cluster]) if cluster else set()
    return Fact(
        id=_stable_id("f", rep.slot, subject or "", top),
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
    """deal.value: different amounts, or one amount framed with different hedges and scopes."""
    out = []
    if len(cls) > 1:
        out.append(_conflict(slot, subject, "value_mismatch", cls, "Sources give different amounts."))
    for cl in cls:
        by_sig: dict[str, list[Claim]] = defaultdict(list)
        for c in cl:
            by_sig[_qualifier_signature(c)].append(c)
        if len(by_sig) > 1:
            sigs = [sig.replace("|", ", ") or "no hedge or scope" for sig in sorted(by_sig)]
            why = "Same amount, different scope or hedge: " + " vs ".join(sigs) + "."
            out.append(_conflict(slot, subject, "qualifier_mismatch", list(by_sig.values()), why))
    return out


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
    """``extract.places.place_contains``, imported on first use: the extract package loads spaCy."""
    from dealclaims.extract.places import place_contains as contains

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
    lexicon = load_lexicon()
    titles = [(normalize_title(cl[0].value, lexicon), cl) for cl in cls]
    clash = [cl for t, cl in titles if any(t not in o and o not in t for o, _ in titles)]
    if len(clash) < 2:
        return []
    return [
        _conflict(slot, subject, "title_mismatch", clash, "The sources give this person different titles.")
    ]


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
    clusters = cluster_claims(prepare_claims(claims), settings)
    conflicts = find_conflicts(clusters)
    facts = absorb_refinements([make_fact(cl) for cl in clusters])
    return sorted(facts, key=lambda f: (f.slot, -f.support, f.subject or "", f.id)), conflicts


def refines(slot: str, specific: Any, general: Any, lexicon: Lexicon) -> bool:
    """True when ``specific`` says more than ``general`` and does not contradict it."""
    if specific == general:
        return False
    if slot == "deal.type":
        return general in lexicon.deal_type_generic and specific not in lexicon.deal_type_generic
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
