"""Shared origins: passages that several documents share nearly word for word, and what they mean for support.

Five outlets repeating one press release are one source, not five. Sentences are compared across documents
on their normalised text (``names.text_key``). To keep the cost linear in the corpus, candidate pairs come from
an inverted index on word shingles (``Settings.shingle_size`` words); a shingle found in more than
``Settings.shingle_max_postings`` sentences is boilerplate and proposes nothing. rapidfuzz confirms a pair:
``ratio`` (verbatim, light edits), ``token_sort_ratio`` (reordered clauses) or ``partial_ratio`` (a sentence
quoted inside a longer one). Once two documents are proven to share a passage, a looser ``partial_ratio``
finds the rest of the copied text between those two documents only. Confirmed pairs, and pairs of adjacent
sentences that are copied together, are grouped with a union-find into ``Origin``s.

A fact's ``independent_support`` counts distinct origins: a document whose evidence for the fact lies in a
shared passage counts under that passage's origin (its other sentences on the fact are taken as its retelling
of it); a document with no such evidence is an origin of its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from dealclaims.consensus.agreement import mark_agreement
from dealclaims.models import Claim, Conflict, Evidence, Extraction, Fact, Origin, Passage, Settings
from dealclaims.names import text_key
from dealclaims.unionfind import UnionFind

if TYPE_CHECKING:
    from dealclaims.resolve import EntityIndex
from dealclaims.consensus.attribution import Attribution, annotate_claims, attribute_sentences
from dealclaims.ids import stable_id

__all__ = [
    "candidate_pairs",
    "count_support",
    "find_origins",
    "is_near_duplicate",
    "lies_in",
    "mark_silent_sources",
    "origin_spans",
    "shared_shingles",
    "trace_origins",
    "weigh_support",
]


@dataclass(frozen=True)
class _Unit:
    source: str
    position: int  # among the document's sentences long enough to compare
    evidence: Evidence
    key: str


def is_near_duplicate(a: str, b: str, settings: Settings) -> bool:
    """True when two normalised sentences are copies: verbatim, lightly edited, reordered or quoted inside."""
    if (
        fuzz.ratio(a, b) >= settings.passage_similarity
        or fuzz.token_sort_ratio(a, b) >= settings.passage_similarity
    ):
        return True
    return fuzz.partial_ratio(a, b) >= settings.passage_partial_similarity


def candidate_pairs(
    keys: Sequence[str], sources: Sequence[str], settings: Settings, min_shared: int | None = None
) -> set[tuple[int, int]]:
    """Pairs (i < j) of sentences of different documents sharing ``min_shared`` rare word shingles
    (``Settings.shingle_min_shared`` by default)."""
    least = settings.shingle_min_shared if min_shared is None else min_shared
    return {pair for pair, n in shared_shingles(keys, sources, settings).items() if n >= least}


def shared_shingles(
    keys: Sequence[str], sources: Sequence[str], settings: Settings
) -> Counter[tuple[int, int]]:
    """How many rare word shingles each pair (i < j) of sentences of different documents shares.

    A shingle in more than ``shingle_max_postings`` sentences proposes nothing, so each shingle proposes at
    most ``shingle_max_postings ** 2 / 2`` pairs: the work grows linearly with the corpus.
    """
    size = settings.shingle_size
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        words = key.split()
        for shingle in set(zip(*(words[k:] for k in range(size)))):  # the word runs of ``size`` words
            postings[shingle].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if len(ids) < 2 or len(ids) > settings.shingle_max_postings:
            continue
        for x, i in enumerate(ids):
            shared.update((i, j) for j in ids[x + 1 :] if sources[i] != sources[j])
    return shared


def _units(sentences: Mapping[str, Sequence[Evidence]], settings: Settings) -> list[_Unit]:
    units = []
    for source in sorted(sentences):
        position = 0
        for ev in sorted(sentences[source], key=lambda e: e.start):
            key = text_key(ev.text)
            if len(key.split()) >= settings.passage_min_words:
                units.append(_Unit(source, position, ev, key))
                position += 1
    return units


def _confirmed_edges(units: list[_Unit], settings: Settings) -> set[tuple[int, int]]:
    """Strong matches, then weak ones between documents that already share a strong match."""
    shared = shared_shingles([u.key for u in units], [u.source for u in units], settings)
    pairs = sorted(pair for pair, n in shared.items() if n >= settings.shingle_min_shared)
    strong = {(i, j) for i, j in pairs if is_near_duplicate(units[i].key, units[j].key, settings)}
    copying = {frozenset((units[i].source, units[j].source)) for i, j in strong}
    weak = {  # one shared shingle is enough here: only documents already proven to copy are compared
        (i, j)
        for i, j in sorted(set(shared) - strong)
        if frozenset((units[i].source, units[j].source)) in copying
        and fuzz.partial_ratio(units[i].key, units[j].key) >= settings.passage_weak_similarity
    }
    return strong | weak


def find_origins(
    sentences: Mapping[str, Sequence[Evidence]],
    settings: Settings | None = None,
    attributions: Mapping[tuple[str, int], Attribution] | None = None,
) -> list[Origin]:
    """Shared origins: groups of sentences that two or more documents share nearly word for word.

    ``sentences`` maps each document id to its sentences; ``attributions`` (from ``attribute_sentences``)
    names whom each copy is attributed to.
    """
    settings = settings or Settings()
    units = _units(sentences, settings)
    edges = _confirmed_edges(units, settings)
    uf: UnionFind[int] = UnionFind()
    for i, j in edges:
        uf.union(i, j)
    at = {(u.source, u.position): n for n, u in enumerate(units)}
    for i, j in edges:  # sentences copied together, close to each other in both documents: one passage
        a, b = units[i], units[j]
        for da in (-2, -1, 1, 2):
            for db in (-2, -1, 1, 2):
                k, m = at.get((a.source, a.position + da)), at.get((b.source, b.position + db))
                if k is not None and m is not None and ((k, m) in edges or (m, k) in edges):
                    uf.union(i, k)
    groups: dict[int, list[_Unit]] = defaultdict(list)
    for i, j in edges:
        groups[uf.find(i)].extend((units[i], units[j]))
    origins = [
        _make_origin(sorted(set(g), key=lambda u: (u.source, u.position)), attributions or {})
        for g in groups.values()
    ]
    return sorted(
        origins, key=lambda o: (-len(o.documents), o.passages[0].source, o.passages[0].evidence.start)
    )


def _make_origin(units: list[_Unit], attributions: Mapping[tuple[str, int], Attribution]) -> Origin:
    passages = []
    for u in units:
        found = attributions.get((u.source, u.evidence.start))
        passages.append(
            Passage(
                source=u.source,
                evidence=u.evidence,
                attribution=found.text if found else None,
                attributed_to=found.entity if found else None,
            )
        )
    documents = sorted({u.source for u in units})
    per_doc = Counter(u.source for u in units)
    richest = min(documents, key=lambda d: (-per_doc[d], d))
    text = " ".join(u.evidence.text for u in units if u.source == richest)
    best = _origin_attribution(units, attributions)
    return Origin(
        id=stable_id("o", *(f"{u.source}:{u.evidence.start}" for u in units)),
        text=text,
        documents=documents,
        attributed_to=best.entity if best else None,
        attribution=best.text if best else None,
        passages=passages,
    )


def _origin_attribution(
    units: list[_Unit], attributions: Mapping[tuple[str, int], Attribution]
) -> Attribution | None:
    """The resolved attribution naming the origin most directly ("statement issued by X" before "X said"),
    then the most frequent; an unresolved phrase only when nothing resolves."""
    found = [a for u in units if (a := attributions.get((u.source, u.evidence.start)))]
    if not found:
        return None
    votes = Counter(a.entity for a in found if a.entity)
    return min(
        found, key=lambda a: (a.entity is None, a.rank, -votes[a.entity or ""], a.entity or "", a.text)
    )


def count_support(facts: Iterable[Fact], origins: Sequence[Origin]) -> list[Fact]:
    """Each fact with ``origins`` (shared origins its evidence lies in) and ``independent_support``."""
    spans = origin_spans(origins)
    out = []
    for fact in facts:
        by_doc: dict[str, set[str]] = defaultdict(set)
        for ev in fact.evidence:
            by_doc[ev.source].update(oid for span, oid in spans[ev.source] if lies_in(ev, span))
        shared = sorted({oid for ids in by_doc.values() for oid in ids})
        own = sum(1 for source in fact.sources if not by_doc.get(source))
        out.append(fact.model_copy(update={"origins": shared, "independent_support": own + len(shared)}))
    return out


def origin_spans(origins: Iterable[Origin]) -> dict[str, list[tuple[Evidence, str]]]:
    """Per document, the passages it shares and the id of their origin."""
    spans: dict[str, list[tuple[Evidence, str]]] = defaultdict(list)
    for origin in origins:
        for p in origin.passages:
            spans[p.source].append((p.evidence, origin.id))
    return spans


def lies_in(ev: Evidence, span: Evidence) -> bool:
    """Evidence lies in a passage when most of it overlaps the passage's sentence."""
    overlap = min(ev.end, span.end) - max(ev.start, span.start)
    return overlap > 0 and overlap * 2 >= max(1, ev.end - ev.start)


