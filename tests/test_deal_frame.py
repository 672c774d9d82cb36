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
    # a sale to a buyer: the buyer and what is sold
    (
        "Halvorsen Steel Inc will be sold to Caldera Mining Corp for $40 a share.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Brisk Holdings agreed to sell Halvorsen Steel Inc to Caldera Mining Corp.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    # "pay ... for Y", "Y agreed to a takeover by X", "X completed its purchase of Y"
    (
        "Caldera Mining Corp will pay $40 a share in cash for each Halvorsen Steel Inc share.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Halvorsen Steel Inc agreed to a $2 billion takeover by Caldera Mining Corp.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Caldera Mining Corp completed its purchase of Halvorsen Steel Inc on Tuesday.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    # "X and Y ... would combine": a merger (intransitive only)
    (
        "Caldera Mining Corp and Halvorsen Steel Inc said on Monday they would combine in an all-stock merger.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    # a venture agreed "with" the other side, on the verb or the verb that controls it
    (
        "Caldera Mining Corp said on Tuesday it had agreed with Halvorsen Steel Inc to set up a joint venture.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Caldera Mining Corp will form a joint venture with Halvorsen Steel Inc to make steel.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    # "and Japanese battery maker Y": the name after a firm noun, however the parse attaches it
    (
        "Indian scooter maker Orrick Motors and Japanese battery maker Halvane Denki signed an agreement in "
        "Pune on Tuesday to build a factory.",
        ["Halvane Denki", "Orrick Motors"],
    ),
    # a unit bought or sold without a name of its own: the deal is with its owner
    (
        "Caldera Mining Corp agreed to buy the coatings business of Halvorsen Steel Inc for $1 billion.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Halvorsen Steel Inc has agreed to sell its coatings division to Caldera Mining Corp.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    # a named unit bought from its parent: the seller is a party too
    (
        "Caldera Mining Corp will acquire Halvorsen Coatings Inc from Halvorsen Steel Inc.",
        ["Caldera Mining Corp", "Halvorsen Coatings Inc", "Halvorsen Steel Inc"],
    ),
    # the parse hung the subject on the dateline; the agreement's verb sits above a preposition
    (
        "CLEVELAND, Sept. 12, 2030 - Caldera Mining Corporation (NYSE: CLDM) today announced that it has "
        "entered into a definitive agreement to acquire Halvorsen Steel Inc.",
        ["Caldera Mining Corporation", "Halvorsen Steel Inc"],
    ),
    # merged "with" a name the model took for a person: people are not merged with
    (
        "Italian lender Banca Orrick agreed on Monday to merge with Crédit Malvoisin in an all-stock deal.",
        ["Banca Orrick", "Crédit Malvoisin"],
    ),
    # a firm's name with a legal form the tokenizer splits ("A/S"), after a firm noun
    (
        "The Odense hydraulics group Vennemark Hydraulik A/S agreed to buy Halvorsen Steel Inc.",
        ["Halvorsen Steel Inc", "Vennemark Hydraulik A/S"],
    ),
    (
        "Halvorsen Steel Inc will be sold to Norway's Vennemark Hydraulik A/S for $40 a share.",
        ["Halvorsen Steel Inc", "Vennemark Hydraulik A/S"],
    ),
]

# a release's signature line: each signer's titles are listed beside the name; an office is never a party
SIGNERS_TITLES = [
    (
        "The agreement was signed by Ms. Edda Morrow, Managing Director and Chief Executive Officer, "
        "Caldera Mining Limited, and Mr. Tobias Wren, Representative Director and President, "
        "Halvorsen Steel Co., Ltd.",
        "Caldera Mining Limited",
    ),
    (
        "The pact was signed by Edda Morrow, President and Chief Operating Officer, Caldera Mining Limited.",
        "Caldera Mining Limited",
    ),
]


@pytest.mark.parametrize(("text", "party"), SIGNERS_TITLES)
def test_titles_beside_a_signer_are_not_parties(nlp: Any, text: str, party: str) -> None:
    from dealclaims.extract.frames import find_frames

    doc = nlp(text)
    named = [e.text for f in find_frames(doc[:], list(doc.ents)) for spans in f.roles.values() for e in spans]
    assert party in named
    assert not any(word in name for name in named for word in ("Director", "President", "Officer"))


@pytest.mark.parametrize(("text", "expected"), PARTIES)
def test_parties_from_the_parse(nlp: Any, text: str, expected: list[str]) -> None:
    assert expected in _claims(nlp, text, "deal.parties")


COUNTRIES = [
    ("Ukraine and Canada signed a minerals agreement in Ottawa on Tuesday.", ["Canada", "Ukraine"]),
    # ministers signing for their states, named by possessor or demonym; "put their names to"
    (
        "Norway's Foreign Minister Ola Berg and Canada's energy minister, Ana Roe, signed the accord on Monday.",
        ["Canada", "Norway"],
    ),
    ("The governments of Norway and Chile signed the accord on Tuesday.", ["Chile", "Norway"]),
    # capitals standing for their governments
    ("Oslo and Santiago signed a gas supply deal on Tuesday.", ["Chile", "Norway"]),
    (
        "U.S. Treasury Secretary Jane Doe and Ukraine's First Deputy Prime Minister Ana Velling signed the "
        "agreement in Washington on Wednesday.",
        ["U.S.", "Ukraine"],
    ),
    (
        "Portugal's Trade Minister Rui Lopes and Chile's energy minister, Ana Roe, put their names to a "
        "supply agreement in Lisbon on Monday.",
        ["Chile", "Portugal"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), COUNTRIES)
def test_governments_signing_are_countries(nlp: Any, text: str, expected: list[str]) -> None:
    assert expected in _claims(nlp, text, "deal.countries")


# one side only, or a description of a party: no parties
NO_PARTIES = [
    "Caldera Mining Corp has grown through the acquisitions of Halvorsen Steel Inc and Brisk Metals Inc.",
    "Caldera Mining Corp and Halvorsen Steel Inc combined sales rose 4 percent.",
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
    ("Norway and Chile signed a gas supply agreement on Monday.", "supply agreement"),
    ("Caldera Mining Corp agreed to merge with Halvorsen Steel Inc in an all-stock deal.", "merger"),
]


# an earlier deal, dated long before the article, names neither this deal's kind nor its parties
EARLIER = [
    "The agreement builds on the memorandum of understanding the two governments signed on 2 March 2029.",
    "The deal caps three years of talks that began with a 2028 memorandum of understanding.",
]


@pytest.mark.parametrize("text", EARLIER)
def test_an_earlier_deal_is_not_this_deal_type(nlp: Any, text: str) -> None:
    assert "memorandum of understanding" not in _claims(nlp, text, "deal.type")


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
    from dealclaims.extract.arguments import dateline_end

    sent = next(iter(nlp(text).sents))
    assert sent.doc[dateline_end(sent)].text == first


def test_an_unknown_place_in_a_buyer_role_is_a_firm(nlp: Any) -> None:
    from dealclaims.extract.frames import DealFrame

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


# wire constructions that name both sides (issue 12, parties in too few articles)
WIRE_PARTIES = [
    (  # "X has offered N for Y": the verb "offer" with its "for" object
        "Caldera Mining Corp has offered 52 dlrs per share for Halvorsen Steel Inc.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (  # a leading "It" is the previous sentence's subject
        "Caldera Mining Corp said it filed with regulators. It also offered to buy Halvorsen Steel Inc.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (  # "X's acquisition of N pct of Y": the percentage's company is Y
        "Regulators approved Caldera Mining Corp's acquisition of 51 pct of Halvorsen Steel Inc.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (  # a ticker after a name the parse took for the head
        "Caldera Mining Corp is likely seeking to buy Halvorsen Steel Inc <HSI>, analysts said.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), WIRE_PARTIES)
def test_wire_constructions_name_both_parties(nlp: Any, text: str, expected: list[str]) -> None:
    assert expected in _claims(nlp, text, "deal.parties")


# a holding names both companies but is not the deal: deal.related with type "stake"
STAKES = [
    (
        "Caldera Mining Corp owns 15 pct of Halvorsen Steel Inc.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
    (
        "Analysts expect Brisk Metals Inc, which holds 19 pct of Halvorsen Steel Inc, to bid.",
        ["Brisk Metals Inc", "Halvorsen Steel Inc"],
    ),
    (
        "Caldera Mining Corp said its stake in Halvorsen Steel Inc was now 15 pct.",
        ["Caldera Mining Corp", "Halvorsen Steel Inc"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), STAKES)
def test_holdings_are_related_stakes_not_the_deal(nlp: Any, text: str, expected: list[str]) -> None:
    assert _claims(nlp, text, "deal.parties") == []
    related = _claims(nlp, text, "deal.related")
    assert {"type": "stake", "parties": expected} in related


# helpers of the frame: tickers, untagged names, person-tagged short names of a firm
TICKERS = [
    ("Caldera Mining Corp <CMC> rose.", 4, "Corp"),  # the ticker -> the name's last word
    ("Caldera Mining Corp <CMC> rose.", 5, "Corp"),  # ">" -> the name's last word
    ("BRANTFORD, May 7 - <Caldera Mining Corp> said.", 8, "Corp"),  # a bracketed name is the name
]


@pytest.mark.parametrize(("text", "index", "word"), TICKERS)
def test_before_ticker(nlp: Any, text: str, index: int, word: str) -> None:
    from dealclaims.extract.arguments import _before_ticker

    assert _before_ticker(nlp(text)[index]).text == word


# ---------------------------------------------------------------- corpus vote (consensus)


def _party_claim(source: str, parties: list[str], slot: str = "deal.parties", kind: str = "bid") -> Any:
    from dealclaims.models import Claim, Evidence

    value: Any = parties if slot == "deal.parties" else {"type": kind, "parties": parties}
    ev = Evidence(source=source, text="x", start=0, end=1)
    return Claim(slot=slot, value=value, text="x", source=source, evidence=ev)


VOTES = [
    (  # the background pair framed first in two articles loses to the pair whose parties all sources name
        [
            _party_claim("a", ["org:bidder", "org:target"]),
            _party_claim("b", ["org:bidder", "org:target"]),
            _party_claim("c", ["org:other", "org:target"]),
            _party_claim("c", ["org:bidder", "org:target"], "deal.related"),
            _party_claim("d", ["org:other", "org:target"]),
            _party_claim("d", ["org:bidder", "org:target"], "deal.related"),
        ],
        {"org:bidder": 4, "org:target": 4, "org:other": 2},
        {"a", "b", "c", "d"},
    ),
    (  # a holding says the source names the pair, but never votes
        [
            _party_claim("a", ["org:bidder", "org:target"]),
            _party_claim("b", ["org:bidder", "org:target"]),
            _party_claim("c", ["org:bidder", "org:target"], "deal.related", "stake"),
            _party_claim("c", ["org:holder", "org:target"], "deal.related", "stake"),
            _party_claim("d", ["org:holder", "org:target"], "deal.related", "stake"),
        ],
        {"org:bidder": 3, "org:target": 4, "org:holder": 4},
        {"a", "b", "c"},
    ),
    (  # a pair named by one source only never wins
        [_party_claim("a", ["org:bidder", "org:target"]), _party_claim("b", ["org:other", "org:target"])],
        {"org:bidder": 1, "org:target": 2, "org:other": 2},
        {"a"},
    ),
]


@pytest.mark.parametrize(("claims", "reach", "stating"), VOTES)
def test_corpus_vote_for_the_deal_parties(
    claims: list[Any], reach: dict[str, int], stating: set[str]
) -> None:
    from dealclaims.consensus.facts import vote_deal_parties

    out = vote_deal_parties(claims, reach)
    assert {
        c.source for c in out if c.slot == "deal.parties" and c.value == ["org:bidder", "org:target"]
    } == (stating)


LINKS = [
    ("Halvorsen Steel Corp.", "org:halvorsen-steel"),
    ("Halvorsen Steel's", "org:halvorsen-steel"),
    ("Halvorsen Metals", "Halvorsen Metals"),
]


@pytest.mark.parametrize(("name", "linked"), LINKS)
def test_surface_party_names_link_to_entities(name: str, linked: str) -> None:
    from dealclaims.consensus.facts import link_party_names
    from dealclaims.models import Entity

    entity = Entity(
        id="org:halvorsen-steel", type="ORG", name="Halvorsen Steel Inc", aliases=["Halvorsen Steel"]
    )
    (out,) = link_party_names([_party_claim("a", [name, "org:caldera"])], [entity])
    assert linked in out.value
