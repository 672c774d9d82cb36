"""Spelling and transliteration variants ("Halvorsen"/"Halverson", "Oleksandr"/"Oleksander").

Two names are compared only inside a block (same type family and same first letters, or for people the same
given or the same family name), so the work stays linear in the corpus. A pair is merged when the names are
nearly equal and the context agrees: both are tagged alike and they never appear side by side in one article
(two spellings of one name come from two outlets), or the names are near-identical. Each merged pair is
kept so the report can show it as a ``name_variant`` conflict with the sources of each spelling.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from dealclaims.ids import stable_id
from dealclaims.models import Claim, Entity, Evidence, Extraction, Mention
from dealclaims.resolve.links import Groups, is_orgish, is_person_leaning, is_personish
from dealclaims.resolve.orgs import compact, org_core
from dealclaims.resolve.people import parse_person
from dealclaims.unionfind import UnionFind

_MIN_TYPO_LENGTH = 5  # shorter names differ by one letter too often to be one name ("Aram"/"Arum")
_MAX_BLOCK = 60  # a block this large is a common prefix, not a name: skip it rather than compare all pairs


def link_variants(by_key: Groups, uf: UnionFind[str], threshold: float) -> list[tuple[str, str]]:
    """Union near-equal names whose context agrees; returns the merged pairs of keys."""
    blocks: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, ms in by_key.items():
        if len(key) < 5:
            continue
        if is_personish(ms) and not is_orgish(ms):
            p = parse_person(ms[0].text)
            if p.given and p.family:
                blocks[("given", p.given)].add(key)
                blocks[("family", p.family)].add(key)
        elif is_orgish(ms):
            core = compact(org_core(ms[0].text))
            blocks[("org", core[:2])].add(key)
            blocks[("org-end", core[-4:])].add(key)
    merged: list[tuple[str, str]] = []
    for keys in blocks.values():
        if len(keys) > _MAX_BLOCK:
            continue
        for a, b in combinations(sorted(keys), 2):
            if uf.find(a) == uf.find(b):
                continue
            score = fuzz.ratio(_comparable(by_key[a]), _comparable(by_key[b]))
            apart = not ({m.source for m in by_key[a]} & {m.source for m in by_key[b]})
            if score >= threshold or (apart and score >= threshold - 10) or _typo(by_key[a], by_key[b]):
                uf.union(a, b)
                wa, wb = _words(by_key[a]), _words(by_key[b])
                if not (wa < wb or wb < wa):  # "Treasury" of "U.S. Treasury": a short form, no spelling
                    merged.append((a, b))
    return merged


def _typo(a: list[Mention], b: list[Mention]) -> bool:
    """Two spellings of one organisation by a slip of one writer: one spelling is written in a single
    article, and the two differ by one letter added, dropped, changed or swapped ("Halden"/"Hladen") or
    only by the order of their words ("Brill Tenney Vance"/"Brill Vance Tenney")."""
    if not (is_orgish(a) and is_orgish(b)) or is_person_leaning(a) or is_person_leaning(b):
        return False
    if min(len({m.source for m in a}), len({m.source for m in b})) != 1:
        return False
    ca, cb = org_core(a[0].text), org_core(b[0].text)
    if len(ca.split()) >= 3 and sorted(ca.split()) == sorted(cb.split()):
        return True
    ca, cb = compact(ca), compact(cb)
    return min(len(ca), len(cb)) >= _MIN_TYPO_LENGTH and OSA.distance(ca, cb) == 1


def _words(ms: list[Mention]) -> set[str]:
    return set((org_core(ms[0].text) if is_orgish(ms) else ms[0].text.lower()).split())


def _comparable(ms: list[Mention]) -> str:
    return compact(org_core(ms[0].text)) if is_orgish(ms) else " ".join(ms[0].text.lower().split())


def variant_claims(
    entities: list[Entity],
    keys: dict[str, str],
    pairs: list[tuple[str, str]],
    by_key: Groups,
    extractions: list[Extraction],
) -> list[Claim]:
    """One ``org.name`` claim per source and spelling of each merged variant pair (a ``name_variant``)."""
    sentences = {ex.article_id: ex.sentences for ex in extractions}
    kinds = {e.id: e.type for e in entities}
    out: list[Claim] = []
    for a, b in pairs:
        entity = keys.get(a)
        if entity is None or kinds.get(entity) != "ORG":
            continue
        for key in (a, b):
            seen: set[str] = set()
            for m in by_key[key]:
                if m.source in seen:
                    continue
                seen.add(m.source)
                ev = _sentence_of(m, sentences.get(m.source, []))
                out.append(
                    Claim(
                        id=stable_id("c", m.source, "org.name", entity, m.text),
                        slot="org.name",
                        subject=entity,
                        value=m.text,
                        value_kind="name",
                        text=m.text,
                        source=m.source,
                        evidence=ev,
                    )
                )
    return out


def _sentence_of(m: Mention, sentences: list[Evidence]) -> Evidence:
    for ev in sentences:
        if ev.start <= m.start < ev.end:
            return ev
    return Evidence(source=m.source, text=m.text, start=m.start, end=m.end)
