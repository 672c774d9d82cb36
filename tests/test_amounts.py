"""Tests for dealclaims.extract.amounts (money roles) and the figure conflicts of consensus.facts."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from dealclaims.consensus.amounts import _value_conflicts, fold_buyer_subjects, rounding_equal
from dealclaims.models import Claim, Evidence, Qualifier
from dealclaims.nlp import build_nlp
from helpers import conflict_kinds as kinds
from helpers import figure_claims
from helpers import money_claim as claim


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


def slot_of(claims: list[Claim], amount: float) -> str:
    (slot,) = {c.slot for c in claims if isinstance(c.value, dict) and c.value.get("amount") == amount}
    return slot


# ---------------------------------------------------------------- roles


@pytest.mark.parametrize(
    ("text", "amount", "slot"),
    [
        (
            "Caldera Holdings agreed to buy Halvorsen Foods for $55 a share in cash.",
            55,
            "deal.price_per_share",
        ),
        ("Caldera said it offered 42 dlrs per share for Halvorsen Foods.", 42, "deal.price_per_share"),
        ("Caldera will pay 31.50 dlrs cash for each Halvorsen share.", 31.5, "deal.price_per_share"),
        ("Caldera Holdings raised its bid for Halvorsen Foods to 48 dlrs.", 48, "deal.price_per_share"),
        ("The offer is a 38 percent premium to Halvorsen's closing price.", 38, "deal.premium"),
        ("Caldera Holdings owns a 9.5 pct stake in Halvorsen Foods.", 9.5, "deal.stake"),
        ("Halvorsen shares jumped 27% after Caldera agreed to buy the company.", 27, "stat"),  # a stock move
        ("Caldera's shares fell 4.2 per cent on the takeover news.", 4.2, "stat"),
        ("Caldera's holding in Halvorsen rose to 12 pct after the tender offer.", 12, "deal.stake"),
        (
            "Caldera Holdings will fund the acquisition with a $1.2 billion term loan from Brightwater Bank.",
            1_200_000_000,
            "deal.financing",
        ),
        ("Caldera Holdings agreed to buy Halvorsen Foods for $4 billion.", 4_000_000_000, "deal.value"),
        (
            "Caldera Holdings agreed to acquire Halvorsen Foods in a 3.1 bln dlr deal.",
            3_100_000_000,
            "deal.value",
        ),
        ("Halvorsen Foods has about 12.5 mln shares outstanding.", 12_500_000, "stat.shares_outstanding"),
        ("Halvorsen shares jumped 20 percent to $41.20 in morning trading.", 41.2, "stat.share_price"),
        (
            "Caldera agreed to buy Halvorsen Foods for about 1.5 bln dlrs, including 700 mln dlrs of debt.",
            700_000_000,
            "stat",
        ),
        (
            "Caldera agreed to buy Halvorsen Foods, which was valued at $4.3 billion by the market.",
            4_300_000_000,
            "org.market_value",
        ),
        (
            "Caldera agreed to buy Halvorsen Foods, which has an order backlog of $3 billion.",
            3_000_000_000,
            "stat",
        ),
        (
            "Caldera agreed to buy Halvorsen Foods, whose sales were 2 bln dlrs last year.",
            2_000_000_000,
            "org.revenue",
        ),
        ("The port authority granted Corvel Partners a 30-year concession.", 30, "deal.term"),
    ],
)
def test_money_roles(nlp: Any, text: str, amount: float, slot: str) -> None:
    assert slot_of(figure_claims(nlp, text), amount) == slot


@pytest.mark.parametrize(
    ("text", "amount", "qualifier"),
    [
        (
            "Caldera agreed to buy Halvorsen Foods in a deal with an enterprise value of $6.3 billion.",
            6_300_000_000,
            ("scope", "enterprise value"),
        ),
        (
            "Caldera agreed to buy Halvorsen Foods for $6.3 billion including debt.",
            6_300_000_000,
            ("scope", "including debt"),
        ),
        ("Caldera agreed to buy Halvorsen Foods for up to $2 billion.", 2_000_000_000, ("hedge", "up to")),
        (
            "Caldera agreed to buy Halvorsen Foods for $900 million in cash.",
            900_000_000,
            ("framing", "cash"),
        ),
    ],
)
def test_deal_value_qualifiers(nlp: Any, text: str, amount: float, qualifier: tuple[str, str]) -> None:
    (claim,) = [c for c in figure_claims(nlp, text) if c.slot == "deal.value" and c.value["amount"] == amount]
    assert qualifier in {(q.kind, q.value) for q in claim.qualifiers}


@pytest.mark.parametrize(
    ("text", "amount", "slot", "subject"),
    [
        (
            "Brennock Metals Corp said it offered 35 dlrs a share for Halvorsen Foods.",
            35,
            "deal.price_per_share",
            "Brennock Metals Corp",
        ),
        (
            "Brennock Metals Corp said it has made a proposal to Halvorsen Foods at 35 dlrs per share.",
            35,
            "deal.price_per_share",
            "Brennock Metals Corp",
        ),
        (
            "Halvorsen Foods rejected Brennock Metals Corp's 35 dlrs a share bid.",
            35,
            "deal.price_per_share",
            "Brennock Metals Corp",
        ),
        (
            "Caldera plans to buy Halvorsen Foods, 46 pct owned by Ostrava Holdings.",
            46,
            "deal.stake",
            "Ostrava Holdings",
        ),
        (
            "Halvorsen Foods is a venture of Lumen Capital (60 percent) and Verdane Partners (40 percent).",
            60,
            "deal.stake",
            "Lumen Capital",
        ),
        (
            "Brennock Metals Corp, which holds 19.5 pct of Halvorsen Foods, may bid.",
            19.5,
            "deal.stake",
            "Brennock Metals Corp",
        ),
        # a merger's split: each side's shareholders stand for that side
        (
            "Brennock Bank's shareholders will own 55 per cent of the combined group after the merger.",
            55,
            "deal.stake",
            "Brennock Bank",
        ),
        (
            "Halvorsen Bank investors will own 48% of the enlarged bank, leaving Brennock Bank holders with "
            "52% after the merger.",
            52,
            "deal.stake",
            "Brennock Bank",
        ),
    ],
)
def test_bidders_and_holders(nlp: Any, text: str, amount: float, slot: str, subject: str) -> None:
    (claim,) = [c for c in figure_claims(nlp, text) if c.value.get("amount") == amount]
    assert (claim.slot, claim.subject) == (slot, subject)


@pytest.mark.parametrize(
    "text",
    [
        "In February Caldera Holdings had offered to pay 71 dlrs per share for Halvorsen Foods.",
        "The original bid for Halvorsen Foods was worth about 1.62 billion dlrs.",
    ],
)
def test_background_figures_are_history(nlp: Any, text: str) -> None:
    claims = [c for c in figure_claims(nlp, text) if c.value_kind == "money"]
    assert claims and all(
        ("framing", "previous") in {(q.kind, q.value) for q in c.qualifiers} for c in claims
    )


def test_each_basis_goes_to_its_own_figure(nlp: Any) -> None:
    text = (
        "The deal values Halvorsen's equity at $4.1 billion and implies an enterprise value of "
        "$5.3 billion, including net debt."
    )
    bases = {
        c.value["amount"]: sorted(q.value for q in c.qualifiers if q.kind == "scope")
        for c in figure_claims(nlp, text)
        if c.slot == "deal.value"
    }
    assert bases == {4_100_000_000: ["equity value"], 5_300_000_000: ["enterprise value", "including debt"]}


def test_rival_bid_keeps_its_bidder(nlp: Any) -> None:
    text = "The price tops the $35-a-share approach from Brennock Metals Corp that Halvorsen Foods rejected."
    (claim,) = [c for c in figure_claims(nlp, text) if c.slot == "deal.price_per_share"]
    assert claim.subject == "Brennock Metals Corp"


def test_raised_bid_is_marked_revised_and_the_old_one_previous(nlp: Any) -> None:
    text = "Caldera Holdings raised its offer for Halvorsen Foods to 44 dlrs a share from 41.50 dlrs a share."
    marks = {
        c.value["amount"]: {q.value for q in c.qualifiers if q.kind == "framing"}
        for c in figure_claims(nlp, text)
        if c.slot == "deal.price_per_share"
    }
    assert "previous" in marks[41.5]
    assert "previous" not in marks[44]


def test_amounts_are_exact_in_json(nlp: Any) -> None:
    text = "Caldera Holdings agreed to buy Halvorsen Foods for $123,456,789,012,345."
    (claim,) = [c for c in figure_claims(nlp, text) if c.slot == "deal.value"]
    assert json.loads(claim.model_dump_json())["value"]["amount"] == 123_456_789_012_345


# ---------------------------------------------------------------- conflicts


@pytest.mark.parametrize(
    ("slot", "clusters", "expected"),
    [
        # a bid raised two weeks later, the new article stating the old price as history
        (
            "deal.price_per_share",
            [
                [
                    claim("a", 41.75, "2030-03-09"),
                    claim("b", 41.75, "2030-03-11"),
                    claim("c", 41.75, "2030-03-25", ("framing", "previous")),
                ],
                [claim("c", 42, "2030-03-25", ("framing", "revised"))],
            ],
            ["value_update"],
        ),
        # two outlets, same day, different amounts
        (
            "deal.value",
            [
                [claim("a", 2.4e9, "2030-10-14", slot="deal.value")],
                [claim("b", 2.7e9, "2030-10-14", slot="deal.value")],
            ],
            ["value_mismatch"],
        ),
        # different amounts, different dates, nothing in the text says the figure changed
        (
            "deal.value",
            [
                [claim("a", 1.65e9, "2030-03-02", slot="deal.value")],
                [claim("b", 1.4e9, "2030-03-05", slot="deal.value")],
            ],
            ["value_mismatch"],
        ),
        # same amount, bounded ("up to") in one source only
        (
            "deal.value",
            [
                [
                    claim("a", 2e9, "2030-10-14", ("hedge", "up to"), slot="deal.value"),
                    claim("b", 2e9, "2030-10-14", slot="deal.value"),
                ]
            ],
            ["qualifier_mismatch"],
        ),
        # same amount, a first phase in one source, the whole deal in another
        (
            "deal.value",
            [
                [
                    claim("a", 8.5e8, "2030-10-14", ("scope", "first phase"), slot="deal.value"),
                    claim("b", 8.5e8, "2030-10-14", slot="deal.value"),
                ]
            ],
            ["qualifier_mismatch"],
        ),
        # same amount, approximated in one source only: they agree
        (
            "deal.value",
            [
                [
                    claim("a", 8.5e8, "2030-10-14", ("hedge", "about"), slot="deal.value"),
                    claim("b", 8.5e8, "2030-10-14", slot="deal.value"),
                ]
            ],
            [],
        ),
        # different amounts on different bases
        (
            "deal.value",
            [
                [claim("a", 14.1e9, "2030-03-03", ("scope", "equity value"), slot="deal.value")],
                [claim("b", 16.3e9, "2030-03-03", ("scope", "enterprise value"), slot="deal.value")],
            ],
            ["qualifier_mismatch"],
        ),
        # one source also quotes the market price: that source says two things, the sources do not differ
        (
            "deal.price_per_share",
            [
                [claim("a", 25, "2030-04-01"), claim("b", 25, "2030-04-01")],
                [claim("b", 29, "2030-04-01")],
            ],
            [],
        ),
        # ... but a source stating only the other amount does differ
        (
            "deal.price_per_share",
            [
                [claim("a", 25, "2030-04-01"), claim("b", 25, "2030-04-01")],
                [claim("b", 29, "2030-04-01"), claim("c", 29, "2030-04-01")],
            ],
            ["value_mismatch"],
        ),
        # "including debt" and "enterprise value" are one basis: the same amount agrees
        (
            "deal.value",
            [
                [
                    claim("a", 1.2e9, "2030-09-12", ("scope", "including debt"), slot="deal.value"),
                    claim("b", 1.2e9, "2030-09-12", ("scope", "enterprise value"), slot="deal.value"),
                ]
            ],
            [],
        ),
        # one outlet gives the amount in its readers' currency only: no rate, no comparison
        (
            "deal.value",
            [
                [claim("a", 42e9, "2030-02-15", slot="deal.value", currency="INR")],
                [claim("b", 42e9, "2030-02-15", slot="deal.value", currency="INR")],
                [claim("c", 5.05e8, "2030-02-15", slot="deal.value")],
            ],
            [],
        ),
        # ... while two amounts in one currency still differ
        (
            "deal.value",
            [
                [claim("a", 42e9, "2030-02-15", slot="deal.value", currency="INR")],
                [claim("b", 45e9, "2030-02-15", slot="deal.value", currency="INR")],
                [claim("c", 5.05e8, "2030-02-15", slot="deal.value")],
            ],
            ["value_mismatch"],
        ),
        # rounding only: 1.62 bln and 1.6 bln
        (
            "deal.value",
            [
                [claim("a", 1.62e9, "2030-03-11", slot="deal.value")],
                [claim("b", 1.6e9, "2030-03-09", slot="deal.value")],
            ],
            [],
        ),
    ],
)
def test_value_conflict_kinds(slot: str, clusters: list[list[Claim]], expected: list[str]) -> None:
    assert kinds(slot, clusters) == expected


def test_totals_on_two_bases_and_one_without() -> None:
    equity = [claim("a", 14.1e9, "2030-03-03", ("scope", "equity value"), slot="deal.value")]
    enterprise = [claim("b", 16.3e9, "2030-03-03", ("scope", "enterprise value"), slot="deal.value")]
    other = [claim("c", 2e9, "2030-03-03", slot="deal.value")]
    first_phase = [claim("d", 6e8, "2030-03-03", ("scope", "first phase"), slot="deal.value")]
    conflicts = _value_conflicts("deal.value", None, [equity, enterprise, other, first_phase])
    got = sorted((c.kind, sorted(v.value["amount"] for v in c.variants)) for c in conflicts)
    assert got == [("qualifier_mismatch", [14.1e9, 16.3e9]), ("value_mismatch", [2e9, 14.1e9])]


@pytest.mark.parametrize(
    ("bases", "clash"),
    [
        ([("equity value",), ("enterprise value",)], True),
        ([("enterprise value",), ("enterprise value", "including debt")], False),
        ([("equity value",), ()], False),
    ],
)
def test_one_amount_with_two_bases(bases: list[tuple[str, ...]], clash: bool) -> None:
    cl = [
        claim(s, 1e9, "2030-03-03", *(("scope", b) for b in bs), slot="deal.value")
        for s, bs in zip("ab", bases)
    ]
    assert bool(_value_conflicts("deal.value", None, [cl])) is clash


def test_value_update_variants_carry_dates_in_order() -> None:
    old = [claim("a", 100, "2030-03-18"), claim("b", 100, "2030-03-19")]
    new = [claim("c", 110, "2030-04-03", ("framing", "revised"))]
    (conflict,) = _value_conflicts("deal.price_per_share", None, [new, old])
    assert [(v.value["amount"], v.date, v.sources) for v in conflict.variants] == [
        (100, "2030-03-18", ["a", "b"]),
        (110, "2030-04-03", ["c"]),
    ]


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("1.62e9", "1.6e9", True),
        ("46.2", "46", True),
        ("41.75", "42", True),  # rounding-equal: so price per share is an exact slot
        ("4023200", "4043200", False),
        ("9.8", "9.4", False),
        ("2.23e9", "2.3e9", False),
    ],
)
def test_rounding_equal(a: str, b: str, equal: bool) -> None:
    assert rounding_equal(Decimal(a), Decimal(b)) is equal


def test_buyer_bids_fold_into_the_deal_and_a_rival_keeps_its_name() -> None:
    ev = Evidence(source="a", text="x", start=0, end=1)
    parties = [
        Claim(slot="deal.parties", value=["org:caldera", "org:halvorsen"], text="p", source=s, evidence=ev)
        for s in "ab"
    ]
    bids = [
        claim("a", 55, "2030-03-03").model_copy(update={"subject": "org:caldera"}),
        claim("b", 35, "2030-03-03").model_copy(update={"subject": "org:brennock"}),
    ]
    folded = {
        c.value["amount"]: c.subject for c in fold_buyer_subjects(parties + bids) if c.slot != "deal.parties"
    }
    assert folded == {55: None, 35: "org:brennock"}


def test_an_update_among_other_amounts_is_a_timeline_plus_a_mismatch() -> None:
    old = [claim("a", 46, "2030-03-31"), claim("b", 46, "2030-04-01")]
    new = [claim("c", 48, "2030-04-10"), claim("c", 46, "2030-04-10", ("framing", "previous"))]
    other = [claim("d", 44, "2030-04-02")]
    conflicts = _value_conflicts("deal.price_per_share", None, [old, [new[0]], [new[1]], other])
    by_kind = {c.kind: [v.value["amount"] for v in c.variants] for c in conflicts}
    assert by_kind == {"value_update": [46, 48], "value_mismatch": [46, 44]}


def test_without_parties_the_buyer_is_the_bidder_of_the_deal_total() -> None:
    total = claim("a", 4.2e9, "2030-04-01", slot="deal.value").model_copy(update={"subject": "org:caldera"})
    price = claim("a", 48.5, "2030-04-01").model_copy(update={"subject": "org:caldera"})
    rival = [claim(s, 46, "2030-04-01").model_copy(update={"subject": "org:brennock"}) for s in "abc"]
    anonymous = claim("d", 48.5, "2030-04-02")
    folded = {
        (c.source, c.value["amount"]): c.subject
        for c in fold_buyer_subjects([total, price, *rival, anonymous])
    }
    assert folded[("a", 4.2e9)] is None and folded[("d", 48.5)] is None
    assert folded[("b", 46)] == "org:brennock"


# ---------------------------------------------------------------- issue 12: holders and deal contexts

HOLDERS = [
    (  # "its holding of N shares": the holder is the subject of the clause above the noun
        "Caldera Holdings filed a report, disclosing its holding of 4,100,000 shares of Halvorsen Foods.",
        4100000,
        "stat.shares",
        "Caldera Holdings",
    ),
]


@pytest.mark.parametrize(("text", "amount", "slot", "subject"), HOLDERS)
def test_holders_through_pronouns_and_untagged_names(
    nlp: Any, text: str, amount: float, slot: str, subject: str
) -> None:
    (found,) = [c for c in figure_claims(nlp, text) if c.value.get("amount") == amount]
    assert found.slot == slot
    assert found.subject is not None and found.subject in subject


MISSPELLED = [
    ("Workers protested Caldera's proposed 1.7 billion dlr takeovr of Halvorsen Foods.", "deal.value"),
    ("Workers protested Caldera's proposed 1.7 billion dlr aquisition of Halvorsen Foods.", "deal.value"),
    ("Workers protested over 1.7 billion dlrs of pensions at Halvorsen Foods.", "stat"),
]


@pytest.mark.parametrize(("text", "slot"), MISSPELLED)
def test_a_misspelled_deal_word_is_a_deal_context(nlp: Any, text: str, slot: str) -> None:
    assert slot_of(figure_claims(nlp, text), 1700000000) == slot


def _stake(source: str, amount: float, subject: str | None) -> Claim:
    ev = Evidence(source=source, text="x", start=0, end=1)
    value = {"amount": amount, "unit": "%"}
    return Claim(slot="deal.stake", subject=subject, value=value, text="x", source=source, evidence=ev)


STAKE_FOLDS = [
    ([_stake("a", 19.9, "org:brennock"), _stake("b", 19.9, None)], "org:brennock"),
    ([_stake("a", 19.9, "org:brennock"), _stake("c", 19.9, "org:ostrava"), _stake("b", 19.9, None)], None),
    ([_stake("a", 12, "org:brennock"), _stake("b", 19.9, None)], None),
]


@pytest.mark.parametrize(("claims", "holder"), STAKE_FOLDS)
def test_an_unnamed_stake_takes_the_one_holder_others_name(claims: list[Claim], holder: str | None) -> None:
    from dealclaims.consensus.amounts import fold_stake_holders

    (unnamed,) = [c for c in fold_stake_holders(claims) if c.source == "b"]
    assert unnamed.subject == holder


def test_a_stake_owned_by_a_holder_inside_a_bigger_clause(nlp: Any) -> None:
    text = "Caldera said it agreed to buy the 31.4 pct interest owned by Ostrava Holdings in Halvorsen Foods."
    (found,) = [c for c in figure_claims(nlp, text) if c.value.get("amount") == 31.4]
    assert (found.slot, found.subject) == ("deal.stake", "Ostrava Holdings")


def _fact(fid: str, amount: float, sources: list[str]) -> Any:
    from dealclaims.models import Fact

    ev = [Evidence(source=s, text="x", start=0, end=1) for s in sources]
    value = {"amount": amount, "unit": "%"}
    return Fact(
        id=fid, slot="deal.stake", value=value, text="x", support=len(sources), sources=sources, evidence=ev
    )


ROUNDED = [
    ([_fact("p", 31.4, ["a"]), _fact("r", 31, ["b", "c"])], {"p": ["b", "c"], "r": []}),
    ([_fact("p", 31.4, ["a"]), _fact("q", 31.2, ["b"])], {"p": [], "q": []}),  # same precision: no support
    ([_fact("p", 31.6, ["a"]), _fact("r", 31, ["b"])], {"p": [], "r": []}),  # rounds to 32, not 31
]


@pytest.mark.parametrize(("facts", "consistent"), ROUNDED)
def test_a_rounded_figure_is_consistent_support(facts: list[Any], consistent: dict[str, list[str]]) -> None:
    from dealclaims.consensus.facts import rounded_support

    assert {f.id: f.consistent_sources for f in rounded_support(facts)} == consistent


# ---------------------------------------------------------------- money that is not the deal's
# One row per class of extract/side_figures.py, on invented wire-style sentences.

NOT_THE_DEALS = [
    # money saved or granted around the deal
    (
        "Analysts estimated annual cost savings of $45 million from the Velmar acquisition.",
        45_000_000,
        "stat",
    ),
    (
        "The state has offered incentives worth $110 million for the plant Velmar and Orsk will build.",
        110_000_000,
        "stat",
    ),
    # the price of a deal dated in an earlier year than the article's
    (
        "---\npublished: 2030-05-04\n---\n"
        "Velmar completed the acquisition of a Dutch resins maker, Orsk Harsen, for $310 million in 2028.",
        310_000_000,
        "stat",
    ),
    # compensation and fees
    (
        "Under the plan Velmar treasurer Anna Ruiz would receive three times her yearly salary, which was 184,200 dlrs in 1986, should the company be acquired.",
        184_200,
        "stat",
    ),
    (
        "Analysts said the adviser could earn fees of 8 to 12 mln dlrs from the acquisition.",
        12_000_000,
        "stat",
    ),
    # a break-up payment promised if the deal ends
    (
        "Orsk is owed a 16 mln dlr cash payment if Velmar's board terminates the merger agreement.",
        16_000_000,
        "stat",
    ),
    # legal money
    (
        "Velmar faces a 900 mln dlr lawsuit from Orsk over the failed merger.",
        900_000_000,
        "stat",
    ),
    # earnings per share
    (
        "Velmar posted net income of 8.1 mln dlrs, or 37 cts per share, compared with 5.2 mln dlrs, or 24 cts per share, before Orsk's takeover.",
        0.24,
        "stat",
    ),
    ("Last year Velmar earned 18.3 mln dlrs, or 4.26 dlrs a share, before the takeover bid.", 4.26, "stat"),
    # a security's name
    (
        "Owners of Velmar's 2.40 dlr cumulative preference stock get 22 dlrs a share under the merger terms.",
        2.4,
        "stat",
    ),
    # a unit price, and the earlier figure of its change
    (
        "Acquirers of oil fields paid a median price of 6.45 dlrs a barrel last quarter, up from 5.33 dlrs.",
        6.45,
        "stat",
    ),
    (
        "Acquirers of oil fields paid a median price of 6.45 dlrs a barrel last quarter, up from 5.33 dlrs.",
        5.33,
        "stat",
    ),
    # market prices
    (
        "A trader doubted Velmar was worth far more than the 31 dlrs at which its stock traded on Tuesday.",
        31,
        "stat.share_price",
    ),
    (
        "On takeover talk, Velmar stock stood one dollar higher at 33 dlrs by midday.",
        1,
        "stat.share_price",
    ),
    (
        "On takeover talk, Velmar stock stood one dollar higher at 33 dlrs by midday.",
        33,
        "stat.share_price",
    ),
    # a holder's own trades
    (
        "Brandt Partners told regulators it sold 120,000 Velmar shares last week at 31.125 dlrs a share.",
        31.125,
        "stat.stake_purchase",
    ),
    (
        "Keswick Capital disclosed that it bought 95,000 Velmar shares in March at an average price of 30.811 dlrs.",
        30.811,
        "stat.stake_purchase",
    ),
    (
        "Dunmore Securities bought the holding last month for 8.3 mln dlrs, a filing showed.",
        8_300_000,
        "stat.stake_purchase",
    ),
    (
        "In all, Keswick Capital has spent 12.4 mln dlrs on Velmar shares.",
        12_400_000,
        "stat.stake_purchase",
    ),
    # opinions of worth
    ("To one trader, 29 dlrs per share seems a fair level for Velmar.", 29, "stat"),
    ("Lena Fisk, an analyst at Corbin and Co, said she doubts Velmar is worth 120 dlrs.", 120, "stat"),
    (
        "Analysts are bullish on Velmar and some have placed the value of Velmar stock at 33 dlrs per share.",
        33,
        "stat",
    ),
    (
        "He said the highest takeover price he calculated for the company has been about 140 dlrs per share.",
        140,
        "stat",
    ),
    # another deal, a hypothetical one, a threshold
    (
        "He recalled a recent contested tender for Pelton Corp that opened at 22 dlrs per share.",
        22,
        "stat",
    ),
    (
        "Under the formula, a merger between Velmar and some other buyer at 41 dlrs per share would earn Orsk 210 mln dlrs.",
        210_000_000,
        "stat",
    ),
    ("Pelton Corp signed a similar 135 mln dlr deal with Orsk last year.", 135_000_000, "stat"),
    (
        "Orsk collects a fee should anyone buy Velmar at a price higher than 29.75 dlrs per share.",
        29.75,
        "stat",
    ),
    # financing and the company's rated debt
    (
        "Keller Bank agreed to lend Orsk 90 mln dlrs toward the acquisition.",
        90_000_000,
        "deal.financing",
    ),
    (
        "A rating agency said it might downgrade 180 mln dlrs of Velmar Corp debt because of the takeover bid.",
        180_000_000,
        "stat",
    ),
    (
        "He noted Velmar stock could fall 10 dlrs if the takeover fails.",
        10,
        "stat.share_price",  # the market's move, not financing: "noted" is no note
    ),
]


NOT_THE_DEALS += [
    (
        "Velmar said a letter from its bankers states that the company could raise up to 235 mln dlrs.",
        235_000_000,
        "deal.financing",
    ),
    (
        "An agency said it may downgrade 7 billion dlrs of Orsk Corp and subsidiary debt because of the deal.",
        7_000_000_000,
        "stat",
    ),
    (
        "Orsk has spent 96 mln dlrs to buy its 2,310,000 Velmar shares.",
        96_000_000,
        "stat.stake_purchase",
    ),
]


NOT_THE_DEALS += [
    (
        "Orsk agreed to acquire Velmar for 1.2 billion dlrs, including the 767 mln dlrs in Velmar debt that Orsk will assume.",
        767_000_000,
        "stat",
    ),
]


STILL_THE_DEALS = [
    (
        "Voss sold his stake once the board ignored his proposal for a negotiated agreement at a minimum price of 44 dlrs a share.",
        44,
        "deal.price_per_share",  # the sale is in another clause: no holder's trade
    ),
    (
        "Orsk agreed to acquire Velmar for 1.2 billion dlrs, including the 767 mln dlrs in Velmar debt that Orsk will assume.",
        1_200_000_000,
        "deal.value",
    ),
    (
        "Orsk lifted its bid to 47 dlrs in cash and two dlrs in exchangeable preferred stock per Velmar share from 44.50 dlrs in cash.",
        2,
        "deal.price_per_share",  # paid in a security, not its name
    ),
    (
        "Orsk lifted its bid to 47 dlrs in cash and two dlrs in exchangeable preferred stock per Velmar share from 44.50 dlrs in cash.",
        44.5,
        "deal.price_per_share",
    ),
    (
        "Velmar shares have traded above the 100 dlr offer price all week.",
        100,
        "deal.price_per_share",
    ),
    ("Velmar is reviewing the 2 bln dlr takeover offer from Orsk.", 2_000_000_000, "deal.value"),
    ("Orsk raised its offer for Velmar to 2.4 bln dlrs.", 2_400_000_000, "deal.value"),
    (
        "The agency pointed to Orsk's tender offer to acquire Velmar Corp for 142.5 mln dlrs.",
        142_500_000,
        "deal.value",
    ),
    ("Orsk agreed to acquire Velmar for 2.1 billion dlrs, or 35 dlrs a share.", 35, "deal.price_per_share"),
    (
        "Velmar stock closed a little above the 31 dlr offer on Monday.",
        31,
        "deal.price_per_share",
    ),
    ('The analyst said the 25-dlr offer by Orsk was "a bit light."', 25, "deal.price_per_share"),
    ("Velmar agreed to be acquired by Orsk for 265 mln dlrs in cash.", 265_000_000, "deal.value"),
    ("Orsk raised its bid to more than 150 dlrs per share.", 150, "deal.price_per_share"),
]


@pytest.mark.parametrize(("text", "amount", "slot"), NOT_THE_DEALS + STILL_THE_DEALS)
def test_money_that_is_not_the_deals(nlp: Any, text: str, amount: float, slot: str) -> None:
    assert slot_of(figure_claims(nlp, text), amount) == slot


BIDDERS = [
    (
        "Private investor Lars Okafor last week offered 34 dlrs a share for Velmar Corp, prompting a rival bid of 50 dlrs a share from another publishing firm, Brightwater Media Inc.",
        50,
        "Brightwater Media Inc",
    ),
    (
        "Private investor Lars Okafor last week offered 34 dlrs a share for Velmar Corp, prompting a rival bid of 50 dlrs a share from another publishing firm, Brightwater Media Inc.",
        34,
        "Lars Okafor",
    ),
    (
        "Velmar Corp has received a proposal from Brightwater Media Inc to buy all its shares at 50 dlrs a share in cash.",
        50,
        "Brightwater Media Inc",
    ),
    (
        "Two bidders emerged: Lars Okafor and Brightwater Media Inc, which offered 50 dlrs a share.",
        50,
        "Brightwater Media Inc",
    ),
]


@pytest.mark.parametrize(("text", "amount", "subject"), BIDDERS)
def test_a_bid_names_its_own_bidder(nlp: Any, text: str, amount: float, subject: str) -> None:
    (claim,) = [c for c in figure_claims(nlp, text) if c.value.get("amount") == amount]
    assert (claim.slot, claim.subject) == ("deal.price_per_share", subject)


def _value_fact(fid: str, amount: float, qualifiers: list[Qualifier], consistent: list[str]) -> Any:
    from dealclaims.models import Fact

    return Fact(
        id=fid,
        slot="deal.value",
        value={"amount": amount, "currency": "USD"},
        text=f"{amount} dlrs",
        qualifiers=qualifiers,
        support=1,
        sources=[fid],
        evidence=[],
        consistent_sources=consistent,
    )


def test_the_headline_prefers_a_current_value_to_an_earlier_one() -> None:
    from dealclaims.consensus.headline import make_headline

    earlier = _value_fact("a", 111_600_000, [Qualifier(kind="framing", value="previous", text="from")], ["x"])
    current = _value_fact("b", 384_000_000, [], [])
    assert make_headline([earlier, current], []) == "USD 384 million"


HELD_BY = [
    ("A group of Brill funds holds about eight pct of Velmar Corp.", 8, "deal.stake", "Brill", []),
    (
        "Keswick Investments raised its stake in Velmar Corp to 726,700 shares, or 9.5 pct of the total.",
        9.5,
        "deal.stake",
        "Keswick Investments",
        ["revised"],
    ),
    (
        "Dunmore Corp trimmed its stake in Velmar Corp to 286,500 shares, or 3.7 pct, from 962,400 shares, or 12.4 pct.",
        3.7,
        "deal.stake",
        "Dunmore Corp",
        [],
    ),
    (
        "Keswick also holds options that give it the right to buy 50,000 shares for 1.8 mln dlrs.",
        1_800_000,
        "stat.stake_purchase",
        None,
        [],
    ),
]


@pytest.mark.parametrize(("text", "amount", "slot", "subject", "framing"), HELD_BY)
def test_holders_of_groups_restated_percents_and_options(
    nlp: Any, text: str, amount: float, slot: str, subject: str | None, framing: list[str]
) -> None:
    (claim,) = [c for c in figure_claims(nlp, text) if c.value.get("amount") == amount]
    assert (claim.slot, claim.subject) == (slot, subject)
    assert [q.value for q in claim.qualifiers if q.value in ("previous", "revised")] == framing


def test_the_headline_breaks_a_tie_of_parties_by_how_many_documents_name_them() -> None:
    from dealclaims.consensus.headline import make_headline
    from dealclaims.models import Entity, Fact

    def parties(fid: str, ids: list[str]) -> Fact:
        return Fact(id=fid, slot="deal.parties", value=ids, text="", support=1, sources=[fid], evidence=[])

    kind = Fact(
        id="t", slot="deal.type", value="tender offer", text="", support=2, sources=["a", "b"], evidence=[]
    )
    entities = [
        Entity(id="org:velmar", name="Velmar Inc", type="ORG", sources=["a", "b", "c"]),
        Entity(id="org:brill", name="Brill Capital", type="ORG", sources=["a", "b"]),
        Entity(id="org:aster", name="Aster and Co", type="ORG", sources=["a"]),  # a stake holder, named once
    ]
    facts = [kind, parties("p1", ["org:aster", "org:velmar"]), parties("p2", ["org:brill", "org:velmar"])]
    assert make_headline(facts, entities) == "Tender offer between Brill Capital and Velmar Inc"
