"""The data of figures: number words, scales, currencies (from babel), units, hedges, scopes and framings."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from babel.numbers import get_currency_name, get_currency_symbol, list_currencies

FigureKind = Literal["money", "percent", "quantity"]


QualifierKind = Literal["hedge", "scope", "framing"]


_ONES = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)


TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


NUMBER_WORDS: dict[str, int] = {
    **{w: i for i, w in enumerate(_ONES, start=1)},
    **{w: 10 * i for i, w in enumerate(TENS_WORDS, start=2)},
}


SCALES: dict[str, int] = {
    "hundred": 10**2,
    "thousand": 10**3,
    "k": 10**3,
    "lakh": 10**5,
    "lakhs": 10**5,
    "lac": 10**5,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "crore": 10**7,
    "crores": 10**7,
    "cr": 10**7,
    "billion": 10**9,
    "bn": 10**9,
    "bln": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}


VAGUE_SCALES: dict[str, int] = {"thousands": 10**3, "millions": 10**6, "billions": 10**9, "trillions": 10**12}


VAGUE_MULTIPLIERS: dict[str, int] = {"tens": 10, "hundreds": 100}


# Written before the number. "Rs" alone means INR: Indian outlets use it far more often, and a Pakistani
# amount is only recognised when "PKR" (or "Pakistani rupees", below) is explicit. "¥" is read as JPY.
# These hand-written forms win over babel's; babel adds every other ISO 4217 code, name and symbol.
_WRITTEN_PREFIXES: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "u.s.$": "USD",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "rmb": "CNY",
    "a$": "AUD",
    "c$": "CAD",
    "hk$": "HKD",
    "s$": "SGD",
}


# Written after the number ("500 million US dollars", "5 billion yuan", wire copy's "42 dlrs").
_WRITTEN_NAMES: dict[str, str] = {
    **dict.fromkeys(
        ("dollar", "dollars", "u.s. dollar", "u.s. dollars", "american dollars", "dlr", "dlrs", "dls"), "USD"
    ),
    **dict.fromkeys(("u.s. dlr", "u.s. dlrs", "us dlr", "us dlrs"), "USD"),
    **dict.fromkeys(("rupee", "rupees"), "INR"),
    **dict.fromkeys(("pound", "pounds", "pounds sterling", "sterling"), "GBP"),
    **dict.fromkeys(("yuan", "renminbi", "rmb"), "CNY"),
}


# The currency of a minor unit written after the number ("45 cts"): factor 1/100 of the currency.
_MINOR_UNITS: dict[str, str] = dict.fromkeys(("ct", "cts", "cent", "cents"), "USD")


# Words babel writes as a currency's last word that are also common English words: never money alone.
_BARE_NAME_STOP = frozenset({"real", "reais", "mark", "marks", "won", "peso", "pesos", "franc", "francs"})


# "Swedish kronor" is also written "Swedish crowns" (the English word of krona, krone and koruna).
_CROWN_WORDS = frozenset({"krona", "kronor", "krone", "kroner", "koruna", "korunas", "króna", "krónur"})


NO_CURRENCY = "XXX"  # ISO 4217 "no currency": a money word shared by several currencies ("kr", "crowns")


def _real_currencies() -> list[str]:
    """ISO 4217 codes of money: babel's list less precious metals, test and unknown codes."""
    return [
        c
        for c in sorted(list_currencies())
        if c != NO_CURRENCY and "ounce" not in get_currency_name(c, count=2, locale="en") and c != "XTS"
    ]


def _babel_names(codes: list[str]) -> dict[str, str]:
    """English singular and plural names, "crowns" forms, "dlrs" forms and unambiguous bare last words."""
    names: dict[str, str] = {}
    bare: dict[str, set[str]] = {}
    for code in codes:
        for count in (1, 2):
            name = re.sub(r"[\s-]+", " ", get_currency_name(code, count=count, locale="en").casefold())
            if "(" in name:  # "Bosnia-Herzegovina Dinar (1992–1994)": a historical currency
                continue
            forms = {name}
            head, _, last = name.rpartition(" ")
            if last in _CROWN_WORDS:
                forms |= {f"{head} crown".strip(), f"{head} crowns".strip()}
                bare.setdefault("crowns" if count == 2 else "crown", set()).add(code)
            if last in ("dollar", "dollars") and head:
                forms.add(f"{head} dlrs")
            for form in forms:
                names.setdefault(form, code)
            if head and last not in _BARE_NAME_STOP and len(last) > 2:
                bare.setdefault(last, set()).add(code)
    for word, owners in bare.items():
        names.setdefault(word, owners.pop() if len(owners) == 1 else NO_CURRENCY)
    return names


def _babel_symbols(codes: list[str]) -> dict[str, str]:
    """Symbols that are not the code itself ("€", "CA$", "₩", "kr"); one shared by several currencies is XXX."""
    owners: dict[str, set[str]] = {}
    for code in codes:
        for locale in ("en", "sv", "da"):
            symbol = get_currency_symbol(code, locale).casefold().rstrip(".")
            if symbol != code.casefold() and not symbol.isalpha() or symbol in ("kr",):
                owners.setdefault(symbol, set()).add(code)
    return {
        s: (c.pop() if len(c) == 1 else NO_CURRENCY)
        for s, c in owners.items()
        if s and s not in ("¤", "$", "£", "¥") and not s.startswith("f")
    }


_CODES = _real_currencies()


CURRENCY_CODES: frozenset[str] = frozenset(_CODES)  # matched only in capitals ("ALL", "TOP" are words)


CURRENCY_PREFIXES: dict[str, str] = {**_babel_symbols(_CODES), **_WRITTEN_PREFIXES}


CURRENCY_NAMES: dict[str, str] = {**_babel_names(_CODES), **_WRITTEN_NAMES}


