"""Wire copy: dateline dates, timelines across dated articles, stakes per company, shares outstanding.

Sentences and names are invented. One (text, expected) table per rule.
"""

from __future__ import annotations

from typing import Any

import pytest

from dealclaims.consensus.amounts import _value_conflicts, date_words, fold_stake_companies
from dealclaims.dates import month_day
from dealclaims.load import article_from_bytes
from dealclaims.models import Claim, Evidence, Qualifier
from dealclaims.nlp import build_nlp
from helpers import conflict_kinds as kinds
from helpers import figure_claims
from helpers import money_claim as claim


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


def the_claim(nlp: Any, text: str, amount: float) -> Claim:
    (found,) = [c for c in figure_claims(nlp, text) if c.value.get("amount") == amount]
    return found


# ---------------------------------------------------------------- the dateline's day (load stage)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 4", "--03-04"),
        ("JUNE 11", "--06-11"),
        ("Sept. 9", "--09-09"),
        ("Feb 29", "--02-29"),
        ("4 March", "--03-04"),
        ("May 2, 2030", "2030-05-02"),
        ("February 30", None),
        ("four months", None),
        ("Orvane", None),
    ],
)
def test_month_day(text: str, expected: str | None) -> None:
    assert month_day(text) == expected


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("LAKETON, March 4 - Orvane Corp said it raised its offer.", "--03-04"),
        ("PORT ELDER, Ont., JUNE 11 - Orvane Corp said it agreed.", "--06-11"),
        ("LAKETON, May 2 (Example) - Orvane said it agreed.", "--05-02"),
        ("VELDA, Norland, May 2, 2030 - Orvane said it agreed.", "2030-05-02"),
        ("OLD HARBOUR - The terminal moved a step closer.", None),
        ("Orvane Corp said on March 4 it raised its offer.", None),  # a date in the text is no dateline
    ],
)
def test_the_dateline_dates_an_article_without_front_matter(first_line: str, expected: str | None) -> None:
    article = article_from_bytes(f"A Headline\n{first_line}\nMore text follows here.".encode())
    assert (article.dateline_date, article.published) == (expected, None)


def test_front_matter_date_stays_the_publication_date() -> None:
    text = "---\npublished: 2031-03-05\n---\nA Headline\nLAKETON, March 4 - Orvane Corp agreed.\nMore text."
    article = article_from_bytes(text.encode(), path="a.md")
    assert (article.published, article.dateline_date) == ("2031-03-05", "--03-04")


def test_a_claim_of_an_undated_article_carries_its_dateline_day(nlp: Any) -> None:
    text = "A Headline\nLAKETON, March 4 - Brill Corp said it raised its bid for Orvane Inc to 37 dlrs a share.\n"
    assert the_claim(nlp, text, 37).published == "--03-04"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("--03-04", "March 4, year not given"),
        ("--12-31", "December 31, year not given"),
        ("2031-03-04", "2031-03-04"),
    ],
)
def test_date_words(value: str, expected: str) -> None:
    assert date_words(value) == expected


# ---------------------------------------------------------------- timelines (consensus)


TIMELINES = [
    # a bid raised a week later, in dateline-dated wire copy: a timeline
    (
        "deal.price_per_share",
        [[claim("a", 64, "--05-06")], [claim("b", 71.25, "--05-13", ("framing", "revised"))]],
        ["value_update"],
    ),
    # the same without any date: no order, a disagreement
    (
        "deal.price_per_share",
        [[claim("a", 64, None)], [claim("b", 71.25, None, ("framing", "revised"))]],
        ["value_mismatch"],
    ),
    # a month-day and a full date do not order against each other
    (
        "deal.price_per_share",
        [[claim("a", 64, "2031-05-06")], [claim("b", 71.25, "--05-13", ("framing", "revised"))]],
        ["value_mismatch"],
    ),
    # a stake reported two months apart, unmarked: it changed in between
    (
        "deal.stake",
        [[claim("a", 47.3, "--05-03", slot="deal.stake")], [claim("b", 48.1, "--07-14", slot="deal.stake")]],
        ["value_update"],
    ),
    # ... but three days apart, unmarked: the sources disagree
    (
        "deal.value",
        [
            [claim("a", 2.15e9, "--05-02", slot="deal.value")],
            [claim("b", 1.85e9, "--05-05", slot="deal.value")],
        ],
        ["value_mismatch"],
    ),
    # ... and with full dates the same
    (
        "deal.value",
        [
            [claim("a", 2.15e9, "2031-05-02", slot="deal.value")],
            [claim("b", 1.85e9, "2031-05-05", slot="deal.value")],
        ],
        ["value_mismatch"],
    ),
    # an earlier figure stated as history, but the other figure is three times larger: another figure
    (
        "deal.value",
        [
            [claim("a", 1.3e8, "--05-09", slot="deal.value")],
            [
                claim("b", 4.6e8, "--05-20", slot="deal.value"),
                claim("b", 1.3e8, "--05-20", ("framing", "previous"), slot="deal.value"),
            ],
        ],
        ["value_mismatch"],
    ),
]


