"""Titles by grammar: the pure title key and compatibility (no model), and the extractor (pinned model)."""

from __future__ import annotations

import pytest

from dealclaims.consensus.clusters import normalize_title
from dealclaims.consensus.conflicts import _title_conflicts
from dealclaims.extract.people import titled_people
from dealclaims.lexicon import load_lexicon
from dealclaims.models import Claim, Evidence
from dealclaims.nlp import build_nlp
from dealclaims.titles import compatible_titles, title_key, title_refines


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("CEO", "chief executive"),
        ("Chief Executive Officer", "chief executive"),
        ("chief executive", "chief executive"),
        ("Economy Minister", "minister of econom"),
        ("Minister of Economy", "minister of econom"),
        ("Minister for Economic Affairs", "minister of econom"),
        ("Economy and Energy Minister", "minister of econom energ"),
        ("Minister of Economic Affairs and Energy", "minister of econom energ"),
        ("Foreign Affairs Minister", "minister of foreign"),
        ("the finance minister", "minister of financ"),
        ("Financial Affairs Minister", "minister of financ"),
        ("Treasury Secretary", "secretary of treasur"),
        ("PM", "prime minister"),
        ("Chairwoman", "chairman"),
        ("Director-General", "director general"),
        ("vice president and general counsel", "general counsel and vice president"),
        ("President and Chief Executive Officer", "chief executive and president"),
        ("Deputy Trade Minister", "deputy minister of trade"),
        ("Chargé d'Affaires (CDA)", "chargé d'affaires"),
    ],
)
def test_title_key(title: str, key: str) -> None:
    assert title_key(title) == key


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("CEO", "chief executive officer", True),
        ("chief executive", "President and Chief Executive Officer", True),
        ("Economy Minister", "First Deputy Prime Minister and Minister of Economy", True),
        ("Trade Minister", "Minister of Trade and Industry", True),
        ("Minister", "Finance Minister", True),
        ("Finance Minister", "Minister of Economy", False),
        ("chairman", "chief executive", False),
        ("Trade Minister", "Deputy Trade Minister", False),
        ("president", "vice president", False),
        ("Treasury Secretary", "Secretary", True),
        ("Economy and Energy Minister", "Minister for Economic Affairs and Energy", True),
        ("Economy minister", "Minister of Economic Affairs and Energy", True),
        ("Foreign Affairs Minister", "Foreign Minister", True),
        ("Foreign Minister", "Minister for Economic Affairs and Energy", False),
        ("Financial Affairs Minister", "Minister of Economy", False),
    ],
)
def test_compatible_titles(a: str, b: str, compatible: bool) -> None:
    assert compatible_titles(a, b) is compatible
    assert compatible_titles(b, a) is compatible


@pytest.mark.parametrize(
    ("specific", "general", "refines"),
    [
        ("Minister of Trade and Industry", "Trade Minister", True),
        ("President and Chief Executive Officer", "CEO", False),
        ("Trade Minister", "Minister of Trade and Industry", False),
        ("CEO", "chief executive", False),
        ("Finance Minister", "Economy Minister", False),
    ],
)
def test_title_refines(specific: str, general: str, refines: bool) -> None:
    assert title_refines(specific, general) is refines


@pytest.mark.parametrize(
    ("title", "normalised"),
    [
        ("US Chargé d'Affaires (CDA)", "chargé d'affaires"),
        ("Chief Executive Officer", "chief executive"),
        ("Economy Minister", "minister of econom"),
    ],
)
def test_normalize_title(title: str, normalised: str) -> None:
    assert normalize_title(title, load_lexicon()) == normalised


def _claim(source: str, title: str) -> Claim:
    ev = Evidence(source=source, start=0, end=1, text="x")
    return Claim(slot="person.title", subject="p", value=title, text=title, source=source, evidence=ev)


