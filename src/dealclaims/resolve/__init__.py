"""Resolve stage: mentions from all articles -> canonical entities; claims rewritten to entity ids.

Mentions are grouped by name key and the keys are merged (union-find) by rules that each look only inside a
block of keys (``links``, ``variants``): acronym definitions, organisation cores (legal forms, "U.S."
prefixes, tickers), parsed person names, bare acronyms, short names that are part of one longer name, and
spelling variants. Each entity gets one type by corpus vote (``types``) and the sources of every spelling.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from dealclaims.gazetteer import country_of, country_of_demonym
from dealclaims.models import Claim, Entity, Extraction, Mention, Settings
from dealclaims.names import clean_name, is_legal_form, name_key
from dealclaims.resolve.entities import make_entity
from dealclaims.resolve.links import (
    Groups,
    link_acronyms,
    link_bare_acronyms,
    link_org_cores,
    link_people,
    link_short_names,
    link_state_forms,
)
from dealclaims.resolve.orgs import org_core, strip_ticker
from dealclaims.resolve.types import ENTITY_LABELS
from dealclaims.resolve.variants import link_variants, variant_claims
from dealclaims.unionfind import UnionFind

__all__ = ["ENTITY_LABELS", "EntityIndex", "resolve_claims", "resolve_entities"]


class EntityIndex:
    """Look-up from any surface name (or its key) to a canonical entity id."""

    def __init__(
        self, entities: list[Entity], keys: dict[str, str], variants: list[Claim] | None = None
    ) -> None:
        self.entities = {e.id: e for e in entities}
        self._keys = keys
        self._families: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            if e.type == "PERSON" and " " in name_key(e.name):
                self._families[name_key(e.name).split()[-1]].add(e.id)
        self.variant_claims = variants or []

    def lookup(self, name: str | None) -> str | None:
        """The entity id a name refers to, or None."""
        if not name:
            return None
        key = name_key(strip_ticker(name))
        hit = self._keys.get(key)
        if hit:
            return hit
        country = country_of(clean_name(name))
        if country:
            return self._keys.get(name_key(country))
        owner = _OWNER.match(name)
        if owner:  # "Brill's Halden World": the owner's name before the one the corpus resolves
            return self.lookup(name[owner.end() :])
        if " " not in key:  # a bare surname: the one person whose full name ends with it
            people = self._families.get(key, set())
            if len(people) == 1:
                return next(iter(people))
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
    by_key = group_mentions(extractions)
    uf: UnionFind[str] = UnionFind()
    for key in sorted(by_key):
        uf.find(key)
    link_acronyms(by_key, uf)
    link_org_cores(by_key, uf)
    link_state_forms(by_key, uf)
    link_people(by_key, uf)
    link_bare_acronyms(by_key, uf)
    pairs = link_variants(by_key, uf, settings.name_similarity)
    link_short_names(by_key, uf)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in sorted(by_key):
        groups[uf.find(key)].append(key)
    demonyms = frozenset(  # names and first words of names: "Ostravian" of "Ostravian Ports Authority"
        w
        for ex in extractions
        for m in ex.mentions
        if m.label in ("NORP", *ENTITY_LABELS)
        for w in {m.text.lower(), m.text.split()[0].lower()}
    )
    defined = defined_acronyms(extractions)
    built = sorted(
        (
            (make_entity([m for k in members for m in by_key[k]], demonyms, defined), members)
            for members in groups.values()
        ),
        key=lambda em: (em[0].id, em[1]),
    )
    seen: Counter[str] = Counter()
    entities, keys = [], {}
    for entity, members in built:
        seen[entity.id] += 1
        if seen[entity.id] > 1:
            entity = entity.model_copy(update={"id": f"{entity.id}-{seen[entity.id]}"})
        entities.append(entity)
        for k in members:
            keys[k] = entity.id
    for entity in entities:
        for alias in [entity.name, *entity.aliases]:
            keys.setdefault(name_key(alias), entity.id)
    for entity, members in zip(entities, (members for _, members in built), strict=True):
        for k in members:  # a stock symbol is no alias to show, but still points at its company
            for m in by_key[k]:
                if m.acronym:
                    keys.setdefault(name_key(m.acronym), entity.id)
    return EntityIndex(entities, keys, variant_claims(entities, keys, pairs, by_key, extractions))


_DEFINITION = re.compile(r"\(([^()]+)\)$")


def defined_acronyms(extractions: list[Extraction]) -> frozenset[tuple[str, str]]:
    """(source, acronym) of every "Long Name (ACR)" definition: the other acronyms are stock symbols."""
    out = set()
    for ex in extractions:
        for c in ex.claims:
            found = _DEFINITION.search(c.text) if c.slot == "org.name" else None
            if found:
                out.add((c.source, found.group(1)))
    return frozenset(out)


def group_mentions(extractions: list[Extraction]) -> Groups:
    """Named mentions by name key; tickers stripped, bare legal forms and lower-case words dropped."""
    by_key: Groups = defaultdict(list)
    elsewhere = _plain_names(extractions)
    for ex in extractions:
        for m in _named_mentions(ex.mentions, elsewhere, len(extractions)):
            if m.label not in ENTITY_LABELS:
                continue
            text = clean_name(strip_ticker(m.text))
            if not text or not text[0].isupper() or (is_legal_form(text) and not country_of(text)):
                continue  # "Corp", "dlrs": not a name
            m = m.model_copy(update={"text": text}) if text != m.text else m
            by_key[_mention_key(m)].append(m)
    _fold_owners(by_key)
    _add_named_countries(by_key, extractions)
    # sorted: the result must not depend on the order the articles were read in
    return {
        k: sorted(ms, key=lambda m: (m.source, m.start, m.text))
        for k, ms in sorted(by_key.items())
        if not _glued(ms[0].text, by_key)
    }


def _named_mentions(mentions: list[Mention], elsewhere: dict[str, set[str]], documents: int) -> list[Mention]:
    """The mentions that may name entities. Datelines never do; the article's own outlet and writer do not,
    unless at least half of the other articles name the same thing: a town's paper ("Dunmere Courier")
    writes its town, and a company's press release its own name, which the other outlets name too (a wire
    another outlet cites once stays the wire)."""
    own = [m for m in mentions if m.role == "publisher"]
    own = [m for m in own if 2 * len(_named_by(m, elsewhere) - {m.source}) >= max(documents - 1, 1)]
    return [*(m for m in mentions if not m.role), *own]


def _named_by(m: Mention, elsewhere: dict[str, set[str]]) -> set[str]:
    """The sources naming what ``m`` names: by its key, or by its organisation core ("Velmont Motors Limited"
    is "Velmont Motors Ltd")."""
    core = org_core(m.text)
    return elsewhere.get(name_key(m.text), set()) | (elsewhere.get(f"core:{core}", set()) if core else set())


def _plain_names(extractions: list[Extraction]) -> dict[str, set[str]]:
    """Name key (and "core:" + an organisation's core) -> the sources that name it with no role."""
    out: dict[str, set[str]] = defaultdict(set)
    for ex in extractions:
        for m in ex.mentions:
            if not m.role and m.label in ENTITY_LABELS:
                out[name_key(m.text)].add(m.source)
                if m.label == "ORG" and " " in m.text:
                    out[f"core:{org_core(m.text)}"].add(m.source)
    return out


def _add_named_countries(by_key: Groups, extractions: list[Extraction]) -> None:
    """A country the articles refer to only by its demonym ("the Kenyan maker") or inside other names
    ("Central Bank of Kenya") is an entity when at least half of the articles (two or more) refer to it: the
    story is about it even though the model tagged no mention of it as a place."""
    refs: dict[str, list[Mention]] = defaultdict(list)
    for ex in extractions:
        for m in ex.mentions:
            for country, start in _country_references(m):
                refs[country].append(
                    m.model_copy(update={"label": "GPE", "text": country, "start": start, "title": None})
                )
    documents = len(extractions)
    for country, ms in sorted(refs.items()):
        key, sources = name_key(country), {m.source for m in ms}
        if key not in by_key and len(sources) >= 2 and len(sources) * 2 >= documents:
            by_key[key] = ms


def _country_references(m: Mention) -> list[tuple[str, int]]:
    """(country, offset) of a demonym mention, or of a country's one-word name inside an organisation's."""
    if m.role:
        return []
    if m.label == "NORP":
        country = country_of_demonym(m.text)
        return [(country, m.start)] if country else []
    if m.label not in ("ORG", "FAC") or " " not in m.text:
        return []
    out, at = [], 0
    for word in m.text.split():
        at = m.text.find(word, at)
        country = country_of(word) if word[:1].isupper() and word.isalpha() else None
        if country and country == word:
            out.append((country, m.start + at))
    return out


_OWNER = re.compile(r"^[A-Z][^']*?(?:'s|’s)\s+(?=[A-Z])")


def _fold_owners(by_key: Groups) -> None:
    """ "Vell's Halden Group" is "Halden Group" when the corpus names it without its owner too."""
    for key in [k for k, ms in by_key.items() if _OWNER.match(ms[0].text)]:
        ms = by_key[key]
        owned = ms[0].text[_OWNER.match(ms[0].text).end() :]  # type: ignore[union-attr]
        if name_key(owned) in by_key and name_key(owned) != key:
            by_key[name_key(owned)] += [m.model_copy(update={"text": owned}) for m in by_key.pop(key)]


# Lower-case words that belong inside names ("Bank of Ostrava", "Halden and Sons", "Council for Trade").
_NAME_JOINERS = frozenset({"of", "and", "the", "for", "de", "du", "la", "le", "van", "von", "der", "da", "y"})


def _glued(text: str, by_key: Groups) -> bool:
    """ "Velmont to Brill Group": two names of this corpus glued by a lower-case word into one span (the
    NER's error in "provided by Velmont to Brill Group"), or side by side when each has two words or more
    ("Republic of Belvar Tomas Aldren"); such a span is neither entity nor alias."""
    words = text.split()
    for i in range(2, len(words) - 1):  # "Republic of Belvar Tomas Aldren": two names of two words or more
        if name_key(" ".join(words[:i])) in by_key and name_key(" ".join(words[i:])) in by_key:
            return True
    cuts = [i for i, w in enumerate(words) if w.islower() and w not in _NAME_JOINERS]
    if not cuts or cuts[0] == 0 or cuts[-1] == len(words) - 1:
        return False
    pieces, start = [], 0
    for i in cuts:
        pieces.append(" ".join(words[start:i]))
        start = i + 1
    pieces.append(" ".join(words[start:]))
    return all(piece and name_key(piece) in by_key for piece in pieces)


def _mention_key(m: Mention) -> str:
    """The name key; a country is keyed by its name whatever the NER tagged it ("U.S." tagged ORG)."""
    country = country_of(m.text)
    if country and (m.label in ("GPE", "LOC", "NORP") or name_key(country) != name_key(m.text)):
        return name_key(country)
    return name_key(m.text)


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