@pytest.mark.parametrize(("slot", "clusters", "expected"), TIMELINES)
def test_updates_across_dated_articles(slot: str, clusters: list[list[Claim]], expected: list[str]) -> None:
    assert kinds(slot, clusters) == expected


# ---------------------------------------------------------------- stakes in one company (consensus)


def stake(source: str, amount: float, company: str | None) -> Claim:
    return claim(source, amount, None, slot="deal.stake", company=company)


STAKE_COMPANIES = [
    # one holder's stake in the target and in its own firm: two companies, nothing to compare
    ([[stake("a", 11.8, "org:orvane")], [stake("b", 44, "org:halvard-capital")]], []),
    # two figures for the stake in one company: they differ
    ([[stake("a", 11.8, "org:orvane")], [stake("b", 9.1, "org:orvane")]], ["value_mismatch"]),
    # no company named: compared as before
    ([[stake("a", 11.8, None)], [stake("b", 9.1, None)]], ["value_mismatch"]),
]


@pytest.mark.parametrize(("clusters", "expected"), STAKE_COMPANIES)
def test_stakes_are_compared_within_one_company(clusters: list[list[Claim]], expected: list[str]) -> None:
    assert kinds("deal.stake", clusters) == expected


FOLDS = [
    # an unnamed stake is in the company most sources mention
    (
        [stake("a", 11.8, "org:orvane"), stake("b", 44, "org:halvard-capital"), stake("c", 12.1, None)],
        {"org:orvane": 8, "org:halvard-capital": 1},
        "org:orvane",
    ),
    # no stake names its company: nothing to fold
    ([stake("a", 11.8, None), stake("c", 12.1, None)], {"org:orvane": 8}, None),
]


@pytest.mark.parametrize(("claims", "reach", "expected"), FOLDS)
def test_an_unnamed_stake_is_in_the_main_company(
    claims: list[Claim], reach: dict[str, int], expected: str | None
) -> None:
    (unnamed,) = [c for c in fold_stake_companies(claims, reach) if c.source == "c"]
    assert unnamed.company == expected


# ---------------------------------------------------------------- extraction


@pytest.mark.parametrize(
    ("text", "amount", "company"),
    [
        ("Brill Corp owns 44 pct of Halvard Capital Corp's stock.", 44, "Halvard Capital Corp"),
        ("Brill Corp holds a 8.4 pct stake in Norvale Inc.", 8.4, "Norvale Inc"),
        ("Brill Corp said it owns 17 pct of Norvale Inc.", 17, "Norvale Inc"),
        ("Brill Corp already owns 11.8 pct of Norvale Inc's 41.2 mln shares.", 11.8, "Norvale Inc"),
        ("Brill Corp said it holds 5.2 pct of the company.", 5.2, None),
    ],
)
def test_a_stake_carries_the_company_it_is_in(
    nlp: Any, text: str, amount: float, company: str | None
) -> None:
    found = the_claim(nlp, text, amount)
    assert (found.slot, found.company) == ("deal.stake", company)