@pytest.mark.parametrize(
    ("titles", "sides"),
    [
        ({"a": "CEO", "b": "President and Chief Executive Officer", "c": "chairman"}, [["a", "b"], ["c"]]),
        ({"a": "Economy Minister", "b": "Minister of Economy", "c": "Finance Minister"}, [["a", "b"], ["c"]]),
        ({"a": "Trade Minister", "b": "Deputy Trade Minister"}, [["a"], ["b"]]),
        ({"a": "CEO", "b": "chief executive officer"}, []),
        ({"a": "Trade Minister", "b": "Minister of Trade and Industry"}, []),
    ],
)
def test_title_conflicts(titles: dict[str, str], sides: list[list[str]]) -> None:
    clusters: dict[str, list[Claim]] = {}
    for source, title in titles.items():
        clusters.setdefault(normalize_title(title, load_lexicon()), []).append(_claim(source, title))
    conflicts = _title_conflicts("person.title", "p", list(clusters.values()))
    got = sorted(sorted(v.sources) for c in conflicts for v in c.variants)
    assert got == sorted(sides)
    assert all(c.kind == "title_mismatch" for c in conflicts)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # before the name, capitalised or wire-style lower case; the org kept apart
        (
            "Treasury Secretary Jane Roe said the review would be routine.",
            ("Jane Roe", "Treasury Secretary", None),
        ),
        (
            "Halvorsen chief executive Erik Lund told reporters the plant would stay open.",
            ("Erik Lund", "chief executive", "Halvorsen"),
        ),
        (
            "Caldera president and chief operating officer Priya Raman said the deal was done.",
            ("Priya Raman", "president and chief operating officer", "Caldera"),
        ),
        (
            "Deputy Transport Minister Marta Lind told the paper about it.",
            ("Marta Lind", "Deputy Transport Minister", None),
        ),
        (
            "Prime Minister Oren Vale said the town had waited long enough.",
            ("Oren Vale", "Prime Minister", None),
        ),
        (
            "Chief of the Army Staff Field Marshal Omar Qadir met the delegation.",
            ("Omar Qadir", "Chief of the Army Staff Field Marshal", None),
        ),
        (
            "US Chargé d'Affaires (CDA) Maria Okafor attended the ceremony.",
            ("Maria Okafor", "Chargé d'Affaires", "US"),
        ),
        (
            "In a letter to Brenco chairman and chief executive A. Paul Dorsey, the group said it would bid.",
            ("A. Paul Dorsey", "chairman and chief executive", "Brenco"),
        ),
        (
            "Kestrel vice president and general counsel Mark Tull said the company would sue.",
            ("Mark Tull", "vice president and general counsel", "Kestrel"),
        ),
        (
            '"It is worth more," Pershing and Co analyst Richard Hale said.',
            ("Richard Hale", "analyst", "Pershing and Co"),
        ),
        # in apposition after the name, with "of X" as org or portfolio
        (
            '"We are pleased," said Erik Lund, chief executive of Halvorsen.',
            ("Erik Lund", "chief executive", "Halvorsen"),
        ),
        (
            "Anton Berg, First Deputy Prime Minister and Minister of Economy of the Republic of Norland, witnessed it.",
            ("Anton Berg", "First Deputy Prime Minister and Minister of Economy", "the Republic of Norland"),
        ),
        (
            "Dr Marta Lind, the transport minister, promised local jobs.",
            ("Marta Lind", "transport minister", None),
        ),
        (
            "The general manager of the plant, Tom Ash, said output would rise.",
            ("Tom Ash", "general manager", None),
        ),
        (
            "The Norland Minister for Trade and Industry, Ola Berg, signed the accord on Monday.",
            ("Ola Berg", "Minister for Trade and Industry", "Norland"),
        ),
        (
            "Secretary of State Ana Ruiz and Foreign Minister Omar Qadir signed the agreement.",
            ("Omar Qadir", "Foreign Minister", None),
        ),
        (
            "HALVORSEN CHIEF EXECUTIVE ERIK LUND SAID THE DEAL WAS DONE.",
            ("ERIK LUND", "CHIEF EXECUTIVE", "HALVORSEN"),
        ),
        # a sentence's first word is capitalised anyway; coordinated portfolios; a portfolio, then its state
        (
            "Finance director Ida Vang said the debt would fall by 2034.",
            ("Ida Vang", "Finance director", None),
        ),
        (
            "Portfolio manager Lena Marsh of Oakdene Capital said the board sold too early.",
            ("Lena Marsh", "Portfolio manager", None),
        ),
        (
            "Norland Economy and Energy Minister Ola Berg signed the accord.",
            ("Ola Berg", "Economy and Energy Minister", "Norland"),
        ),
        (
            "On 3 May the Minister of Economic Affairs and Energy of Kingdom of Norland Mr. Ola Berg has signed it.",
            ("Ola Berg", "Minister of Economic Affairs and Energy", "Kingdom of Norland"),
        ),
        (
            "Marta Velling, the country's energy minister, said the pipeline was safe.",
            ("Marta Velling", "energy minister", None),
        ),
        # a possessor's title, then the name
        (
            "Halvorsen's chief executive, Erik Lund, said the company had run out of road.",
            ("Erik Lund", "chief executive", "Halvorsen"),
        ),
        (
            "It was signed before Norland's First Deputy Prime Minister and Minister of Economy, Anton Berg.",
            ("Anton Berg", "First Deputy Prime Minister and Minister of Economy", "Norland"),
        ),
        # a place written before "-based" modifies the firm: it is not the office's complement
        (
            "Tobias Wren, President of Osaka-based Halvane Denko, said the plant would open in 2035.",
            ("Tobias Wren", "President", None),
        ),
    ],
)
def test_titled_people(nlp, text: str, expected: tuple[str, str, str | None]) -> None:  # type: ignore[no-untyped-def]
    got = [(tp.person.text, tp.phrase.title, tp.phrase.org) for tp in titled_people(nlp(text))]
    assert expected in got


@pytest.mark.parametrize(
    "text",
    [
        "The General Partners group said it would raise its bid.",
        "A spokesman for the company declined to comment.",
        "The minister said the talks would resume on Monday.",
        "The offer was made by General Acquisition Inc, an affiliate of the group.",
        "A general strike was called by the unions in Oslo.",
        "Jane Roe, who became president in 2020, said the board agreed.",
    ],
)
def test_no_titled_person(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert titled_people(nlp(text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an office stated by its verb, now or to come
        ('"We will grow," said Jane Roe, who will chair the combined bank.', [("Jane Roe", "chair")]),
        ("Jane Roe chairs the board of Orrick Metals.", [("Jane Roe", "chair")]),
        # a past office, and a verb that names no office
        ("Jane Roe chaired the bank until 2020.", []),
        ("Jane Roe will lead the combined bank.", []),
    ],
)
def test_an_office_stated_by_a_verb(nlp, text: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    from dealclaims.extract.people import verb_title_claims
    from dealclaims.load import article_from_bytes

    article = article_from_bytes(text.encode(), path="titles.txt")
    got = [(c.subject, c.value) for c in verb_title_claims(nlp(article.body), article)]
    assert got == expected
