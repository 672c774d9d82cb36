"""Person names parsed with nameparser, so initials, middle names and honorifics do not split a person.

"David B. Carlow", "David Carlow", "Mr. Carlow" and "Carlow" share the family key "carlow"; the first two also
share the full key "david carlow".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName
from nameparser.config import CONSTANTS

from dealclaims.names import name_key


@dataclass(frozen=True)
class PersonName:
    """The parts of a person's name, as comparison keys (lower case, accents and dots folded)."""

    honorific: str
    given: str
    middle: str
    family: str
    suffix: str

    @property
    def full_key(self) -> str:
        """Given and family name: "david carlow" for "Mr. David B. Carlow Jr."; "" without a given name."""
        return f"{self.given} {self.family}" if self.given and self.family else ""


@lru_cache(maxsize=1)
def _special_words() -> frozenset[str]:
    """nameparser's titles, suffixes, particles and conjunctions: words that need its full parser."""
    c = CONSTANTS
    words: set[str] = set()
    for table in (c.titles, c.suffix_acronyms, c.suffix_not_acronyms, c.prefixes, c.conjunctions):
        words |= {str(w).lower() for w in table}
    return frozenset(words)


@lru_cache(maxsize=65536)
def _parts(name: str) -> tuple[str, str, str, str, str]:
    """(title, first, middle, last, suffix) as written. Plain names skip nameparser's slow parser."""
    words = name.split()
    if (
        1 <= len(words) <= 4
        and "," not in name
        and not any(w.lower().strip(".") in _special_words() for w in words)
    ):
        if len(words) == 1:
            return "", words[0], "", "", ""
        return "", words[0], " ".join(words[1:-1]), words[-1], ""
    h = HumanName(name)
    return h.title, h.first, h.middle, h.last, h.suffix


def parse_person(name: str) -> PersonName:
    """Split a person's name into honorific, given, middle, family and suffix keys."""
    title, first, middle, last, suffix = _parts(name)
    family, given = name_key(last), name_key(first)
    if not family and given:  # "Carlow" alone parses as a given name: it is the family name we can use
        given, family = "", given
    return PersonName(name_key(title), given, name_key(middle), family, name_key(suffix))


def has_honorific(name: str) -> bool:
    """True when the name starts with an honorific ("Mr.", "Dr", "His Excellency", "Sheikh")."""
    return bool(parse_person(name).honorific)


def bare_name(name: str) -> str:
    """The name without honorific ("Dr Selma Varrik" -> "Selma Varrik"); the name itself when it has none."""
    title, *rest = _parts(name)
    if not title:
        return name
    return " ".join(p for p in rest if p) or name
