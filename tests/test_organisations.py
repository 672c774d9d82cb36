"""org.hq and org.description from the grammar of a sentence (extract/organisations.py)."""

from __future__ import annotations

from typing import Any

import pytest

from dealclaims.extract import extract_article
from dealclaims.load import article_from_bytes
from dealclaims.nlp import build_nlp
from dealclaims.places import place_contains
from helpers import hq_claims as _hq


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


HQ = [
    ("Ohio-based Brenwick Steel Corp agreed to buy the rival.", {"Brenwick Steel Corp": "Ohio"}),
    (
        "Corvane Industries, based in Dayton, Ohio, said it would sell the unit.",
        {"Corvane Industries": "Dayton, Ohio"},
    ),
    (
        "Corvane Industries, headquartered in Texas, said on Monday it agreed.",
        {"Corvane Industries": "Texas"},
    ),
    ("Marwick Foods, which is based in Illinois, made the offer.", {"Marwick Foods": "Illinois"}),
    (
        "Marwick Foods Inc is headquartered in Georgia and runs forty stores.",
        {"Marwick Foods Inc": "Georgia"},
    ),
    (
        "The bid values Tallis Corp, an Akron, Ohio-based concern, at $2 billion.",
        {"Tallis Corp": "Akron, Ohio"},
    ),
    ("The buyer plans to keep Tallis Corp's headquarters in Akron, Ohio.", {"Tallis Corp": "Akron, Ohio"}),
    (
        "Dessin Group said the board of Pellam Inc of Boston, Massachusetts, agreed.",
        {"Pellam Inc": "Boston, Massachusetts"},
    ),
    ("The deal was announced by Ohio steelmaker Brenwick Steel on Monday.", {"Brenwick Steel": "Ohio"}),
    (
        "Brenwick Steel, a Pennsylvania steelmaker, said on Monday it agreed.",
        {"Brenwick Steel": "Pennsylvania"},
    ),
    (
        "Pellam agreed to buy the Zorvik, Pa.-based company Dessin Group.",
        {},
    ),  # a description, no name: skipped
    ("Halvers Mining said the talks were based on a price of $40 a share.", {}),
]


@pytest.mark.parametrize(("text", "expected"), HQ)
def test_hq(nlp: Any, text: str, expected: dict[str, str]) -> None:
    got = _hq(nlp, text)
    for org, place in expected.items():
        assert got.get(org) == place, got
    if not expected:
        assert not got or all(p != "Pennsylvania" for p in got.values())


CHAINS = [
    ("Carrowfield", "Carrowfield, Pennsylvania", True),  # the same town written with its state
    ("Pennsylvania", "Carrowfield, Pennsylvania", True),
    ("Akron", "Akron, Ohio", True),
    ("Washington", "Washington, Pennsylvania", False),  # the gazetteer's Washington is elsewhere
]


@pytest.mark.parametrize(("general", "specific", "expected"), CHAINS)
def test_written_chain_refines_bare_name(general: str, specific: str, expected: bool) -> None:
    assert place_contains(general, specific) is expected


def test_description(nlp: Any) -> None:
    article = article_from_bytes(
        b"Dessin Group, a global engineering and construction firm, signed.\n", path="d.txt"
    )
    claims = [c for c in extract_article(nlp(article.body), article).claims if c.slot == "org.description"]
    assert [(c.subject, c.value) for c in claims] == [
        ("Dessin Group", "global engineering and construction firm")
    ]