@pytest.mark.parametrize(
    ("text", "amount", "slot", "subject"),
    [
        (
            "Norvale Inc has about 8.7 mln shares outstanding.",
            8_700_000,
            "stat.shares_outstanding",
            "Norvale Inc",
        ),
        (
            "Brill Corp offered 40 dlrs for each of Norvale Inc's 8.7 mln shares.",
            8_700_000,
            "stat.shares_outstanding",
            "Norvale Inc",
        ),
        (
            "The offer succeeds if 71 pct of Norvale Inc's 9.4 mln shares are tendered.",
            9_400_000,
            "stat.shares_outstanding",
            "Norvale Inc",
        ),
        ("Brill Corp said it owns 412,000 Norvale shares.", 412_000, "stat.shares", "Brill Corp"),
        (
            "Brill Corp started its offer to purchase up to 5.8 mln common shares of Norvale Inc.",
            5_800_000,
            "stat.shares_sought",
            "Brill Corp",
        ),
        (
            "Brill Corp said receipt of the 10.6 mln shares would give it control.",
            10_600_000,
            "stat.shares_sought",
            None,
        ),
        ("Brill Corp said it has acquired 3.1 mln Norvale shares.", 3_100_000, "stat.shares", "Brill Corp"),
        (
            "Brill Corp spent 205 mln dlrs to acquire its 5.2 mln Norvale shares.",
            5_200_000,
            "stat.shares",
            "Brill Corp",
        ),
        (
            "Brill Corp said it sold 50 pct of its 5.2 mln Norvale shares.",
            5_200_000,
            "stat.shares",
            "Brill Corp",
        ),
        (
            "Brill Corp accepted about 3.1 mln shares in its tender offer.",
            3_100_000,
            "stat.shares",
            "Brill Corp",
        ),
        (
            "Brill Corp would buy another two mln Norvale shares.",
            2_000_000,
            "stat.stake_purchase",
            "Brill Corp",
        ),
        (
            "Brill Corp plans to buy an additional 200,000 Norvale shares.",
            200_000,
            "stat.stake_purchase",
            "Brill Corp",
        ),
    ],
)
def test_shares_outstanding_are_not_a_holding(
    nlp: Any, text: str, amount: float, slot: str, subject: str | None
) -> None:
    found = the_claim(nlp, text, amount)
    assert (found.slot, found.subject) == (slot, subject)


@pytest.mark.parametrize(
    ("text", "amount", "slot"),
    [
        (
            "Norvale Inc granted Brill Corp an option to buy 640,000 new shares or a 19.3 pct interest.",
            19.3,
            "stat",
        ),
        ("Norvale Inc said Brill Corp holds a 19.3 pct interest in the company.", 19.3, "deal.stake"),
        (
            "If Brill Corp controls more than 66 pct of Norvale Inc, it must sell the excess shares.",
            66,
            "stat",
        ),
    ],
)
def test_a_stake_under_an_option_is_not_held(nlp: Any, text: str, amount: float, slot: str) -> None:
    assert the_claim(nlp, text, amount).slot == slot


def framings(claim: Claim) -> set[str]:
    return {q.value for q in claim.qualifiers if q.kind == "framing"}


@pytest.mark.parametrize(
    ("text", "amount", "revised"),
    [
        ("Brill Corp now holds 12.1 pct of Norvale Inc.", 12.1, True),
        ("Brill Corp said its holding in Norvale Inc is now 12.1 pct of the total.", 12.1, True),
        ("Brill Corp holds 12.1 pct of Norvale Inc.", 12.1, False),
        (
            "Norvale Inc said it could raise up to 415 mln dlrs in debt to finance the merger.",
            415_000_000,
            False,
        ),
        ("Brill Corp raised its offer for Norvale Inc to 37 dlrs a share.", 37, True),
    ],
)
def test_a_current_figure_is_marked_revised(nlp: Any, text: str, amount: float, revised: bool) -> None:
    assert ("revised" in framings(the_claim(nlp, text, amount))) == revised


@pytest.mark.parametrize(
    ("text", "amount", "holder"),
    [
        (
            "Brill Corp already owns about four mln of Norvale Inc's 35.4 mln shares outstanding, or 11.8 pct.",
            11.8,
            "Brill Corp",
        ),
        ("Brill Corp said it owns 318,400 Norvale shares, or 4.6 pct.", 4.6, "Brill Corp"),
    ],
)
def test_a_percent_restating_a_holding_is_the_holders(
    nlp: Any, text: str, amount: float, holder: str
) -> None:
    found = the_claim(nlp, text, amount)
    assert (found.slot, found.subject) == ("deal.stake", holder)


