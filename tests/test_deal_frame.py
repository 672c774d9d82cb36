"""The deal frame (extract/deal.py): triggers, roles from the parse, the article's own deal vs other deals."""

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
    article = article_from_bytes(f"---\npublished: 2031-05-07\n---\n{body}\n".encode(), path="deal.txt")
    return [c.value for c in extract_article(nlp(article.body), article).claims if c.slot == slot]


# buyer / target, bidder / target, signatories: the parties of the article's deal
PARTIES = [
    (
        "Caldera Mining Corp agreed on Monday to buy Halvorsen Steel Inc for $40 a share.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Caldera Mining Corp will acquire Halvorsen Steel Inc in an all-cash deal.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Halvorsen Steel Inc agreed to be acquired by Caldera Mining Corp.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Caldera Mining Corp's takeover of Halvorsen Steel Inc is valued at $3 billion.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Caldera Mining Corp said it offered to buy Halvorsen Steel Inc.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Halvorsen Steel Inc rejected Caldera Mining Corp's offer to acquire Halvorsen Steel Inc.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Caldera Mining Corp made a $2 billion bid for Halvorsen Steel Inc.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "The merger of Caldera Mining Corp and Halvorsen Steel Inc was approved.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Caldera Mining Corp signed a supply agreement with Halvorsen Steel Inc on Tuesday.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "The pact between Caldera Mining Corp and Halvorsen Steel Inc runs for ten years.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARTIES)
def test_parties_from_the_parse(nlp: Any, text: str, expected: list[str]) -> None:
    assert expected in _claims(nlp, text, "deal.parties")


COUNTRIES = [
    ("Ukraine and Canada signed a minerals agreement in Ottawa on Tuesday.", ["Canada", "Ukraine"]),
]


@pytest.mark.parametrize(("text", "expected"), COUNTRIES)
def test_governments_signing_are_countries(nlp: Any, text: str, expected: list[str]) -> None:
    assert expected in _claims(nlp, text, "deal.countries")


# one side only, or a description of a party: no parties
NO_PARTIES = [
    "Caldera Mining Corp has grown through the acquisitions of Halvorsen Steel Inc and Brisk Metals Inc.",
    "Caldera Mining Corp said it may buy more shares in the open market.",
]


@pytest.mark.parametrize("text", NO_PARTIES)
def test_one_sided_frames_name_no_parties(nlp: Any, text: str) -> None:
    assert _claims(nlp, text, "deal.parties") == []


# a rival or background deal keeps its own parties, in deal.related
RELATED = [
    (
        (
            "Caldera Mining Corp agreed to buy Halvorsen Steel Inc on Monday. "
            "Brisk Metals Inc made a rival bid for Halvorsen Steel Inc in April."
        ),
        ["Brisk Metals Inc", "Halvorsen Steel Inc"],
    ),
    (
        (
            "Caldera Mining Corp agreed to buy Halvorsen Steel Inc on Monday. "
            "Last year, Caldera Mining Corp agreed to buy Brisk Metals Inc."
        ),
        ["Brisk Metals Inc", "Caldera Mining Corp"],
    ),
]


@pytest.mark.parametrize(("text", "other"), RELATED)
def test_other_deals_are_related_not_this_deal(nlp: Any, text: str, other: list[str]) -> None:
    assert other not in _claims(nlp, text, "deal.parties")
    assert other in [v["parties"] for v in _claims(nlp, text, "deal.related")]


TYPES = [
    ("Caldera Mining Corp agreed to buy Halvorsen Steel Inc.", "acquisition"),
    ("Halvorsen Steel Inc said a third party offered to acquire the company.", "acquisition"),
    ("Caldera Mining Corp launched a tender offer for Halvorsen Steel Inc.", "tender offer"),
    ("The port authority granted Brisk Terminals Ltd a 30-year concession on Tuesday.", "concession"),
    ("Caldera Mining Corp agreed to a leveraged buyout of Halvorsen Steel Inc.", "buyout"),
]


@pytest.mark.parametrize(("text", "kind"), TYPES)
def test_deal_type(nlp: Any, text: str, kind: str) -> None:
    assert kind in _claims(nlp, text, "deal.type")


def test_a_party_description_is_not_the_deal_type(nlp: Any) -> None:
    text = (
        "Brisk Terminals Ltd, a joint venture of two shippers, signed a concession with the port authority."
    )
    assert "joint venture" not in _claims(nlp, text, "deal.type")


# a dateline's places are not parties; a dash inside "60-40" is no dateline
DATELINES = [
    ("BRANTFORD, Ontario, May 7 - Caldera Mining Corp signed a pact with Halvorsen Steel Inc.", "Caldera"),
    ("BRANTFORD, May 7 (Wirecast) - Caldera Mining Corp signed a pact with Halvorsen Steel Inc.", "Caldera"),
    (
        "Caldera Mining Corp, a 60-40 venture of two miners, signed a pact with Halvorsen Steel Inc.",
        "Caldera",
    ),
]


@pytest.mark.parametrize(("text", "first"), DATELINES)
def test_dateline_end(nlp: Any, text: str, first: str) -> None:
    from dealclaims.extract.deal import dateline_end

    sent = next(iter(nlp(text).sents))
    assert sent.doc[dateline_end(sent)].text == first


def test_an_unknown_place_in_a_buyer_role_is_a_firm(nlp: Any) -> None:
    from dealclaims.extract.deal import DealFrame

    doc = nlp("Caldera agreed to buy Halvorsen.")
    frame = DealFrame(doc[3], "acquisition")
    frame.add("target", [doc.char_span(22, 31, label="GPE")])
    frame.add("buyer", [doc.char_span(0, 7, label="ORG")])
    assert frame.parties() == {"Halvorsen": "ORG", "Caldera": "ORG"}


SAME_PARTIES = [
    (["U.S. Caldera Corp", "Halvorsen"], ["Halvorsen Steel Inc", "US Caldera Corp"], True),
    (["Caldera", "Halvorsen"], ["Caldera Mining Corp", "Halvorsen Steel Inc"], True),
    (["CMC", "Halvorsen"], ["Caldera Mining Corp", "Halvorsen Steel Inc"], True),
    (["BMI", "Halvorsen"], ["Caldera Mining Corp", "Halvorsen Steel Inc"], False),
    (["CM", "Halvorsen"], ["Caldera Mining Corp", "Halvorsen Steel Inc"], True),
    (["Brisk Metals", "Halvorsen"], ["Caldera Mining Corp", "Halvorsen Steel Inc"], False),
]


@pytest.mark.parametrize(("a", "b", "same"), SAME_PARTIES)
def test_one_articles_spellings_of_its_parties(a: list[str], b: list[str], same: bool) -> None:
    from dealclaims.extract.deal import _same_parties

    assert _same_parties(a, b) is same
