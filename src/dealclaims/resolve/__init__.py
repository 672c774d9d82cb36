"""Resolve stage: mentions from all articles -> canonical entities; claims rewritten to entity ids.

Mentions are merged (union-find) when their names fold to the same key (case, dots, hyphens, British/American
spelling), when one defines the other as an acronym ("Andes Copper Resources (ACR)"), when rapidfuzz finds two
names of the same type nearly equal, when they name the same country ("U.S." = "United States"), and when a
one-word person name is the surname of exactly one full name ("Okafor" -> "Maria Okafor").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz, process

from dealclaims.lexicon import Lexicon, load_lexicon
from dealclaims.models import Claim, Entity, Extraction, Mention, Settings
from dealclaims.names import clean_name, name_key
from dealclaims.unionfind import UnionFind

ENTITY_LABELS = {"ORG": "ORG", "FAC": "FAC", "PERSON": "PERSON", "GPE": "GPE", "LOC": "GPE"}
# Legal-form words that do not change which organisation is meant ("X Group" = "X").
_LEGAL_SUFFIXES = {"group", "inc", "ltd", "limited", "llc", "plc", "corp", "co", "holdings", "ag", "sa", "nv"}
_SLUG = re.compile(r"[^a-z0-9]+")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]{1,7}$")


class EntityIndex:
    """Look-up from any surface name (or its key) to a canonical entity id."""

    def __init__(self, entities: list[Entity], keys: dict[str, str], lexicon: Lexicon) -> None:
        self.entities = {e.id: e for e in entities}
        self._keys = keys
        self._lexicon = lexicon

    def lookup(self, name: str | None) -> str | None:
        """The entity id a name refers to, or None."""
        if not name:
            return None
        hit = self._keys.get(name_key(name))
        if hit:
            return hit
        country = self._lexicon.country_of(clean_name(name))
        if country:
            return self._keys.get(name_key(country))
        key = name_key(name)
        if " " not in key:  # a bare surname: the one person whose full name ends with it
            people = {
                e.id
                for e in self.entities.values()
                if e.type == "PERSON" and name_key(e.name).endswith(" " + key)
            }
            if len(people) == 1:
                return people.pop()
        return None

    def speaker(self, name: str | None) -> str | None:
        """A speaker: an entity id, "<id>#office" for "X's office", or the phrase itself."""
        if not name:
            return None
        hit = self.lookup(name)
        if hit:
            return hit
        owner = re.sub(r"(?:'s|’s)?\s+office$", "", name, flags=re.IGNORECASE)
        if owner != name:
            for cut in range(len(owner.split())):
                hit = self.lookup(" ".join(owner.split()[cut:]))
                if hit:
                    return f"{hit}#office"
        return name.lower()


def resolve_entities(extractions: list[Extraction], settings: Settings | None = None) -> EntityIndex:
    """Merge the named mentions of all articles into canonical entities."""
    settings = settings or Settings()
    lexicon = load_lexicon()
    mentions = [m for ex in extractions for m in ex.mentions if m.label in ENTITY_LABELS]
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[_mention_key(m, lexicon)].append(m)
    uf: UnionFind[str] = UnionFind()
    for key in sorted(by_key):
        uf.find(key)
    _merge_acronyms(by_key, uf)
    _merge_similar(by_key, uf, settings.name_similarity)
    _merge_surnames(by_key, uf)
    _merge_legal_forms(by_key, uf)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in sorted(by_key):
        groups[uf.find(key)].append(key)
    entities, keys = [], {}
    for members in groups.values():
        entity = _make_entity([m for k in members for m in by_key[k]], lexicon)
        entities.append(entity)
        for k in members:
            keys[k] = entity.id
        for alias in [entity.name, *entity.aliases]:
            keys.setdefault(name_key(alias), entity.id)
    entities.sort(key=lambda e: e.id)
    return EntityIndex(_dedupe_ids(entities), keys, lexicon)


def _mention_key(m: Mention, lexicon: Lexicon) -> str:
    if m.label in ("GPE", "LOC"):
        country = lexicon.country_of(m.text)
        if country:
            return name_key(country)
    return name_key(m.text)


def _merge_acronyms(by_key: dict[str, list[Mention]], uf: UnionFind[str]) -> None:
    for key, ms in by_key.items():
        for m in ms:
            if m.acronym and name_key(m.acronym) in by_key:
                uf.union(key, name_key(m.acronym))


def _family(ms: list[Mention]) -> str:
    return ENTITY_LABELS[Counter(m.label for m in ms).most_common(1)[0][0]]


def _merge_similar(by_key: dict[str, list[Mention]], uf: UnionFind[str], threshold: float) -> None:
    """Near-identical names of one type ("National Mining Organisation" / "... Organization" after folding)."""
    keys = sorted(k for k in by_key if len(k) >= 6)
    if len(keys) < 2:
        return
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=threshold, workers=1)
    for i, j in zip(*scores.nonzero()):
        if i < j and _family(by_key[keys[i]]) == _family(by_key[keys[j]]):
            uf.union(keys[i], keys[j])


def _merge_surnames(by_key: dict[str, list[Mention]], uf: UnionFind[str]) -> None:
    """ "Okafor" -> "Maria Okafor" when exactly one full person name ends with that word."""
    full = [k for k, ms in by_key.items() if " " in k and _family(ms) == "PERSON"]
    for key, ms in by_key.items():
        if " " in key or any(m.acronym or _ACRONYM.match(m.text) and m.text.isupper() for m in ms):
            continue
        owners = {uf.find(f) for f in full if f.split()[-1] == key}
        if len(owners) == 1:
            uf.union(key, owners.pop())


def _merge_legal_forms(by_key: dict[str, list[Mention]], uf: UnionFind[str]) -> None:
    """ "Vale Group" = "Vale": a trailing legal-form word does not change the organisation."""
    stems: dict[str, str] = {}
    for key in sorted(by_key):
        if _family(by_key[key]) != "ORG":
            continue
        words = key.split()
        stem = " ".join(words[:-1]) if len(words) > 1 and words[-1] in _LEGAL_SUFFIXES else key
        if stem in stems:
            uf.union(key, stems[stem])
        else:
            stems[stem] = key


def _make_entity(ms: list[Mention], lexicon: Lexicon) -> Entity:
    type_ = _family(ms)
    if any(m.acronym for m in ms) and type_ != "GPE":
        type_ = "ORG"
    if any(lexicon.country_of(m.text) for m in ms):
        type_ = "GPE"
    elif type_ != "ORG" and sum(m.label == "PERSON" for m in ms) >= len(ms) / 3:
        type_ = "PERSON"  # "Sharif" tagged ORG once and PERSON four times is a person
    name = _canonical_name(ms, type_, lexicon)
    surfaces = sorted(({m.text for m in ms} | {m.acronym for m in ms if m.acronym}) - {name})
    titles_by_source: dict[str, list[str]] = defaultdict(list)
    for m in ms:
        if m.title and m.title not in titles_by_source[m.source]:
            titles_by_source[m.source].append(m.title)
    titles = sorted({t for ts in titles_by_source.values() for t in ts})
    return Entity(
        id=f"{type_.lower()}:{_SLUG.sub('-', name_key(name)).strip('-')}",
        type=type_,
        name=name,
        aliases=surfaces,
        titles=titles,
        titles_by_source={k: sorted(v) for k, v in sorted(titles_by_source.items())},
        sources=sorted({m.source for m in ms}),
    )


def _canonical_name(ms: list[Mention], type_: str, lexicon: Lexicon) -> str:
    """The most used full form: country names for places, never an acronym when a long form exists."""
    if type_ == "PERSON":  # the full name: "Maria Okafor", not "Okafor"
        return max(sorted({m.text for m in ms}), key=lambda t: (len(t.split()), sum(m.text == t for m in ms)))
    if type_ == "GPE":
        for m in ms:
            country = lexicon.country_of(m.text)
            if country:
                return country
    defined = Counter(m.text for m in ms if m.acronym)
    acronyms = {m.acronym for m in ms if m.acronym}
    counts = Counter(m.text for m in ms if m.text not in acronyms)
    pool = defined or counts or Counter(m.text for m in ms)
    by_key: dict[str, int] = Counter()
    for text, n in pool.items():
        by_key[name_key(text)] += n
    best_key = max(by_key, key=lambda k: (by_key[k], len(k), k))
    forms = Counter({t: n for t, n in pool.items() if name_key(t) == best_key})
    return max(forms, key=lambda t: (forms[t], t))


def _dedupe_ids(entities: list[Entity]) -> list[Entity]:
    seen: Counter[str] = Counter()
    out = []
    for e in entities:
        seen[e.id] += 1
        out.append(e if seen[e.id] == 1 else e.model_copy(update={"id": f"{e.id}-{seen[e.id]}"}))
    return out


def resolve_claims(claims: Iterable[Claim], index: EntityIndex) -> list[Claim]:
    """Rewrite subjects, entity lists and speakers to entity ids."""
    out = []
    for c in claims:
        update: dict[str, Any] = {}
        if c.slot == "quote":
            update["subject"] = update["attributed_to"] = index.speaker(c.subject)
        elif c.subject:
            update["subject"] = index.lookup(c.subject) or c.subject
        if c.value_kind == "entities":
            update["value"] = sorted({index.lookup(v) or v for v in c.value})
        elif c.value_kind == "related":
            update["value"] = {
                **c.value,
                "parties": sorted({index.lookup(v) or v for v in c.value["parties"]}),
            }
        out.append(c.model_copy(update=update))
    return out