# ---------------------------------------------------------------- dates left as written (no publication date)


def date_claim(source: str, value: str) -> Claim:
    return Claim(
        slot="deal.date",
        value=value,
        value_kind="date",
        text=value,
        qualifiers=[Qualifier(kind="event", value="agreement", text="agreed")],
        source=source,
        evidence=Evidence(source=source, text="x", start=0, end=1),
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["april 9", "thursday"], []),  # which Thursday is unknown: it may be April 9
        (["april 9", "april 11"], ["date_mismatch"]),
        (["2031-03-03", "2031-03-05"], ["date_mismatch"]),
        (["thursday", "friday"], ["date_mismatch"]),
    ],
)
def test_an_unresolved_weekday_is_not_compared_with_a_calendar_date(
    values: list[str], expected: list[str]
) -> None:
    from dealclaims.consensus.conflicts import find_conflicts

    clusters = [[date_claim(f"s{i}", v)] for i, v in enumerate(values)]
    assert [c.kind for c in find_conflicts(clusters)] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("thursday", True),
        ("last monday", True),
        ("march 3", False),
        ("2031-03-05", False),
        ("monday, march 3", False),
    ],
)
def test_names_weekday_only(value: str, expected: bool) -> None:
    from dealclaims.consensus.conflicts import names_weekday_only

    assert names_weekday_only(value) == expected


def shares(source: str, amount: float, *quals: tuple[str, str]) -> Claim:
    return claim(source, amount, None, *quals, slot="stat.shares")


@pytest.mark.parametrize(
    ("subject", "clusters", "expected"),
    [
        # counts nobody is named as holding (a tender's target, a day's volume): not compared
        (None, [[shares("a", 10_600_000)], [shares("b", 5_200_000)]], []),
        # ... but one count stated with and without a bound still is
        (
            None,
            [[shares("a", 7_500_000), shares("b", 7_500_000, ("hedge", "up to"))]],
            ["qualifier_mismatch"],
        ),
        # one named holder's count given two ways
        ("org:brill", [[shares("a", 3_517_800)], [shares("b", 3_537_800)]], ["value_mismatch"]),
    ],
)
def test_share_counts_without_a_holder_are_not_compared(
    subject: str | None, clusters: list[list[Claim]], expected: list[str]
) -> None:
    assert sorted(c.kind for c in _value_conflicts("stat.shares", subject, clusters)) == expected


def outstanding(source: str, amount: float, subject: str | None) -> Claim:
    found = claim(source, amount, None, slot="stat.shares_outstanding")
    return found.model_copy(update={"subject": subject})


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ([outstanding("a", 57_200_000, "org:norvale"), outstanding("b", 57_200_000, None)], "org:norvale"),
        ([outstanding("a", 57_200_000, "org:norvale"), outstanding("b", 44_000_000, None)], None),
    ],
)
def test_an_unnamed_total_of_shares_takes_the_company_named_for_it(
    claims: list[Claim], expected: str | None
) -> None:
    from dealclaims.consensus.amounts import fold_stake_holders

    (unnamed,) = [c for c in fold_stake_holders(claims) if c.source == "b"]
    assert unnamed.subject == expected


@pytest.mark.parametrize(
    ("text", "amount", "hedge"),
    [
        ("Brill Corp would own a minimum of 58 pct of the stock of Norvale Inc.", 58, "at least"),
        ("The offer is subject to a minimum 4.2 mln Norvale shares being tendered.", 4_200_000, "at least"),
        ("Norvale Inc could borrow a maximum of 260 mln dlrs to finance the merger.", 260_000_000, "up to"),
        ("Brill Corp would own at least 58 pct of the stock of Norvale Inc.", 58, "at least"),
    ],
)
def test_a_minimum_is_a_lower_bound(nlp: Any, text: str, amount: float, hedge: str) -> None:
    hedges = {q.value for q in the_claim(nlp, text, amount).qualifiers if q.kind == "hedge"}
    assert hedges == {hedge}


