"""Entity rules that read organisation, place and facility evidence around a name (nlp/entity_rules.py).

Each table is one rule; every sentence is invented.
"""

from __future__ import annotations

from typing import Any

import pytest

from dealclaims.extract import extract_article
from dealclaims.load import article_from_bytes
from dealclaims.nlp import build_nlp


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


def _ents(nlp: Any, text: str) -> dict[str, str]:
    return {e.text.removeprefix("the "): e.label_ for e in nlp(text).ents}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Norway's Vennemark Pumpeverk A/S agreed to buy the plant.", "Vennemark Pumpeverk A/S"),
        ("Vennemark Pumpeverk A/S, headquartered in Odense, makes pumps.", "Vennemark Pumpeverk A/S"),
        (
            "The Odense pump group Vennemark Pumpeverk A/S on Monday agreed to buy it.",
            "Vennemark Pumpeverk A/S",
        ),
        ("Brill Tenney AS said the deal was done as planned.", "Brill Tenney AS"),
        ("Trevani's Orsolo Valves SpA will be sold.", "Orsolo Valves SpA"),
        ("Velm-Halden Corp's plastics unit was sold.", "Velm-Halden Corp"),
    ],
)
def test_a_legal_form_after_capitalised_words_makes_one_company(nlp: Any, text: str, name: str) -> None:
    assert _ents(nlp, text).get(name) == "ORG"


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        # the name starts further left, across a connector: no company is cut out of it
        ("ConAgra said it agreed to buy Brennick of Carroway Inc for cash.", "Carroway Inc"),
        # "Co-operation" is a word, not a legal form
        ("The Gulf Co-operation Council met on Monday.", "Gulf Co"),
        # no name before the legal form
        ("Brill, Tenney and Co Inc advised the board.", "Co Inc"),
        # a word for a body or a bare legal form after "company" is no name of its own
        ("The company Board approved it.", "Board"),
        ("A spokesman for the state tin company PT Velmara Timur said it would comply.", "PT"),
    ],
)
def test_no_company_is_cut_out_of_a_longer_name(nlp: Any, text: str, not_a_name: str) -> None:
    assert not_a_name not in _ents(nlp, text)


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # a word for a company right before the name, or "Y-based" before it: an organisation
        (
            "Swiss industrial group Vellomark Pumpeverk said on Monday it would buy the plant.",
            "Vellomark Pumpeverk",
            "ORG",
        ),
        (
            "Ostrava-based Trennick, whose pumps are used in ships, wants a foothold abroad.",
            "Trennick",
            "ORG",
        ),
        ("Brannmoor-based state producer Kelvgaz will ship the gas.", "Kelvgaz", "ORG"),
        ("He named a supplier whose state company, Kelvgaz, answers to the president.", "Kelvgaz", "ORG"),
        ("Orsolo, which is based in Turin, employs 3,100 people.", "Orsolo", "ORG"),
        # a company noun that does not modify the name leaves a person alone
        ("He sold the company Ann Lee founded.", "Ann Lee", "PERSON"),
        # a known country stays a place; a demonym after "Y-based" stays a demonym
        ("They named the much smaller producer Ecuador among those above quota.", "Ecuador", "GPE"),
        ("A bid by the London-based Swedish financier Erik Vall failed.", "Swedish", "NORP"),
        # a country's name coordinated with a company is a company
        ("Velmont Motors Ltd and Japan's Hoshiro Denki signed a venture agreement.", "Hoshiro Denki", "ORG"),
        (
            "Indian scooter maker Velmont Motors and Japanese battery maker Hoshiro Denki signed.",
            "Hoshiro Denki",
            "ORG",
        ),
        # a name the model missed after a word for a company, or before "which is based in"
        ("Estvane's state rail company Ostrail will build the line.", "Ostrail", "ORG"),
        ("Ostrail, which is based in Valdra, will lay the track.", "Ostrail", "ORG"),
        # an agent noun may name a person: "investor X" stays a person
        ("Activist investor Carl Orlan said he would sell.", "Carl Orlan", "PERSON"),
        # "the port of X", "X's mayor", "headquartered in X": a place
        ("The pipeline runs to the port of Haldvik.", "Haldvik", "GPE"),
        ("Haldvik's mayor, Anna Lorr, welcomed the agreement.", "Haldvik", "GPE"),
        # "X, a 40-km pipeline": a facility
        (
            "Gas will flow through the Vessel Sound Interconnector, a subsea pipeline to the coast.",
            "Vessel Sound Interconnector",
            "FAC",
        ),
    ],
)
def test_words_around_a_name_give_its_type(nlp: Any, text: str, name: str, label: str) -> None:
    assert _ents(nlp, text).get(name) == label


@pytest.mark.parametrize(
    ("text", "person", "place"),
    [
        (
            "Minister Dorran spoke first. The Republic of Varnova agreed. The Minister of Energy of Republic of "
            "Varnova Ilse Dorran and her colleague signed.",
            "Ilse Dorran",
            "Varnova",
        ),
    ],
)
def test_a_name_glued_after_its_state_is_split(nlp: Any, text: str, person: str, place: str) -> None:
    ents = _ents(nlp, text)
    assert ents.get(person) == "PERSON"
    assert ents.get(place) == "GPE"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The deal was signed by Dr. Ilse Dorran on Friday.", "Dr. Ilse Dorran"),
        ("It was signed by Mr Tomas Vell and the minister.", "Mr Tomas Vell"),
        ("The deal was signed by Minister Ilse Dorran on Friday.", "Ilse Dorran"),  # a title is no honorific
    ],
)
def test_a_person_mention_keeps_the_honorific_written_before_the_name(nlp: Any, text: str, name: str) -> None:
    article = article_from_bytes(f"{text}\n".encode(), path="people.txt")
    mentions = extract_article(nlp(article.body), article).mentions
    assert name in {m.text for m in mentions if m.label == "PERSON"}
