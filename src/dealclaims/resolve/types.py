"""One type per entity, by a vote over all its mentions in all articles, overruled by hard evidence.

Evidence, strongest first: a known country, subdivision or city is a place (GPE), never a person; a defined
acronym, a legal form or an organisation suffix makes an organisation; a title written next to the name makes
a person. Otherwise the label most mentions carry wins (LOC counts as GPE).
"""

from __future__ import annotations

from collections import Counter

from dealclaims.gazetteer import BIG_CITY_POPULATION, country_of, is_place, strip_state_form
from dealclaims.lexicon import load_lexicon
from dealclaims.models import Mention
from dealclaims.names import is_legal_form
from dealclaims.resolve.orgs import strip_ticker

# A town's name often opens with one of these words; "Port X" names a place, "X Port" a facility.
_PLACE_PREFIXES = {"port", "fort", "san", "santa", "saint", "st", "sao", "puerto"}
_SITE_HEADS = {
    "terminal",
    "tower",
    "house",
    "pavilion",
    "hall",
    "works",
    "stadium",
    "airport",
    "plant",
    "mine",
    "refinery",
    "smelter",
    "mill",
    "factory",
    "quay",
    "pier",
    "bridge",
}

ENTITY_LABELS = {"ORG": "ORG", "FAC": "FAC", "PERSON": "PERSON", "GPE": "GPE", "LOC": "GPE"}


def vote_type(ms: list[Mention], demonyms: frozenset[str] = frozenset()) -> str:
    """The entity type of a group of mentions (see the module docstring).

    ``demonyms`` are the lower-cased names written in the corpus, to find a place by its people's name
    ("Varnova" is a place when the articles also write "Varnovan").
    """
    votes = Counter(ENTITY_LABELS.get(m.label, "GPE") for m in ms)
    texts = {m.text for m in ms}
    if any(country_of(t) or strip_state_form(t) or has_demonym(t, demonyms) for t in texts):
        return "GPE"  # a known country, "Republic of X", or a name whose demonym the articles use
    multiword_person = any(" " in t and votes["PERSON"] for t in texts)
    threshold = None if votes["GPE"] else BIG_CITY_POPULATION  # a smaller town needs a GPE tag of its own
    if not multiword_person and all(is_place(t, threshold or 0) for t in texts) and votes["FAC"] < len(ms):
        return "GPE"
    if votes["FAC"] > len(ms) / 2 or any(_is_site(t) for t in texts):
        return "FAC"
    if any(t.split()[0].lower() in _PLACE_PREFIXES and len(t.split()) == 2 for t in texts):
        return "GPE"  # "Port Ellery", "Fort Halden": a town
    if any(m.acronym for m in ms) or any(has_org_form(t) for t in texts):
        return "ORG"
    if _family_of_a_person(ms):
        return "PERSON"  # "Ivo Vell" tagged PERSON, "Vell" tagged ORG in the sentences after it
    longest = max(texts, key=lambda t: (len(t.split()), t))
    if (
        len(texts) > 1
        and " " in longest
        and not votes["PERSON"]
        and all(m.label == "ORG" for m in ms if m.text == longest)
    ):
        return "ORG"  # "Coastal Northwest" is the short name of "Coastal Northwest Airlines"
    if any(m.title for m in ms) and votes["PERSON"]:
        return "PERSON"
    if votes["GPE"] >= votes["PERSON"] > 0 and all(" " not in t for t in texts):
        return "GPE"  # a person is named in full or titled somewhere: a one-word name never so is a place
    if votes["PERSON"] and votes["PERSON"] >= votes["ORG"] / 2 and not votes["GPE"] > votes["PERSON"]:
        return "PERSON"  # "Ostrander" tagged ORG twice and PERSON once is still a person
    return votes.most_common(1)[0][0] if votes else "ORG"


def _family_of_a_person(ms: list[Mention]) -> bool:
    """Some multi-word spelling is tagged PERSON and every other spelling is its last word."""
    people = {m.text for m in ms if m.label == "PERSON" and " " in m.text}
    families = {t.split()[-1] for t in people}
    return bool(people) and all(m.text in people or m.text in families for m in ms)


def has_org_form(name: str) -> bool:
    """True when the name ends in a legal form ("Inc") or an organisation suffix word ("Authority")."""
    words = strip_ticker(name).replace(",", " ").split()
    if len(words) < 2:
        return False
    return is_legal_form(words[-1]) or words[-1] in set(load_lexicon().org_suffixes)


def _is_site(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and words[-1].lower() in _SITE_HEADS and not is_legal_form(words[-1])


_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ic")


def has_demonym(name: str, demonyms: frozenset[str]) -> bool:
    """True when a one-word name's demonym ("Ostravia" -> "Ostravian") is written in the corpus."""
    low = name.lower()
    if " " in low or len(low) < 4:
        return False
    stems = {low, low[:-1]} if low.endswith(("a", "e", "o")) else {low}
    return any(
        stem + ending in demonyms for stem in stems for ending in _DEMONYM_ENDINGS if stem + ending != low
    )
