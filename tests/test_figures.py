"""Tests for dealclaims.figures: money, percent, quantity, change and qualifier parsing."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealclaims.extract.figures import (
    Figure,
    find_changes,
    find_figures,
    find_qualifiers,
    parse_money,
)
from dealclaims.extract.units import CURRENCY_NAMES, FRAMINGS, HEDGES, QUANTITY_UNITS, SCOPES


def only_figure(text: str) -> Figure:
    figures = find_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


# ---------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$500 million", 5e8, "USD"),
        ("USD 500 million", 5e8, "USD"),
        ("US$500m", 5e8, "USD"),
        ("$ 500mn", 5e8, "USD"),
        ("500 million dollars", 5e8, "USD"),
        ("500 million US dollars", 5e8, "USD"),
        ("500 million USD", 5e8, "USD"),
        ("$1.2 billion", 1.2e9, "USD"),
        ("$1.2bn", 1.2e9, "USD"),
        ("$1.1bn", 1.1e9, "USD"),
        ("$3 trillion", 3e12, "USD"),
        ("$500", 500.0, "USD"),
        ("Rs 1,500-crore", 1.5e10, "INR"),
        ("Rs 1,500 crore", 1.5e10, "INR"),
        ("₹1,500 crore", 1.5e10, "INR"),
        ("INR 1500 crore", 1.5e10, "INR"),
        ("Rs. 1,50,000", 1.5e5, "INR"),
        ("Rs 10 lakh", 1e6, "INR"),
        ("Rs 1 lakh crore", 1e12, "INR"),
        ("Rs2bn", 2e9, "INR"),  # bare "Rs" is read as INR
        ("PKR 2 billion", 2e9, "PKR"),
        ("2 billion Pakistani rupees", 2e9, "PKR"),
        ("10 crore rupees", 1e8, "INR"),
        ("€20m", 2e7, "EUR"),
        ("EUR 20 million", 2e7, "EUR"),
        ("£5bn", 5e9, "GBP"),
        ("5 billion yuan", 5e9, "CNY"),
        ("¥100 billion", 1e11, "JPY"),
        ("five billion dollars", 5e9, "USD"),
    ],
)
def test_parse_money(text: str, amount: float, currency: str) -> None:
    assert parse_money(text) == (pytest.approx(amount), currency)


@pytest.mark.parametrize(
    "text", ["2025", "500 million", "50 percent", "270 kilo tonnes", "Mrs 5 million", "", "$", "billions"]
)
def test_parse_money_rejects(text: str) -> None:
    assert parse_money(text) is None


def test_parse_money_finds_the_amount_inside_a_phrase() -> None:
    assert parse_money("a landmark $500 million investment") == (5e8, "USD")


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("trillions of dollars", 1e12, "USD"),
        ("billions of dollars", 1e9, "USD"),
        ("millions of euros", 1e6, "EUR"),
        ("hundreds of billions of dollars", 1e11, "USD"),
    ],
)
def test_vague_money_is_approximate(text: str, amount: float, currency: str) -> None:
    figure = only_figure(f"reserves worth {text}, officials said")
    assert (figure.kind, figure.amount, figure.unit, figure.text) == ("money", amount, currency, text)
    assert figure.approximate


def test_exact_money_is_not_approximate() -> None:
    assert not only_figure("$500 million").approximate


# ---------------------------------------------------------------- percent and quantity


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("3.2 percent", 3.2, "%"),
        ("3.2 per cent", 3.2, "%"),
        ("50%", 50.0, "%"),
        ("50 %", 50.0, "%"),
        ("0.1 percent", 0.1, "%"),
        ("ten percent", 10.0, "%"),
        ("2 percentage points", 2.0, "pp"),
    ],
)
def test_percent(text: str, amount: float, unit: str) -> None:
    figure = only_figure(text)
    assert (figure.kind, figure.amount, figure.unit, figure.text) == ("percent", amount, unit, text)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("270 kilo tonnes", 270_000.0, "t"),
        ("270 kilotonnes", 270_000.0, "t"),
        ("270 kt", 270_000.0, "t"),
        ("40 kilo tonne", 40_000.0, "t"),
        ("1.5 million tonnes", 1.5e6, "t"),
        ("10,000 barrels per day", 10_000.0, "bbl/d"),
        ("10,000 bpd", 10_000.0, "bbl/d"),
        ("10,000 barrels", 10_000.0, "bbl"),
        ("5 MW", 5.0, "MW"),
        ("5MW", 5.0, "MW"),
        ("1.2 GW", 1.2, "GW"),
        ("six-year", 6.0, "year"),
        ("six years", 6.0, "year"),
        ("Twelve years", 12.0, "year"),
        ("twenty years", 20.0, "year"),
        ("twenty-five years", 25.0, "year"),
        ("2 million ounces", 2e6, "oz"),
        ("120 km", 120.0, "km"),
        ("5,000 jobs", 5000.0, "job"),
    ],
)
def test_quantity(text: str, amount: float, unit: str) -> None:
    figure = only_figure(text)
    assert (figure.kind, figure.amount, figure.unit, figure.text) == ("quantity", amount, unit, text)


@pytest.mark.parametrize(
    "text",
    [
        "2025",
        "in 2025",
        "On July 31, the US sealed a trade deal",
        "the first phase",
        "at 10:30 am",
        "call +92 51 1234567",
        "COVID-19 years",
        "the G7 summit",
        "lithium-ion batteries",
        "a bare 500",
        "Model X500 tonnes",
        "24/7 days",
        "a six-year-old child",
        "someone years",
        "3rd",
        "billions",
    ],
)
def test_not_a_figure(text: str) -> None:
    assert find_figures(text) == []


def test_range_without_from_gives_the_upper_bound_only() -> None:
    for text in ("10 to 20 percent", "between 10 and 20 percent", "10-20 percent"):
        assert [f.text for f in find_figures(text)] == ["20 percent"]
        assert find_changes(text) == []


def test_figures_in_an_article_sentence() -> None:
    text = "Canada's firm, which holds a 50% stake, signed a landmark $500 million investment in 2025."
    figures = find_figures(text)
    assert [(f.kind, f.amount, f.unit, f.text) for f in figures] == [
        ("percent", 50.0, "%", "50%"),
        ("money", 5e8, "USD", "$500 million"),
    ]


# ---------------------------------------------------------------- changes


@pytest.mark.parametrize(
    ("text", "change_text", "before", "after"),
    [
        ("cut from 29 percent to 19 percent", "from 29 percent to 19 percent", 29.0, 19.0),
        ("cut 29 percent to 19 percent", "29 percent to 19 percent", 29.0, 19.0),
        ("rose from $1bn to $2bn", "from $1bn to $2bn", 1e9, 2e9),
        ("grew from 10 to 20 percent", "from 10 to 20 percent", 10.0, 20.0),
        ("from 1 to 2.5 million tonnes", "from 1 to 2.5 million tonnes", 1e6, 2.5e6),
    ],
)
def test_change(text: str, change_text: str, before: float, after: float) -> None:
    (change,) = find_changes(text)
    assert change.text == change_text == text[change.start : change.end]
    assert (change.before.amount, change.after.amount) == (pytest.approx(before), pytest.approx(after))
    assert change.before.unit == change.after.unit
    assert text[change.before.start : change.before.end] == change.before.text


@pytest.mark.parametrize(
    "text",
    [
        "29 percent and 19 percent",
        "from $1bn to 20 percent",
        "$1bn to €2bn",
        "between $1bn and $2bn",
        "plans 500 MW to 2030",
        "from 5 to tens of millions of dollars",
    ],
)
def test_not_a_change(text: str) -> None:
    assert find_changes(text) == []


def test_find_changes_uses_given_figures() -> None:
    text = "from 29 percent to 19 percent"
    assert find_changes(text, figures=[]) == []
    assert len(find_changes(text, figures=find_figures(text))) == 1


# ---------------------------------------------------------------- qualifiers


SEED_SENTENCE = (
    "to help develop at least 270 kilo tonnes of annual recycling capacity, resulting in around "
    "40 kilo tonne of annual production"
)


def qualifiers(text: str, figure_text: str) -> list[tuple[str, str]]:
    (figure,) = [f for f in find_figures(text) if f.text == figure_text]
    found = find_qualifiers(text, figure)
    assert all(text[q.start : q.end] == q.text for q in found)
    assert [q.start for q in found] == sorted(q.start for q in found)
    return [(q.kind, q.value) for q in found]


@pytest.mark.parametrize(
    ("text", "figure_text", "expected"),
    [
        (
            "Pakistan has secured a landmark $500 million investment from a US firm.",
            "$500 million",
            [("framing", "landmark"), ("framing", "investment")],
        ),
        (
            "The first phase of this deal is envisaged at approximately $500 million of investments.",
            "$500 million",
            [("scope", "first phase"), ("hedge", "approximately"), ("framing", "investment")],
        ),
        (
            "with the first phase envisaging investments of approximately USD 500 million in the sector",
            "USD 500 million",
            [("scope", "first phase"), ("framing", "investment"), ("hedge", "approximately")],
        ),
        (
            "Pakistan has signed a memorandum of understanding (MoU) worth USD 500 million with the firm.",
            "USD 500 million",
            [("framing", "worth")],
        ),
        (
            SEED_SENTENCE,
            "270 kilo tonnes",
            [("hedge", "at least"), ("scope", "annual")],
        ),
        (
            SEED_SENTENCE,
            "40 kilo tonne",
            [("scope", "annual"), ("hedge", "around")],
        ),
        (
            "The company is valued at ~$5bn in total.",
            "$5bn",
            [("framing", "valued at"), ("hedge", "approximately"), ("scope", "total")],
        ),
        ("an estimated $2bn loan", "$2bn", [("hedge", "estimated"), ("framing", "loan")]),
        ("about a $2bn deal", "$2bn", [("hedge", "about"), ("framing", "deal")]),
        ("up to 10,000 barrels per day", "10,000 barrels per day", [("hedge", "up to")]),
        (
            "Phase one involves more than 5,000 jobs",
            "5,000 jobs",
            [("scope", "first phase"), ("hedge", "more than")],
        ),
        ("initially a record $3bn", "$3bn", [("scope", "initial"), ("framing", "record")]),
    ],
)
def test_qualifiers(text: str, figure_text: str, expected: list[tuple[str, str]]) -> None:
    assert qualifiers(text, figure_text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "They talked about the deal for hours and then agreed on $5bn.",  # "about" far from the figure
        "The deal, announced after long talks in the capital, is $5bn.",  # "deal" outside the window
        "Some officials said it was $5bn.",
    ],
)
def test_distant_words_do_not_qualify(text: str) -> None:
    assert qualifiers(text, "$5bn") == []


def test_qualifiers_are_deduplicated() -> None:
    text = "The total, a total of $5bn in investments and investment"
    assert qualifiers(text, "$5bn") == [("scope", "total"), ("framing", "investment")]


# ---------------------------------------------------------------- data tables and properties


def test_every_table_form_is_recognised() -> None:
    for form in CURRENCY_NAMES:
        assert parse_money(f"5 {form}") == (5.0, CURRENCY_NAMES[form])
    for form, (unit, factor) in QUANTITY_UNITS.items():
        assert only_figure(f"2 {form}")[1:3] == (2.0 * factor, unit)


@pytest.mark.parametrize(("table", "kind"), [(HEDGES, "hedge"), (SCOPES, "scope"), (FRAMINGS, "framing")])
def test_every_qualifier_form_is_recognised(table: dict[str, str], kind: str) -> None:
    for form, value in table.items():
        text = f"{form} $5bn" if kind == "hedge" else f"the {form} $5bn"
        assert (kind, value) in qualifiers(text, "$5bn"), form


_PIECES = st.sampled_from(
    [
        "$",
        "US$",
        "Rs",
        "₹",
        "€",
        "5",
        "1,500",
        "3.2",
        "0",
        "six",
        "twenty-",
        "million",
        "bn",
        "m",
        "crore",
        "percent",
        "%",
        "per cent",
        "kilo",
        "tonnes",
        "kt",
        "barrels per day",
        "years",
        "-",
        "from",
        "to",
        "of",
        "billions",
        "dollars",
        "approximately",
        "at least",
        " ",
        "\u00a0",
        ":",
        ",",
        # characters that IGNORECASE or \d treat specially: long s, Kelvin sign, dotted I, Arabic-Indic five
        "\u017f",
        "\u212a",
        "\u0130",
        "\u0665",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=30).map("".join)


@given(_TEXT)
def test_figure_offsets_always_match(text: str) -> None:
    figures = find_figures(text)
    for figure in figures:
        assert 0 <= figure.start < figure.end <= len(text)
        assert text[figure.start : figure.end] == figure.text
        for q in find_qualifiers(text, figure):
            assert text[q.start : q.end] == q.text
    assert all(a.end <= b.start for a, b in pairwise(figures))
    for change in find_changes(text, figures):
        assert text[change.start : change.end] == change.text


@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    for figure in find_figures(text):
        assert text[figure.start : figure.end] == figure.text


# ---------------------------------------------------------------- babel currencies, wire forms, exact amounts


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("5 billion Swedish crowns", "5000000000", "SEK"),
        ("3 billion Danish kroner", "3000000000", "DKK"),
        ("500 million yen", "500000000", "JPY"),
        ("20 million euros", "20000000", "EUR"),
        ("SEK 4.5 billion", "4500000000", "SEK"),
        ("NOK 300m", "300000000", "NOK"),
        ("CA$3 billion", "3000000000", "CAD"),
        ("₩5 trillion", "5000000000000", "KRW"),
        ("42.00 dlrs", "42", "USD"),
        ("1.62 billion dlr", "1620000000", "USD"),
        ("1.5 bln Canadian dlrs", "1500000000", "CAD"),
        ("45 cts", "0.45", "USD"),
        ("34-1/4 dlrs", "34.25", "USD"),
        ("Rs 10 lakh", "1000000", "INR"),
        ("-$5 million", "-5000000", "USD"),
        ("$123,456,789,012,345", "123456789012345", "USD"),
        ("12 pct", "12", "%"),
        ("4,023,200 Halvorsen shares", "4023200", "share"),
    ],
)
def test_currencies_and_wire_forms(text: str, amount: str, unit: str) -> None:
    figure = only_figure(text)
    assert (figure.value, figure.unit, figure.text) == (Decimal(amount), unit, text)


@pytest.mark.parametrize(
    "text",
    [
        "$" + "9" * 400,
        "$2,000 trillion",
        "all 5 games",
        "a 5-10 split",
        "from 9999999999999999 to 20 percent",
    ],
)
def test_absurd_or_false_money_is_dropped(text: str) -> None:
    assert [f for f in find_figures(text) if f.kind == "money"] == []


def test_absurd_change_start_is_dropped() -> None:
    assert find_changes("grew from 9999999999999999 to 20 percent") == []
