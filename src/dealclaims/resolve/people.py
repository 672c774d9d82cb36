"""Person names parsed with nameparser, so initials, middle names and honorifics do not split a person.

"David B. Carlow", "David Carlow", "Mr. Carlow" and "Carlow" share the family key "carlow"; the first two also
share the full key "david carlow".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName

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


@lru_cache(maxsize=4096)
def parse_person(name: str) -> PersonName:
    """Split a person's name into honorific, given, middle, family and suffix keys."""
    h = HumanName(name)
    family = name_key(h.last)
    given = name_key(h.first)
    if not family and given:  # "Carlow" alone parses as a given name: it is the family name we can use
        given, family = "", given
    return PersonName(name_key(h.title), given, name_key(h.middle), family, name_key(h.suffix))


def has_honorific(name: str) -> bool:
    """True when the name starts with an honorific ("Mr.", "Dr", "His Excellency", "Sheikh")."""
    return bool(parse_person(name).honorific)


def bare_name(name: str) -> str:
    """The name without honorific ("Dr Selin Marrak" -> "Selin Marrak"); the name itself when it has none."""
    h = HumanName(name)
    if not h.title:
        return name
    rest = " ".join(p for p in (h.first, h.middle, h.last, h.suffix) if p)
    return rest or name