MAX_AMOUNT = Decimal(10) ** 15  # an amount above this, of any unit, is a misreading or an attack


PERCENT_UNITS: dict[str, str] = {
    **dict.fromkeys(("%", "percent", "per cent", "pct"), "%"),
    **dict.fromkeys(("percentage point", "percentage points"), "pp"),
}


QUANTITY_UNITS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(
        ("tonne", "tonnes", "ton", "tons", "metric ton", "metric tons", "metric tonne", "metric tonnes"),
        ("t", 1),
    ),
    **dict.fromkeys(
        ("kt", "kilotonne", "kilotonnes", "kilo tonne", "kilo tonnes", "kiloton", "kilotons"), ("t", 10**3)
    ),
    **dict.fromkeys(("barrel", "barrels", "bbl"), ("bbl", 1)),
    **dict.fromkeys(
        ("barrels per day", "barrels a day", "barrel per day", "bpd", "b/d", "bbl/d"), ("bbl/d", 1)
    ),
    **dict.fromkeys(("ounce", "ounces", "troy ounce", "troy ounces", "oz"), ("oz", 1)),
    **dict.fromkeys(("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"), ("km", 1)),
    **dict.fromkeys(("mile", "miles"), ("mi", 1)),
    **dict.fromkeys(("mw", "megawatt", "megawatts"), ("MW", 1)),
    **dict.fromkeys(("gw", "gigawatt", "gigawatts"), ("GW", 1)),
    **dict.fromkeys(("mwh", "megawatt hours"), ("MWh", 1)),
    **dict.fromkeys(("gwh", "gigawatt hours"), ("GWh", 1)),
    **dict.fromkeys(("cubic metre", "cubic metres", "cubic meter", "cubic meters", "m3", "m³"), ("m3", 1)),
    **dict.fromkeys(("mcm",), ("m3", 10**6)),  # million cubic metres (of gas)
    **dict.fromkeys(("bcm",), ("m3", 10**9)),  # billion cubic metres
    **dict.fromkeys(("cubic foot", "cubic feet"), ("ft3", 1)),
    **dict.fromkeys(("bcf",), ("ft3", 10**9)),
    **dict.fromkeys(("tcf",), ("ft3", 10**12)),
    **dict.fromkeys(("hectare", "hectares", "ha"), ("ha", 1)),
    **dict.fromkeys(("acre", "acres"), ("acre", 1)),
    **dict.fromkeys(("year", "years", "yr", "yrs"), ("year", 1)),
    **dict.fromkeys(("month", "months"), ("month", 1)),
    **dict.fromkeys(("job", "jobs"), ("job", 1)),
    **dict.fromkeys(("teu", "teus", "twenty foot equivalent units"), ("TEU", 1)),
}


# Every word that may follow a number: (kind, unit, factor).
SUFFIXES: dict[str, tuple[FigureKind, str, Decimal]] = {
    **{k: ("percent", u, Decimal(1)) for k, u in PERCENT_UNITS.items()},
    **{k: ("money", c, Decimal(1)) for k, c in CURRENCY_NAMES.items()},
    **{k: ("money", c, Decimal("0.01")) for k, c in _MINOR_UNITS.items()},
    **{k: ("quantity", u, Decimal(f)) for k, (u, f) in QUANTITY_UNITS.items()},
}


HEDGES: dict[str, str] = {
    **{
        w: w
        for w in (
            "approximately",
            "about",
            "around",
            "roughly",
            "nearly",
            "almost",
            "some",
            "over",
            "more than",
            "at least",
            "up to",
            "as much as",
            "close to",
            "less than",
            "estimated",
        )
    },
    "~": "approximately",
    "approx.": "approximately",
    "approx": "approximately",
    "circa": "approximately",
    "an estimated": "estimated",
    "as many as": "as much as",
    "just over": "over",
    "in excess of": "more than",
    "upwards of": "more than",
    **dict.fromkeys(("a minimum", "minimum", "a minimum of", "minimum of"), "at least"),
    **dict.fromkeys(("a maximum", "maximum", "a maximum of", "maximum of"), "up to"),
}


_PHASE_NUMBERS = {"first": ("one", "1", "i"), "second": ("two", "2", "ii"), "third": ("three", "3", "iii")}


SCOPES: dict[str, str] = {
    **{f"{o} phase": f"{o} phase" for o in _PHASE_NUMBERS},
    **{f"phase {n}": f"{o} phase" for o, ns in _PHASE_NUMBERS.items() for n in ns},
    **dict.fromkeys(("initial", "initially"), "initial"),
    **dict.fromkeys(("total", "totalling", "totaling", "in total"), "total"),
    "overall": "overall",
    **dict.fromkeys(
        ("annual", "annually", "yearly", "per year", "per annum", "each year", "every year", "a year"),
        "annual",
    ),
}


FRAMINGS: dict[str, str] = {
    **{w: w for w in ("landmark", "historic", "record", "worth", "aid")},
    **{
        w + plural: w
        for w in ("investment", "deal", "package", "incentive", "stake", "loan", "grant")
        for plural in ("", "s")
    },
    "valued at": "valued at",
}


HEDGE_LINKS = ("of", "a", "an")  # may stand between a hedge and its figure: "about a $5bn deal"


FRAMING_WINDOW = (3, 2)


SCOPE_WINDOW = 300  # characters either side of a figure where a scope word ("first phase") may stand  # words looked at before (after any hedge) and after a figure


# Counted nouns that may stand a few names away from their number: (regex form, unit).
COUNT_NOUNS: dict[str, str] = {
    **dict.fromkeys(("share", "shares"), "share"),
    **dict.fromkeys(("job", "jobs", "employee", "employees", "worker", "workers", "staff"), "job"),
    "people": "person",
}
