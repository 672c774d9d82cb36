"""org.hq from descriptors: "Y-based" runs, a town's possessive and a definite company noun (organisations.py).

Every sentence is invented; each table is one rule.
"""

from __future__ import annotations

from typing import Any

import pytest

from dealclaims.nlp import build_nlp
from helpers import hq_claims as _hq


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Y-based" before the words for what the company is, then its name
        ("Brannmoor-based state producer Kelvgaz will ship the gas.", {"Kelvgaz": "Brannmoor"}),
        # "Y-based X" where the model tagged X a place
        ("Bergen-based Trennick, whose pumps are used in ships, wants a foothold.", {"Trennick": "Bergen"}),
        # a definite company noun with no name refers to the object named before it
        (
            "Vellomark Group said it agreed to buy Orrin Controls Inc for $38 a share in cash, valuing the "
            "Halifax-based maker of valves at about $2 billion.",
            {"Orrin Controls Inc": "Halifax"},
        ),
        # ... but never to a possessor's company
        (
            "Tarvik Steel will acquire Brennard Mills, adding capacity to the Dunmere-based producer's mills.",
            {},
        ),
        # "which", not "who": a company the model took for a person
        ("Orsolo, which is based in Turin, employs 3,100 people.", {"Orsolo": "Turin"}),
        # a town's possessive names the seat; a country's only the nationality
        ("Halifax's Orrin Controls Inc. will be sold to a rival.", {"Orrin Controls Inc": "Halifax"}),
        ("Winnipeg's Orrin Controls Inc. will be sold to a rival.", {"Orrin Controls Inc": "Winnipeg"}),
        ("Norway's Orrin Controls Inc. will be sold to a rival.", {}),
        # an owner's possessive is no seat
        ("The utilities will buy the mining unit of Nacrow's North Coast Coal Co.", {}),
        # a known city opening the sentence, which the tagger reads as a common noun
        ("Lyon-based Orrin Controls said on Monday it would merge with a rival.", {"Orrin Controls": "Lyon"}),
        # "X is based in Y" where the model took X for a person, but the article names X as a firm
        (
            "Crédit Malvoisin S.A. and a rival signed the merger.\n\nCrédit Malvoisin is based in Lyon.",
            {"Crédit Malvoisin": "Lyon"},
        ),
    ],
)
def test_hq_from_descriptors(nlp: Any, text: str, expected: dict[str, str]) -> None:
    assert _hq(nlp, text) == expected
