"""stat.milestone: the year a deal's first deliveries are scheduled for (extract/milestones.py)."""

from __future__ import annotations

from typing import Any

import pytest

from dealclaims.extract import extract_article
from dealclaims.load import article_from_bytes
from dealclaims.nlp import build_nlp


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


def _milestones(nlp: Any, text: str) -> list[int]:
    article = article_from_bytes(f"{text}\n".encode(), path="note.txt")
    claims = extract_article(nlp(article.body), article).claims
    return [c.value["amount"] for c in claims if c.slot == "stat.milestone"]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("First deliveries are scheduled for October 2041.", [2041]),
        ("First gas is due in 2039, according to the ministry.", [2039]),
        ("First deliveries of the new valve line are scheduled for March 2040.", [2040]),
        ("The first shipments are expected by 2040.", [2040]),
        ("The first phase, costing about $90 million, is scheduled to open in 2037.", [2037]),
        ("The first phase will add 2 million tonnes of capacity and is scheduled to open in 2036.", [2036]),
        ("Commissioning is planned for 2038.", [2038]),
        # a date that schedules no start is no milestone
        ("The memorandum was signed in March 2029.", []),
        ("Deliveries rose in 2031.", []),
        ("The deal is expected to close in the fourth quarter of 2032.", []),
    ],
)
def test_scheduled_first_deliveries(nlp: Any, text: str, years: list[int]) -> None:
    assert _milestones(nlp, text) == years
