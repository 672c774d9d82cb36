"""reconcile: clustering, support counting and typed conflicts on hand-made claims (no spaCy)."""

from __future__ import annotations

from typing import Any

import pytest

from dealclaims.consensus.clusters import normalize_title
from dealclaims.consensus.facts import reconcile_claims
from dealclaims.lexicon import load_lexicon
from dealclaims.models import Claim, Evidence, Qualifier


def claim(
    source: str,
    slot: str,
    value: Any,
    text: str = "",
    *,
    subject: str | None = None,
    kind: str = "text",
    quals: tuple[tuple[str, str], ...] = (),
    by: str | None = None,
) -> Claim:
    ev = Evidence(source=source, text=text or str(value), start=0, end=len(text or str(value)))
    return Claim(
        id=f"{source}-{slot}-{text}",
        slot=slot,
        subject=subject,
        value=value,
        value_kind=kind,
        text=text or str(value),
        source=source,
        evidence=ev,
        attributed_to=by,
        qualifiers=[Qualifier(kind=k, value=v, text=v) for k, v in quals],  # type: ignore[arg-type]
    )


MONEY = {"amount": 500_000_000, "currency": "USD"}


def test_same_amount_with_different_scope_and_hedge_is_a_qualifier_mismatch() -> None:
    facts, conflicts = reconcile_claims(
        [
            claim(
                "a",
                "deal.value",
                MONEY,
                "landmark $500 million investment",
                kind="money",
                quals=(("framing", "landmark"),),
            ),
            claim(
                "b", "deal.value", MONEY, "worth USD 500 million", kind="money", quals=(("framing", "worth"),)
            ),
            claim(
                "c",
                "deal.value",
                MONEY,
                "first phase … approximately $500 million",
                kind="money",
                quals=(("hedge", "approximately"), ("scope", "first phase")),
            ),
        ]
    )
    assert [c.kind for c in conflicts] == ["qualifier_mismatch"]
    assert sorted(v.sources for v in conflicts[0].variants) == [["a", "b"], ["c"]]
    # a source supports the value only when it frames it the same way: one fact per side of the conflict
    bare, hedged = [f for f in facts if f.slot == "deal.value"]
    assert (bare.sources, hedged.sources) == (["a", "b"], ["c"]) and bare.id != hedged.id
    assert [q.value for q in hedged.qualifiers] == ["approximately", "first phase"]


def test_different_amounts_are_a_value_mismatch() -> None:
    _, conflicts = reconcile_claims(
        [
            claim("a", "deal.value", MONEY, kind="money"),
            claim("b", "deal.value", {"amount": 600_000_000, "currency": "USD"}, kind="money"),
        ]
    )
    assert [c.kind for c in conflicts] == ["value_mismatch"]


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        (["cobalt", "copper", "lithium"], ["cobalt", "copper", "rare earth elements"], True),
        (
            ["cobalt", "copper"],
            ["cobalt", "copper", "nickel"],
            False,
        ),  # a partial list is not a contradiction
        (["critical minerals"], ["cobalt", "copper"], False),  # the category refines to members
    ],
)
def test_set_mismatch_only_when_neither_list_contains_the_other(
    a: list[str], b: list[str], conflict: bool
) -> None:
    _, conflicts = reconcile_claims(
        [
            claim("s1", "org.focus", a, subject="org:x", kind="names"),
            claim("s2", "org.focus", b, subject="org:x", kind="names"),
        ]
    )
    assert [c.kind for c in conflicts] == (["set_mismatch"] if conflict else [])


def test_region_refines_country_and_counts_as_consistent_not_conflicting() -> None:
    facts, conflicts = reconcile_claims(
        [
            claim("a", "org.hq", "Missouri", subject="org:x", kind="place"),
            claim("b", "org.hq", "Missouri", subject="org:x", kind="place"),
            claim("c", "org.hq", "United States", subject="org:x", kind="place"),
        ]
    )
    assert conflicts == []
    [fact] = facts
    assert (fact.value, fact.support, fact.consistent_sources) == ("Missouri", 2, ["c"])


def test_incompatible_places_are_a_location_mismatch() -> None:
    _, conflicts = reconcile_claims(
        [
            claim("a", "org.hq", "Missouri", subject="org:x", kind="place"),
            claim("b", "org.hq", "Ontario", subject="org:x", kind="place"),
        ]
    )
    assert [c.kind for c in conflicts] == ["location_mismatch"]


def test_mou_refines_agreement_and_two_specific_types_conflict() -> None:
    facts, conflicts = reconcile_claims(
        [
            claim("a", "deal.type", "memorandum of understanding", kind="type"),
            claim("a", "deal.type", "agreement", kind="type"),
            claim("b", "deal.type", "agreement", kind="type"),
        ]
    )
    assert conflicts == []
    assert [(f.value, f.support, f.consistent_sources) for f in facts] == [
        ("memorandum of understanding", 1, ["b"])
    ]
    _, conflicts = reconcile_claims(
        [
            claim("a", "deal.type", "memorandum of understanding", kind="type"),
            claim("b", "deal.type", "joint venture", kind="type"),
        ]
    )
    assert [c.kind for c in conflicts] == ["value_mismatch"]