@pytest.mark.parametrize(
    ("text", "amount", "slot"),
    [
        (
            "The agreement calls for Norvale's steel businesses to be sold to a unit of Brill Corp for about "
            "140 mln dlrs once the merger is completed.",
            140_000_000,
            "stat",
        ),
        (
            "Norvale Inc will sell its steel unit to Brill Corp for 140 mln dlrs after the acquisition closes.",
            140_000_000,
            "stat",
        ),
        (
            "Brill Corp agreed to buy Norvale Inc's steel unit for 140 mln dlrs.",
            140_000_000,
            "deal.value",
        ),
    ],
)
def test_a_sale_timed_after_the_deal_is_not_its_value(nlp: Any, text: str, amount: float, slot: str) -> None:
    assert the_claim(nlp, text, amount).slot == slot


@pytest.mark.parametrize(
    ("text", "amount", "subject"),
    [
        (
            "Brill Corp said it has offered to acquire Norvale Inc for 27 dlrs per share in cash and stock, or a "
            "total of about 512.4 mln dlrs.",
            512_400_000,
            "Brill Corp",
        ),
        (
            "Brill Corp offered 27 dlrs a share, or about 512.4 mln dlrs, for Norvale Inc.",
            512_400_000,
            "Brill Corp",
        ),
    ],
)
def test_a_total_restating_a_price_is_the_same_bidders(
    nlp: Any, text: str, amount: float, subject: str
) -> None:
    found = the_claim(nlp, text, amount)
    assert (found.slot, found.subject) == ("deal.value", subject)


# ---------------------------------------------------------------- titles that do not contradict


def title_claim(source: str, title: str) -> Claim:
    return Claim(
        slot="person.title",
        subject="person:jo-brill",
        value=title,
        value_kind="title",
        text=title,
        source=source,
        evidence=Evidence(source=source, text="x", start=0, end=1),
    )


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        (["Defence Secretary", "Defense Secretary"], []),  # spelling only
        (["chairman of Norvale Inc", "head of Norvale Inc"], []),  # "head of" names no office
        (["chairman", "chief executive"], ["title_mismatch"]),
        (["Chief of Staff", "Treasury Secretary"], ["title_mismatch"]),
    ],
)
def test_titles_differing_by_spelling_or_vagueness_agree(titles: list[str], expected: list[str]) -> None:
    from dealclaims.consensus.conflicts import find_conflicts

    clusters = [[title_claim(f"s{i}", t)] for i, t in enumerate(titles)]
    assert [c.kind for c in find_conflicts(clusters)] == expected


# ---------------------------------------------------------------- the fact sheet's marks


def _variant(amount: float) -> Any:
    from dealclaims.models import Variant

    ev = Evidence(source="a", text="x", start=0, end=1)
    return Variant(
        value={"amount": amount, "currency": "USD"}, text=str(amount), sources=["a"], evidence=[ev]
    )


def _conflict(cid: str, kind: str, *amounts: float) -> Any:
    from dealclaims.models import Conflict

    variants = [_variant(a) for a in amounts]
    return Conflict(id=cid, slot="deal.price_per_share", kind=kind, variants=variants, explanation="x")


@pytest.mark.parametrize(
    ("amount", "conflicts", "expected"),
    [
        # the old price of a raised bid: the timeline, not the qualifier dispute over the new price
        (
            133,
            [_conflict("q", "qualifier_mismatch", 138, 138), _conflict("u", "value_update", 133, 138)],
            "u",
        ),
        # the new price is disputed too: the dispute first
        (
            138,
            [_conflict("u", "value_update", 133, 138), _conflict("q", "qualifier_mismatch", 138, 138)],
            "q",
        ),
        (99, [_conflict("m", "value_mismatch", 98, 97)], "m"),  # rounded away: any conflict of its block
        (133, [], None),
    ],
)
def test_a_consensus_line_points_to_the_conflict_holding_its_value(
    amount: float, conflicts: list[Any], expected: str | None
) -> None:
    from dealclaims.formats.terminal import _marking_conflict
    from dealclaims.models import Fact

    ev = [Evidence(source="a", text="x", start=0, end=1)]
    value = {"amount": amount, "currency": "USD"}
    fact = Fact(
        id="f", slot="deal.price_per_share", value=value, text="x", support=2, sources=["a"], evidence=ev
    )
    found = _marking_conflict(fact, conflicts)
    assert (found.id if found else None) == expected
