"""Dates and places of the deal event (extract/when_where.py, dates.py) and place containment (places.py)."""

from __future__ import annotations

from typing import Any

import pytest

from dealclaims.dates import resolve_date
from dealclaims.extract import extract_article
from dealclaims.load import article_from_bytes
from dealclaims.nlp import build_nlp
from dealclaims.places import place_contains

PUBLISHED = "2031-05-07"  # a Wednesday


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


def _claims(nlp: Any, body: str, slot: str, published: str | None = PUBLISHED) -> list[Any]:
    front = f"---\npublished: {published}\n---\n" if published else ""
    article = article_from_bytes(f"{front}{body}\n".encode(), path="when.txt")
    return [c for c in extract_article(nlp(article.body), article).claims if c.slot == slot]


RESOLVE = [
    ("Monday", "2031-05-05"),
    ("on Tuesday", "2031-05-06"),
    ("yesterday", "2031-05-06"),
    ("today", "2031-05-07"),
    ("earlier today", "2031-05-07"),
    ("On April 30", "2031-04-30"),
    ("Dec. 18", "2031-12-18"),
    ("14 October 2031", "2031-10-14"),
    ("four months", None),
    ("within two years", None),
    ("the last trading day", None),
    ("months", None),
]


@pytest.mark.parametrize(("text", "expected"), RESOLVE)
def test_resolve_date(text: str, expected: str | None) -> None:
    assert resolve_date(text, PUBLISHED) == expected


def test_a_dated_phrase_resolves_without_publication() -> None:
    assert resolve_date("14 October 2031", None) == "2031-10-14"
    assert resolve_date("Monday", None) is None


DEAL_DATES = [
    ("Caldera Mining Corp agreed on Monday to buy Halvorsen Steel Inc.", "2031-05-05", "agreement"),
    ("The agreement was signed Tuesday at the Kestrel Hall in Brantford.", "2031-05-06", "signing"),
    ("Caldera Mining Corp and Halvorsen Steel Inc today signed a supply agreement.", "2031-05-07", "signing"),
    ("The companies announced on April 30 that they had agreed to merge.", "2031-04-30", "announcement"),
    (
        "The government on Tuesday handed the port to Brisk Terminals Ltd, signing a concession.",
        "2031-05-06",
        "signing",
    ),
    # a weekday and a date in one phrase: the date
    (
        "Caldera Mining Corp announced on Tuesday, May 6 that it will acquire Halvorsen Steel.",
        "2031-05-06",
        "announcement",
    ),
    # the deal announced (a participle on the deal, a passive); a signing ceremony held
    (
        "The deal, announced on Monday, values Halvorsen Steel Inc at $3 billion.",
        "2031-05-05",
        "announcement",
    ),
    ("The merger was announced on Monday in New York.", "2031-05-05", "announcement"),
    ("The signing ceremony took place on Tuesday at the Kestrel Hall.", "2031-05-06", "signing"),
    (
        "Caldera Mining Corp and Halvorsen Steel Inc said on Monday they would combine.",
        "2031-05-05",
        "agreement",
    ),
    ("The accord was signed on Tuesday evening at the Kestrel Hall.", "2031-05-06", "signing"),
    # "put their names to" a pact is a signing
    (
        "The two ministers put their names to a gas supply agreement in Brantford on Monday.",
        "2031-05-05",
        "signing",
    ),
]


@pytest.mark.parametrize(("text", "iso", "event"), DEAL_DATES)
def test_deal_date_of_the_event(nlp: Any, text: str, iso: str, event: str) -> None:
    claims = _claims(nlp, text, "deal.date")
    assert iso in [c.value for c in claims]
    assert event in [q.value for c in claims for q in c.qualifiers if q.kind == "event"]


NOT_DEAL_DATES = [
    "Caldera Mining Corp agreed to buy Halvorsen Steel Inc, whose shares closed at $30 on April 28.",
    "The deal is expected to close within four months.",
    "Treasury Secretary Jane Roe said on Monday that the review would be routine.",
    # an earlier deal: a signing dated long before the article
    "The agreement builds on the memorandum of understanding the two governments signed on 2 March 2029.",
    "The memorandum of understanding was signed in Brantford in 2028.",
    "A ceremony will be held on Friday to open the new terminal.",
]


@pytest.mark.parametrize("text", NOT_DEAL_DATES)
def test_dates_not_of_the_event(nlp: Any, text: str) -> None:
    assert [c.value for c in _claims(nlp, text, "deal.date")] in ([], ["2031-05-07"])


def test_an_unresolvable_weekday_is_kept_as_written(nlp: Any) -> None:
    claims = _claims(nlp, "Caldera Mining Corp signed the agreement on Tuesday.", "deal.date", published=None)
    assert [c.value for c in claims] == ["tuesday"]


PLACES = [
    ("The agreement was signed in Washington on Tuesday.", ["Washington"]),
    ("The agreement was signed at the Kestrel Hall in Brantford on Tuesday.", ["Kestrel Hall", "Brantford"]),
    ("The pact was signed in Brantford between Caldera Mining Corp and Halvorsen Steel Inc.", ["Brantford"]),
    # a building before its city, whatever the order of writing
    (
        "On 6 May in city of Brantford, in Kestrel Hall, the ministers signed the accord.",
        ["Kestrel Hall", "Brantford"],
    ),
    # the parse hangs the place on the pact
    ("The ministers put their names to a supply agreement in Brantford on Monday.", ["Brantford"]),
]


def test_an_earlier_deal_has_no_place_here(nlp: Any) -> None:
    text = "The memorandum of understanding was signed in Brantford on 2 March 2029."
    assert _claims(nlp, text, "deal.location") == []


@pytest.mark.parametrize(("text", "expected"), PLACES)
def test_signing_place(nlp: Any, text: str, expected: list[str]) -> None:
    assert expected in [c.value for c in _claims(nlp, text, "deal.location")]


def test_a_dateline_is_not_the_place(nlp: Any) -> None:
    text = "BRANTFORD, May 7 - Caldera Mining Corp agreed on Monday to buy Halvorsen Steel Inc."
    assert _claims(nlp, text, "deal.location") == []


CONTAINS = [
    ("Missouri", "St. Louis", True),
    ("United States", "St. Louis", True),
    ("U.S.", "Missouri", True),
    ("France", "Paris", True),
    ("Brantford", "Kestrel Hall, Brantford", True),
    ("Texas", "Paris", False),  # a bare name is its most populous namesake
    ("Paris", "France", False),
    ("Missouri", "Missouri", False),
    ("Brantford", "Kalvoria", False),
    # a city written with its province where the gazetteer cannot place it in one: taken as written
    ("Calgary", "Calgary, Alberta", True),
    ("Washington", "Washington, Pennsylvania", False),  # the bare name is the capital, elsewhere
]


@pytest.mark.parametrize(("general", "specific", "expected"), CONTAINS)
def test_place_contains(general: str, specific: str, expected: bool) -> None:
    assert place_contains(general, specific) is expected