@pytest.mark.parametrize(
    ("title", "normalised"),
    [
        ("US Chargé d'Affaires (CDA)", "chargé d'affaires"),
        ("PM", "prime minister"),
        ("Embassy Islamabad Acting Deputy Chief of Mission", "acting deputy chief of mission"),
        ("U.S. Secretary of State", "secretary of state"),
    ],
)
def test_normalize_title(title: str, normalised: str) -> None:
    assert normalize_title(title, load_lexicon()) == normalised


def test_title_mismatch_but_abbreviation_is_not_one() -> None:
    _, conflicts = reconcile_claims(
        [
            claim("a", "person.title", "Prime Minister", subject="person:x", kind="title"),
            claim("b", "person.title", "PM", subject="person:x", kind="title"),
        ]
    )
    assert conflicts == []
    _, conflicts = reconcile_claims(
        [
            claim("a", "person.title", "Finance Minister", subject="person:x", kind="title"),
            claim("b", "person.title", "Ambassador", subject="person:x", kind="title"),
        ]
    )
    assert [c.kind for c in conflicts] == ["title_mismatch"]


def test_same_quote_given_to_two_speakers_is_an_attribution_mismatch() -> None:
    words = "we look forward to seeing future agreements between companies"
    facts, conflicts = reconcile_claims(
        [
            claim("a", "quote", words, words, subject="person:a", by="person:a", kind="quote"),
            claim("b", "quote", words + ".", words + ".", subject="person:b", by="person:b", kind="quote"),
        ]
    )
    assert [c.kind for c in conflicts] == ["attribution_mismatch"]
    assert sorted((f.subject, f.sources) for f in facts) == [("person:a", ["a"]), ("person:b", ["b"])]


def test_dates_and_names() -> None:
    _, conflicts = reconcile_claims(
        [
            claim("a", "deal.date", "monday", kind="date"),
            claim("b", "deal.date", "tuesday", kind="date"),
            claim("a", "org.name", "National Mining Organisation", subject="org:n", kind="name"),
            claim("b", "org.name", "National Mining Organization", subject="org:n", kind="name"),
            claim("c", "org.name", "Mining Organization", subject="org:n", kind="name"),
        ]
    )
    assert sorted(c.kind for c in conflicts) == ["date_mismatch", "name_variant"]
    [variant] = [c for c in conflicts if c.kind == "name_variant"]
    assert sorted(v.sources for v in variant.variants) == [["a", "b"], ["c"]]


def test_output_is_independent_of_input_order() -> None:
    claims = [claim(s, "deal.value", MONEY, kind="money") for s in "cab"] + [
        claim("a", "org.focus", ["x", "y"], subject="o", kind="names"),
        claim("b", "org.focus", ["x", "z"], subject="o", kind="names"),
    ]
    assert reconcile_claims(claims) == reconcile_claims(list(reversed(claims)))


# ---------------------------------------------------------------- consensus never contradicts its conflicts


def _value(
    source: str, text: str, quals: tuple[tuple[str, str], ...] = (), amount: int = 500_000_000
) -> Claim:
    money = {"amount": amount, "currency": "USD"}
    return claim(source, "deal.value", money, text, kind="money", quals=quals)


@pytest.mark.parametrize(
    ("claims", "sides"),
    [
        # same amount, same framing: one fact, nobody differs
        ([_value("a", "$500 million"), _value("b", "USD 500 million")], [["a", "b"]]),
        # a hedge alone does not set an estimate against the exact figure
        (
            [_value("a", "$500 million"), _value("b", "about $500 million", (("hedge", "about"),))],
            [["a", "b"]],
        ),
        # a scope shared by two sources against a bare figure in a third
        (
            [
                _value("a", "first phase $500 million", (("scope", "first phase"),)),
                _value("b", "$500 million in the first phase", (("scope", "first phase"),)),
                _value("c", "$500 million"),
            ],
            [["a", "b"], ["c"]],
        ),
        # different amounts were always different facts
        ([_value("a", "$500 million"), _value("b", "$600 million", amount=600_000_000)], [["a"], ["b"]]),
    ],
)
def test_value_facts_follow_the_sides_of_their_conflicts(claims: list[Claim], sides: list[list[str]]) -> None:
    from dealclaims.consensus.agreement import mark_agreement

    facts, conflicts = reconcile_claims(claims)
    assert sorted(f.sources for f in facts) == sides
    documents = sorted({c.source for c in claims})
    for fact in mark_agreement(facts, conflicts, documents):
        others = [d for d in documents if d not in fact.sources]
        assert fact.agreement == {d: "states" if d in fact.sources else "differs" for d in documents}
        assert list(fact.agreement) == documents  # sorted keys: deterministic JSON
        assert all(any(d in v.sources for c in conflicts for v in c.variants) for d in others)


