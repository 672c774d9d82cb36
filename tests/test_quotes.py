"""Quotes: speakers resolved to a person or the issuing body, reported speech, and one remark across sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from dealclaims.consensus.facts import reconcile_claims
from dealclaims.consensus.remarks import is_indirect
from dealclaims.extract.quotes import INDIRECT, extract_quotes
from dealclaims.models import Article, Claim, Evidence, Settings

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.fixture(scope="module")
def nlp() -> Language:
    from dealclaims.nlp import build_nlp

    return build_nlp(Settings())


def quotes_of(nlp: Language, text: str) -> list[Claim]:
    article = Article(
        id="d", path="d.txt", text=text, sha256="0", body=text, body_map=list(range(len(text) + 1))
    )
    return list(extract_quotes(nlp(text), article))


# ---------------------------------------------------------------- speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We will build the second mill before the winter comes," Ilse Brandvold said.', "Ilse Brandvold"),
        # the issuer of a statement, not the statement
        (
            (
                'Talks went on all week. "We will build the second mill before the winter comes," the Ostra '
                "Trade Office's statement said."
            ),
            "Ostra Trade Office",
        ),
        (
            (
                '"We will build the second mill before the winter comes," a statement from the Ostra Trade '
                "Office said."
            ),
            "Ostra Trade Office",
        ),
        # "stated the release": the body last named as speaking
        (
            (
                'The Embassy of Ruritania announced the plan on Monday. "Envoy Mara Quist accompanied a delegation '
                'to sign the memorandum today," stated the release.'
            ),
            "Embassy of Ruritania",
        ),
        # "which": the word before ", which", even when the parser attaches the clause elsewhere
        (
            (
                'The talks were held at the Ministry of Ports, which said "the terms are final and will be '
                'published next week."'
            ),
            "Ministry of Ports",
        ),
        # a title with the person in apposition
        (
            (
                '"The new line will carry grain and containers to the coast," said the Minister of Roads and '
                "Rail, Dr Ana Veld, who signed alongside Prime Minister Ivo Kern."
            ),
            "Ana Veld",
        ),
        # a definite description: the organisation named before whose name holds the noun
        (
            (
                'Caldera Mining opened the plant. "We are ready to build the second plant this year," the company '
                "said."
            ),
            "Caldera Mining",
        ),
    ],
)
def test_speaker_is_a_person_or_the_issuing_body(nlp: Language, text: str, speaker: str) -> None:
    direct = [q for q in quotes_of(nlp, text) if not is_indirect(q)]
    assert [q.subject for q in direct] == [speaker]


# ---------------------------------------------------------------- reported speech


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        (
            (
                "Halvorsen chief executive Erik Lund said the company would sell its shipping arm to fund the "
                "purchase of new mills."
            ),
            [("Erik Lund", "the company would sell its shipping arm to fund the purchase of new mills")],
        ),
        (
            "Lund described the sale as a chance to focus the group on its core steel business.",
            [("Lund", "the sale as a chance to focus the group on its core steel business")],
        ),
        # the complement is a direct quotation: no second, indirect claim
        ('Lund said: "We will sell the shipping arm to fund the purchase of new mills."', []),
        # no reported words
        ("Erik Lund announced the sale on Monday.", []),
        ("The Ostra Trade Office announced the plan, as per a press release on Monday.", []),
        # too short to match anything by chance
        ("Lund said it was good news.", []),
    ],
)
def test_reported_speech(nlp: Language, text: str, reported: list[tuple[str, str]]) -> None:
    indirect = [(q.subject, q.text) for q in quotes_of(nlp, text) if is_indirect(q)]
    assert indirect == reported


# ---------------------------------------------------------------- one remark across sources

FULL = (
    "This agreement gives the northern mills the capital they have waited a generation for, and we intend "
    "to invest in both plants"
)


def quote(source: str, text: str, speaker: str | None, indirect: bool = False, start: int = 0) -> Claim:
    ev = Evidence(source=source, text=text, start=start, end=start + len(text))
    return Claim(
        id=f"{source}-{start}",
        slot="quote",
        subject=speaker,
        value=text.lower(),
        value_kind="quote",
        text=text,
        qualifiers=[INDIRECT] if indirect else [],
        attributed_to=speaker,
        source=source,
        evidence=ev,
    )


@pytest.mark.parametrize(
    ("claims", "facts", "conflicts"),
    [
        # in full, in part (a long enough piece), and reported by the same speaker: one fact
        (
            [
                quote("a", FULL, "p:lund"),
                quote(
                    "b", "the capital they have waited a generation for, and we intend to invest", "p:lund"
                ),
                quote(
                    "c",
                    "the agreement gave the northern mills the capital they have waited a generation for",
                    "p:lund",
                    indirect=True,
                ),
            ],
            [["a", "b", "c"]],
            [],
        ),
        # the same words given to two people: one remark, two sides of an attribution conflict
        (
            [quote("a", FULL, "p:lund"), quote("b", FULL, "p:roe"), quote("c", FULL, "p:lund")],
            [["a", "c"], ["b"]],
            ["attribution_mismatch"],
        ),
        # reported speech of another speaker is not that quote
        (
            [quote("a", FULL, "p:lund"), quote("b", FULL, "p:lund"), quote("c", FULL, "p:roe", True)],
            [["a", "b"]],
            [],
        ),
        # reported speech that paraphrases no direct quote is not a quote fact
        ([quote("a", FULL, "p:lund", True), quote("b", FULL, "p:lund", True)], [], []),
        # a short common phrase inside a long quote is not that quote
        ([quote("a", FULL, "p:lund"), quote("b", "we intend to invest", "p:lund")], [["a"], ["b"]], []),
    ],
)
def test_one_remark_across_sources(claims: list[Claim], facts: list[list[str]], conflicts: list[str]) -> None:
    got, found = reconcile_claims(claims)
    assert sorted(f.sources for f in got) == facts
    assert [c.kind for c in found] == conflicts


def test_a_quote_fact_shows_the_fullest_direct_wording() -> None:
    claims = [
        quote("a", FULL, "p:lund"),
        quote("b", FULL, "p:lund"),
        quote("c", "the capital they have waited a generation for, and we intend to invest", "p:lund"),
        quote(
            "d",
            "the agreement gave the northern mills the capital they have waited a generation for, "
            "and they intend to invest in both plants and more",
            "p:lund",
            indirect=True,
        ),
    ]
    [fact] = reconcile_claims(claims)[0]
    assert fact.text == FULL and fact.support == 4
