"""Claims -> clusters of equivalent statements -> facts.

Claims are blocked by (slot, subject) — quotes by slot alone, so one quote given to two speakers meets
itself — and clustered inside each block: two claims are one statement when their normalised values are
equal, or, for free-text slots, when rapidfuzz scores their texts above a threshold (``process.cdist``, one
matrix per block, never all pairs of the corpus). Facts and conflict variants are built here, with stable ids."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

from dealclaims.consensus.remarks import is_indirect, same_remark
from dealclaims.ids import stable_id
from dealclaims.lexicon import Lexicon, load_lexicon
from dealclaims.models import Claim, Conflict, Evidence, Fact, Settings, Variant
from dealclaims.names import fold_spelling, name_key, text_key
from dealclaims.titles import title_key
from dealclaims.unionfind import UnionFind

FUZZY_SLOTS = {"org.description", "deal.facility", "deal.related", "quote"}


BIG_BLOCK = 300  # fuzzy claims in one block; above this, candidate pairs come from shared rare words


RARE_WORD_TEXTS = 10  # a word in more distinct texts than this proposes no pair


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
    return title_key(fold_spelling(" ".join(words)))  # "Defence Secretary" = "Defense Secretary"


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
    return stable_id(prefix, *parts)


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


# Deals in which one company buys another, however a source names the form: one kind of deal. (Money the
# buyer pledges to invest is not the price paid; a merger and a tender offer for one company agree.)
PURCHASE_TYPES = frozenset({"acquisition", "merger", "takeover", "tender offer", "buyout"})


def between_sources(groups: list[list[Claim]]) -> list[list[Claim]]:
    """The groups some source states without stating another group's value too.

    A value stated only by sources that also state a rival value is one source saying two things (the
    market price next to the offer, another deal's price, an analyst's guess), not sources disagreeing:
    it leaves the comparison and stays a single-source claim.
    """
    sources = [{c.source for c in g} for g in groups]
    keep = []
    for i, group in enumerate(groups):
        others = set().union(*(s for j, s in enumerate(sources) if j != i))
        if sources[i] - others:
            keep.append(group)
    return keep


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
