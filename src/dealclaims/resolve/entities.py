"""One merged group of mentions -> an ``Entity``: type by vote, canonical name, aliases with their sources."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from dealclaims.gazetteer import country_of
from dealclaims.models import Entity, Mention
from dealclaims.names import is_legal_form, name_key
from dealclaims.resolve.orgs import compact, org_core, strip_ticker
from dealclaims.resolve.people import bare_name, parse_person
from dealclaims.resolve.types import vote_type

_SLUG = re.compile(r"[^a-z0-9]+")


def make_entity(
    ms: list[Mention],
    demonyms: frozenset[str] = frozenset(),
    defined: frozenset[tuple[str, str]] = frozenset(),
) -> Entity:
    """The entity a group of mentions names (``demonyms``: see ``vote_type``).

    An acronym is an alias only where its article defines it (``defined``: (source, acronym) pairs): a stock
    symbol ("<VLM>", "VLM.L") is how the market writes the company, not a name the articles give it.
    """
    type_ = vote_type(ms, demonyms)
    name = canonical_name(ms, type_, defined)
    alias_sources: dict[str, set[str]] = defaultdict(set)
    for m in ms:
        alias_sources[m.text].add(m.source)
        if m.acronym and (m.source, m.acronym) in defined:
            alias_sources[m.acronym].add(m.source)
    titles_by_source: dict[str, list[str]] = defaultdict(list)
    for m in ms:
        if m.title and m.title not in titles_by_source[m.source]:
            titles_by_source[m.source].append(m.title)
    return Entity(
        id=f"{type_.lower()}:{_SLUG.sub('-', name_key(name)).strip('-')}",
        type=type_,
        name=name,
        aliases=sorted(set(alias_sources) - {name}),
        titles=sorted({t for ts in titles_by_source.values() for t in ts}),
        titles_by_source={k: sorted(v) for k, v in sorted(titles_by_source.items())},
        sources=sorted({m.source for m in ms}),
        alias_sources={k: sorted(v) for k, v in sorted(alias_sources.items())},
    )


def canonical_name(ms: list[Mention], type_: str, defined: frozenset[tuple[str, str]] = frozenset()) -> str:
    """The most used full form: country names for places, never an acronym when a long form exists."""
    if type_ == "PERSON":  # the full name without honorific: "Maria Okafor", not "Okafor" or "Dr Okafor"
        names = sorted({bare_name(m.text) for m in ms})
        return max(names, key=lambda t: (_person_parts(t), sum(bare_name(m.text) == t for m in ms), t))
    if type_ == "GPE":
        for m in ms:
            country = country_of(m.text)
            if country:
                return country
    acronyms = {m.acronym for m in ms if m.acronym}
    spelled = Counter(m.text for m in ms if m.acronym and (m.source, m.acronym) in defined)
    long_forms = Counter(m.text for m in ms if m.text not in acronyms and not _is_acronym(m.text))
    pool = spelled or long_forms or Counter(m.text for m in ms)
    formal = Counter({t: n for t, n in pool.items() if _has_legal_form(t)})
    if formal and type_ == "ORG":  # "Velmont Stores Inc", not the "Velmont" its articles shorten it to
        pool = formal
    by_key: Counter[str] = Counter()
    for text, n in pool.items():
        by_key[name_key(text)] += n
    spread: dict[str, set[str]] = defaultdict(set)  # a spelling most articles write beats one article's slip
    for m in ms:
        spread[name_key(m.text)].add(m.source)
    cores = Counter(compact(org_core(m.text)) for m in ms)  # "Halden Tool" backs "Halden Tool Co"
    best_key = max(by_key, key=lambda k: (len(spread[k]), cores[compact(org_core(k))], by_key[k], len(k), k))
    if (
        type_ == "ORG" and not formal
    ):  # "Compagnie Generale des Ateliers Velmont", not the "Velmont" it shortens to
        fuller = [k for k in by_key if k != best_key and f" {best_key} " in f" {k} "]
        best_key = max(fuller, key=lambda k: (len(spread[k]), len(k), k)) if fuller else best_key
    forms = Counter({t: n for t, n in pool.items() if name_key(t) == best_key})
    return max(forms, key=lambda t: (_capitalised(t), forms[t], t))


def _capitalised(name: str) -> bool:
    """Every word but a joiner starts with a capital: "Velmont Corp", not "Velmont corp"."""
    return all(w[:1].isupper() for w in name.split() if w.isalpha() and w not in _JOINERS)


_JOINERS = {"of", "and", "the", "for", "de", "du", "la", "le", "van", "von", "der", "da", "y"}


def _has_legal_form(name: str) -> bool:
    words = strip_ticker(name).replace(",", " ").split()
    return len(words) > 1 and is_legal_form(words[-1])


def _person_parts(name: str) -> int:
    p = parse_person(name)
    return bool(p.given) + bool(p.family) + bool(p.middle)


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return letters.isupper() and letters.isalpha() and len(letters) <= 6