def mark_silent_sources(
    facts: Iterable[Fact], conflicts: Iterable[Conflict], documents: Sequence[str]
) -> list[Fact]:
    """Each fact with ``agreement`` and ``silent_sources`` (see ``consensus.agreement``): documents that
    neither state it nor hold another side of a conflict the fact is a side of."""
    return mark_agreement(facts, conflicts, documents)


def trace_origins(
    extractions: Sequence[Extraction], claims: Sequence[Claim], index: EntityIndex, settings: Settings
) -> tuple[list[Claim], list[Origin]]:
    """Attribute every claim's evidence and find the shared origins of the corpus.

    ``claims`` are resolved claims; the quote claims of ``extractions`` (unresolved) name the speakers as
    written, which is what an origin's attribution shows.
    """

    def resolve(name: str) -> str | None:
        hit = index.speaker(name)
        return hit if hit and hit.split("#")[0] in index.entities else None  # ids only, never a bare phrase

    sentences = [s for ex in extractions for s in ex.sentences]
    quotes = [c for ex in extractions for c in ex.claims if c.slot == "quote"]
    attributions = attribute_sentences(sentences, quotes, resolve)
    origins = find_origins({ex.article_id: ex.sentences for ex in extractions}, settings, attributions)
    return annotate_claims(claims, sentences, attributions, set(index.entities)), origins


def weigh_support(
    facts: Iterable[Fact], conflicts: Iterable[Conflict], origins: Sequence[Origin], documents: Sequence[str]
) -> list[Fact]:
    """Facts with independent support, origins and silent sources filled in."""
    return mark_silent_sources(count_support(facts, origins), conflicts, documents)
