"""Volumes with a unit and a rate, "a year" as a rate, lengths of time, and totals on a valuation basis.

Every sentence is invented; each table is one rule (extract/figures.py, extract/units.py, extract/amounts.py,
extract/side_figures.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from dealclaims.extract import extract_article
from dealclaims.extract.figures import find_figures, find_qualifiers
from dealclaims.load import article_from_bytes
from dealclaims.nlp import build_nlp


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


@pytest.mark.parametrize(
    ("text", "amount", "unit", "qualifiers"),
    [
        (
            "will supply up to 3.5 billion cubic metres of gas per year",
            3.5e9,
            "m3",
            [("hedge", "up to"), ("scope", "annual")],
        ),
        ("securing up to 3.5 bcm a year of gas", 3.5e9, "m3", [("hedge", "up to"), ("scope", "annual")]),
        (
            "as much as 3.5 billion cubic meters annually",
            3.5e9,
            "m3",
            [("hedge", "as much as"), ("scope", "annual")],
        ),
        ("a field holding 2 tcf of gas", 2e12, "ft3", []),
        ("sales of 40 mcm", 4e7, "m3", []),
        # "a year ago" is a point in time, not a rate
        ("output of 3 mln tonnes, up from a year ago", 3e6, "t", []),
        # a length of time is never "annual"
        ("volumes delivered annually for the period of twenty years", 20, "year", []),
    ],
)
def test_volumes_and_rates(text: str, amount: float, unit: str, qualifiers: list[tuple[str, str]]) -> None:
    fig = next(f for f in find_figures(text) if f.unit == unit)
    assert fig.amount == amount
    assert [(q.kind, q.value) for q in find_qualifiers(text, fig)] == qualifiers


@pytest.mark.parametrize(
    ("text", "amount", "slot", "scope"),
    [
        # a total on a valuation basis is the deal's value even in a sentence with no deal word
        (
            "Including Orrin's net debt, that is an enterprise value of C$2.4bn, or about 9x earnings.",
            2.4e9,
            "deal.value",
            "enterprise value",
        ),
        ("That gives the business an equity value of $1.5 billion.", 1.5e9, "deal.value", "equity value"),
        # raising equity is no valuation
        (
            "Its debt fell by about 1.5 billion dlrs through asset sales and equity offerings.",
            1.5e9,
            "stat",
            None,
        ),
        # without a basis, a bare total in such a sentence stays a plain figure
        ("That is about 9x earnings, or C$2.4bn for the plant.", 2.4e9, "stat", None),
    ],
)
def test_a_total_on_a_valuation_basis_is_the_deal_value(
    nlp: Any, text: str, amount: float, slot: str, scope: str | None
) -> None:
    article = article_from_bytes(f"{text}\n".encode(), path="note.txt")
    claims = [
        c
        for c in extract_article(nlp(article.body), article).claims
        if isinstance(c.value, dict) and c.value.get("amount") == amount
    ]
    assert {c.slot for c in claims} == {slot}
    if scope:
        assert scope in {q.value for c in claims for q in c.qualifiers}