def test_truth_confidence_of_a_split_fact_is_its_own_side() -> None:
    """Two facts with one amount on two sides of a scope conflict get their own sides' confidence."""
    from dealclaims.consensus.truth import weigh_sources

    facts, conflicts = reconcile_claims(
        [
            _value("a", "$500 million"),
            _value("b", "$500 million"),
            _value("c", "$500 million"),
            _value("d", "first phase $500 million", (("scope", "first phase"),)),
        ]
    )
    weighed, ranked, _ = weigh_sources(facts, conflicts, [], ["a", "b", "c", "d"])
    by_sources = {tuple(f.sources): f.confidence for f in weighed}
    [conflict] = ranked
    assert {tuple(v.sources): v.confidence for v in conflict.variants} == by_sources
    assert by_sources[("a", "b", "c")] > by_sources[("d",)]


@pytest.mark.parametrize(
    ("deal_type", "slot"),
    [
        ("acquisition", "stat.investment"),  # a buyer's pledge to invest is not the price it pays
        ("merger", "stat.investment"),
        ("memorandum of understanding", "deal.value"),  # an investment deal: the invested sum is its value
        ("concession", "deal.value"),
    ],
)
def test_an_investment_pledge_in_a_purchase_is_not_the_deal_value(deal_type: str, slot: str) -> None:
    from dealclaims.consensus.facts import separate_pledges

    pledge = claim(
        "a", "deal.value", {"amount": 2e9, "currency": "USD"}, "invest up to $2 billion", kind="money",
        quals=(("framing", "investment"), ("hedge", "up to")),
    )  # fmt: skip
    price = claim("b", "deal.value", {"amount": 14e9, "currency": "USD"}, "$14 billion deal", kind="money")
    types = [claim(s, "deal.type", deal_type, deal_type, kind="type") for s in ("a", "b")]
    out = {c.text: c.slot for c in separate_pledges([*types, pledge, price])}
    assert out["invest up to $2 billion"] == slot
    assert out["$14 billion deal"] == "deal.value"


@pytest.mark.parametrize(
    ("slot", "values", "conflict"),
    [
        # b names a second kind of deal next to the one everyone names: context, not a disagreement
        ("deal.type", [("a", "tender offer"), ("b", "tender offer"), ("b", "merger")], False),
        ("deal.type", [("a", "tender offer"), ("b", "joint venture")], True),
        # a tender offer and a merger for one company are one kind of deal: a purchase
        ("deal.type", [("a", "tender offer"), ("b", "merger")], False),
        # b gives the expiry date of the offer as well as the signing date
        ("deal.date", [("a", "march 3"), ("b", "march 3"), ("b", "april 20")], False),
        ("deal.date", [("a", "march 3"), ("b", "april 20")], True),
    ],
)
def test_a_conflict_needs_a_source_that_states_only_the_other_value(
    slot: str, values: list[tuple[str, str]], conflict: bool
) -> None:
    _, conflicts = reconcile_claims([claim(s, slot, v) for s, v in values])
    assert bool(conflicts) is conflict


@pytest.mark.parametrize(
    ("dates", "conflict"),
    [
        ([("a", "friday", "signing"), ("b", "thursday", "expiry")], False),  # two events, two dates
        ([("a", "april 14", "expiry"), ("b", "april 15", "expiry")], True),  # one event, two dates
        ([("a", "march 3", None), ("b", "march 4", "signing")], True),  # unsaid: the deal's own event
        ([("a", "march 3", None), ("b", "march 9", "expiry")], False),
        ([("a", "march 3", "announcement"), ("b", "march 4", "signing")], True),  # one deal, one date
    ],
)
def test_dates_conflict_only_within_one_event(
    dates: list[tuple[str, str, str | None]], conflict: bool
) -> None:
    claims = [claim(s, "deal.date", v, quals=(("event", e),) if e else ()) for s, v, e in dates]
    _, conflicts = reconcile_claims(claims)
    assert [c.kind for c in conflicts] == (["date_mismatch"] if conflict else [])


def _money(source: str, slot: str, amount: float, currency: str, text: str) -> Claim:
    return claim(source, slot, {"amount": amount, "currency": currency}, text, kind="money")


@pytest.mark.parametrize(
    ("claims", "bare_currency"),
    [
        # the regional paper writes "$" for the dollar the wire marks "C$": all its bare amounts are C$
        (
            [
                _money("a", "deal.price_per_share", 41.5, "CAD", "C$41.50"),
                _money("b", "deal.price_per_share", 41.5, "USD", "$41.50"),
                _money("b", "deal.value", 3e9, "USD", "$3 billion"),
            ],
            "CAD",
        ),
        # no other source marks that amount: a bare "$" stays the US dollar
        ([_money("b", "deal.value", 3e9, "USD", "$3 billion")], "USD"),
        # "US$" is marked: the amount another source gives as US$ keeps the bare "$" American
        (
            [
                _money("a", "deal.value", 3e9, "USD", "US$3 billion"),
                _money("b", "deal.value", 3e9, "USD", "$3 billion"),
            ],
            "USD",
        ),
    ],
)
def test_a_bare_dollar_is_the_dollar_other_sources_mark(claims: list[Claim], bare_currency: str) -> None:
    from dealclaims.consensus.currency import settle_bare_dollars

    settled = settle_bare_dollars(claims)
    assert {c.value["currency"] for c in settled if c.source == "b"} == {bare_currency}
