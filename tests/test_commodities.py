"""Goods (deal.commodities, org.focus, place.resources) and deal.facility from the parse (extract/commodities.py)."""

from __future__ import annotations

from typing import Any

import pytest

from dealclaims.extract import extract_article
from dealclaims.load import article_from_bytes
from dealclaims.nlp import build_nlp


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


def _claims(nlp: Any, body: str, slot: str) -> list[Any]:
    article = article_from_bytes(f"{body}\n".encode(), path="goods.txt")
    return [c for c in extract_article(nlp(article.body), article).claims if c.slot == slot]


COMMODITIES = [
    (
        "Under the concession, the terminal will handle containers, grain and fertiliser.",
        ["container", "fertiliser", "grain"],
    ),
    ("The new berth is designed to handle timber and cement.", ["cement", "timber"]),
    (
        "The terminal will be built mainly for container and grain traffic under the deal.",
        ["container", "grain"],
    ),
    (
        "The partnership will begin with the export of minerals, including zinc, copper and tin.",
        ["copper", "tin", "zinc"],
    ),
    (
        "Under the agreement the terminal is to handle liquefied natural gas and coal.",
        ["coal", "liquefied natural gas"],
    ),
    ("The agreement will produce cost savings of $40 million a year.", []),
    ("Dessin Group operates a terminal that handles its own volumes.", []),
]


@pytest.mark.parametrize(("text", "expected"), COMMODITIES)
def test_deal_commodities(nlp: Any, text: str, expected: list[str]) -> None:
    values = [c.value for c in _claims(nlp, text, "deal.commodities")]
    assert values == ([expected] if expected else [])


FOCUS = [
    (
        "Varlow Metals Corp produces and recycles critical minerals such as cobalt and nickel.",
        "Varlow Metals Corp",
        ["cobalt", "nickel"],
    ),
    ("Varlow Metals Corp specialises in refining copper and zinc.", "Varlow Metals Corp", ["copper", "zinc"]),
    (
        "Varlow Metals Corp is a producer of cobalt, nickel and copper.",
        "Varlow Metals Corp",
        ["cobalt", "copper", "nickel"],
    ),
    ("Varlow Metals Corp produces critical minerals.", "Varlow Metals Corp", ["critical minerals"]),
]


@pytest.mark.parametrize(("text", "subject", "expected"), FOCUS)
def test_org_focus(nlp: Any, text: str, subject: str, expected: list[str]) -> None:
    claims = _claims(nlp, text, "org.focus")
    assert [(c.subject, c.value) for c in claims] == [(subject, expected)]


def test_place_resources(nlp: Any) -> None:
    claims = _claims(
        nlp, "Norland's vast reserves of copper, gold and zinc were discussed.", "place.resources"
    )
    assert [(c.subject, c.value) for c in claims] == [("Norland", ["copper", "gold", "zinc"])]


FACILITY = [
    (
        "The partnership aims to establish a state-of-the-art poly-metallic refinery.",
        ["poly-metallic refinery"],
    ),
    (
        "Under the concession the group will build and run a deep-water container terminal.",
        ["deep-water container terminal"],
    ),
    ("The deal covers the construction of a processing plant.", ["processing plant"]),
    ("Dessin Group operates container terminals in eleven ports.", []),  # what a company does, not the deal
]


@pytest.mark.parametrize(("text", "expected"), FACILITY)
def test_facility(nlp: Any, text: str, expected: list[str]) -> None:
    assert [c.value for c in _claims(nlp, text, "deal.facility")] == expected
