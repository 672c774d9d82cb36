"""Money, percentage, quantity and qualifier parsing: plain code over strings, no spaCy.

The NLP stage calls these functions on sentence text. Every result carries character offsets into the string
it was given, so ``text[f.start:f.end] == f.text`` always holds.

Choices worth knowing:

* A bare number is never a figure: it needs a currency, a percent sign or word, or a unit. That keeps years,
  dates, times, phone numbers and names such as "COVID-19" or "G7" out.
* "Rs" is ambiguous between Indian and Pakistani rupees; it is read as INR unless "PKR" or "Pakistani
  rupees" is written (see ``CURRENCY_PREFIXES``). "¥" is read as JPY, "pounds" as GBP (never weight).
* "percentage points" are kind ``percent`` with unit ``"pp"``: they are not comparable with ``"%"``.
* A daily rate is part of the unit ("10,000 barrels per day" -> ``bbl/d``); "per year" is not, it is a scope
  qualifier ("annual") found by :func:`find_qualifiers`.
* A range whose first number has no unit ("10 to 20 percent", "between 10 and 20 percent") yields one
  figure, the upper bound. Only "from 10 to 20 percent" is read as a change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import NamedTuple

from dealclaims.extract.units import (
    _ONES,
    COUNT_NOUNS,
    CURRENCY_CODES,
    CURRENCY_NAMES,
    CURRENCY_PREFIXES,
    FRAMING_WINDOW,
    FRAMINGS,
    HEDGE_LINKS,
    HEDGES,
    MAX_AMOUNT,
    NUMBER_WORDS,
    SCOPE_WINDOW,
    SCOPES,
    SUFFIXES,
    TENS_WORDS,
    VAGUE_MULTIPLIERS,
    VAGUE_SCALES,
    FigureKind,
    QualifierKind,
)
from dealclaims.extract.units import (
    SCALES as SCALES,  # read by extract.amounts
)

for _name in [n for n, c in CURRENCY_NAMES.items() if c == "USD" and n.startswith("us ")]:
    CURRENCY_NAMES.setdefault(_name.replace("us ", "u.s. ", 1), "USD")


for _name in ("indian rupee", "indian rupees"):
    CURRENCY_NAMES[_name] = "INR"


def _alternation(forms: Iterable[str]) -> str:
    """A regex alternation of ``forms``, longest first; a space in a form matches spaces or hyphens."""
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(r"[\s-]+".join(re.escape(w) for w in f.split(" ")) for f in ordered)


def _key(written: str) -> str:
    """The lookup key of a matched word: casefolded (as IGNORECASE matches), spaces and hyphens collapsed."""
    return re.sub(r"[\s-]+", " ", written.casefold())


_NUM = (
    rf"[0-9]{{1,6}}-[0-9]{{1,2}}/[0-9]{{1,2}}(?![0-9/])"  # wire copy's stock prices: "34-1/4"
    rf"|(?:[0-9]{{1,3}}(?:,[0-9]{{2,3}})*,[0-9]{{3}}|[0-9]+)(?:\.[0-9]+)?"
    rf"|(?:{'|'.join(TENS_WORDS)})(?:-(?:{'|'.join(_ONES[:9])}))?|{_alternation(NUMBER_WORDS)}"
)


# Not inside a word or number, not after "COVID-", a time's ":" or a "24/7".
_NUM_START = r"(?<![\w.,:/])(?<![^\W\d_]-)"


# A minus sign that is not a hyphen inside a word, a range or a compound ("-$5 million", "(-5 percent)").
_SIGN = r"(?:(?<![\w.,)\]%$-])(?P<sign>[-\u2212])(?=[^\s-]))?"


_SCALE = rf"(?P<scale>(?:{_alternation(SCALES)})(?:[\s-]+(?:{_alternation(SCALES)}))?)(?![a-z])"


_CODES_RE = rf"(?-i:{'|'.join(sorted(CURRENCY_CODES))})"  # "USD 5m", "5m USD"; never "all 5" (ALL)


_FLAGS = re.IGNORECASE


_NUM_RE = re.compile(_NUM, _FLAGS)


_PREFIXED_RE = re.compile(
    rf"{_SIGN}(?<!\w)(?P<cur>{_alternation(CURRENCY_PREFIXES)}|{_CODES_RE})\s?(?P<num>{_NUM})"
    rf"(?:[\s-]?{_SCALE})?(?!\w)",
    _FLAGS,
)


_SUFFIXED_RE = re.compile(
    rf"{_SIGN}{_NUM_START}(?P<num>{_NUM})(?:[\s-]{{0,2}}{_SCALE})?[\s-]{{0,2}}"
    rf"(?P<suffix>{_alternation(SUFFIXES)}|{_CODES_RE})(?!\w)(?!-old\b)",
    _FLAGS,
)


# "2.3 mln shares", "4,023,200 Halvorsen shares", "11,400 of Halvorsen's U.S. jobs": a count.
_COUNT_RE = re.compile(
    rf"{_NUM_START}(?P<num>{_NUM})(?:[\s-]{{0,2}}{_SCALE})?"
    r"(?:\s+of\s+(?:the\s+)?(?-i:[A-Z][\w.&-]*)(?:['\u2019]s)?)?(?:\s+(?-i:[A-Z][\w.&'-]*)){0,3}"
    rf"(?:\s+(?:common|ordinary|preferred|class\s+\w))?\s+(?P<suffix>{_alternation(COUNT_NOUNS)})(?!\w)",
    _FLAGS,
)


_VAGUE_RE = re.compile(
    rf"(?<!\w)(?:(?P<mult>{_alternation(VAGUE_MULTIPLIERS)})\s+of\s+)?(?P<scale>{_alternation(VAGUE_SCALES)})"
    rf"\s+of\s+(?P<cur>{_alternation(CURRENCY_NAMES)})(?!\w)",
    _FLAGS,
)


_GAP_RE = re.compile(r"\s+to\s+", _FLAGS)


_FROM_RE = re.compile(r"\bfrom\s+\Z", _FLAGS)


_FROM_BARE_RE = re.compile(rf"\bfrom\s+{_NUM_START}(?P<num>{_NUM})\s+to\s+\Z", _FLAGS)


_HEDGE_RE = re.compile(
    rf"(?<!\w)(?P<h>{_alternation(HEDGES)})(?:\s+(?:{'|'.join(HEDGE_LINKS)}))?\s*\Z", _FLAGS
)


_SCOPE_RE = re.compile(rf"(?<!\w)(?:{_alternation(SCOPES)})(?!\w)", _FLAGS)


_FRAMING_RE = re.compile(rf"(?<!\w)(?:{_alternation(FRAMINGS)})(?!\w)", _FLAGS)


_WORD_RE = re.compile(r"\w+(?:['\u2019.-]\w+)*")


class Figure(NamedTuple):
    """A money amount, percentage or quantity found in text, normalised to one unit."""

    kind: FigureKind
    amount: float  # "$500 million" -> 5e8; "3.2 percent" -> 3.2; "270 kilo tonnes" -> 270000.0 (t)
    unit: str  # ISO currency code, "%" / "pp", or a canonical unit ("t", "bbl", "oz", "MW", "year", ...)
    text: str
    start: int
    end: int
    approximate: bool = False  # an order of magnitude only: "trillions of dollars"
    exact: Decimal | None = None  # the amount without float rounding (None only for hand-built figures)

    @property
    def value(self) -> Decimal:
        """The exact amount: ``exact`` when parsed, else ``amount`` as written in decimal."""
        return self.exact if self.exact is not None else Decimal(repr(self.amount))


class Change(NamedTuple):
    """Two figures of one kind and unit saying a value went from ``before`` to ``after``."""

    before: Figure
    after: Figure
    text: str
    start: int
    end: int


class Qualifier(NamedTuple):
    """A word that hedges, scopes or frames a figure; ``value`` is its normalised form."""

    kind: QualifierKind
    value: str
    text: str
    start: int
    end: int


def _number(written: str) -> Decimal:
    """The value of a numeral ("1,500", "3.2", "34-1/4") or number word ("six", "twenty-five")."""
    key = written.casefold()
    if key[0].isascii() and key[0].isdigit():
        whole, _, fraction = key.replace(",", "").partition("-")
        if fraction:
            numerator, denominator = fraction.split("/")
            return Decimal(whole) + Decimal(numerator) / Decimal(denominator or "1")
        return Decimal(whole)
    return Decimal(sum(NUMBER_WORDS[part] for part in key.split("-")))


def _scale(written: str | None) -> int:
    """The multiplier of a scale word or pair ("million", "lakh crore"); 1 when absent."""
    factor = 1
    for part in _key(written or "").split():
        factor *= SCALES[part]
    return factor


def exact_amount(amount: Decimal) -> Decimal | None:
    """``amount`` when it is finite and at most ``MAX_AMOUNT`` in size, else None (the figure is dropped)."""
    try:
        return amount if amount.is_finite() and abs(amount) <= MAX_AMOUNT else None
    except InvalidOperation:  # pragma: no cover - a signalling NaN
        return None


def _figure(m: re.Match[str], kind: FigureKind, unit: str, factor: Decimal = Decimal(1)) -> Figure | None:
    """A figure from a match with ``num``, ``scale`` and (optional) ``sign`` groups; None when absurd."""
    try:
        amount = exact_amount(_number(m["num"]) * _scale(m["scale"]) * factor)
    except (InvalidOperation, ZeroDivisionError):
        return None
    if amount is None:
        return None
    if "sign" in m.re.groupindex and m["sign"]:
        amount = -amount
    return Figure(kind, float(amount), unit, m[0], m.start(), m.end(), exact=amount)


def _currency(written: str, table: dict[str, str]) -> str:
    """The ISO code of a currency word, symbol or code as matched."""
    key = _key(written)
    return table.get(key) or table.get(key.replace(" ", "")) or written.upper()


def _prefixed(m: re.Match[str]) -> Figure | None:
    """ "$500 million", "Rs 1,500-crore", "US$500m", "SEK 5 billion"."""
    return _figure(m, "money", _currency(m["cur"], CURRENCY_PREFIXES))


def _suffixed(m: re.Match[str]) -> Figure | None:
    """ "500 million dollars", "3.2 percent", "270 kilo tonnes", "42 dlrs", "45 cts", "5 mln NOK"."""
    if m["suffix"] in CURRENCY_CODES:
        return _figure(m, "money", m["suffix"])
    kind, unit, factor = SUFFIXES[_key(m["suffix"])]
    return _figure(m, kind, unit, factor)


def _count(m: re.Match[str]) -> Figure | None:
    """ "2.3 mln shares", "4,023,200 Halvorsen shares", "11,400 people": a count of shares or jobs."""
    return _figure(m, "quantity", COUNT_NOUNS[m["suffix"].casefold()])


def _vague(m: re.Match[str]) -> Figure | None:
    """ "trillions of dollars": the order of magnitude, marked approximate."""
    amount = VAGUE_SCALES[_key(m["scale"])] * VAGUE_MULTIPLIERS.get(_key(m["mult"] or ""), 1)
    unit = CURRENCY_NAMES[_key(m["cur"])]
    return Figure("money", float(amount), unit, m[0], m.start(), m.end(), True, Decimal(amount))


_READERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Figure | None]], ...] = (
    (_PREFIXED_RE, _prefixed),
    (_SUFFIXED_RE, _suffixed),
    (_COUNT_RE, _count),
    (_VAGUE_RE, _vague),
)


def find_figures(text: str) -> list[Figure]:
    """All money, percent and quantity figures in ``text``, sorted by start and non-overlapping.

    Where two readings overlap the one starting first wins, then the longer one. A range whose first number
    has no unit of its own ("10 to 20 percent") gives one figure for the upper bound.
    """
    read_all = (read(m) for pattern, read in _READERS for m in pattern.finditer(text))
    found = sorted((f for f in read_all if f is not None), key=lambda f: (f.start, -f.end))
    kept: list[Figure] = []
    for figure in found:
        if not kept or figure.start >= kept[-1].end:
            kept.append(figure)
    return kept


def parse_money(text: str) -> tuple[float, str] | None:
    """The first money expression in ``text`` as (amount, ISO currency), or None if there is none."""
    money = next((f for f in find_figures(text) if f.kind == "money"), None)
    return (money.amount, money.unit) if money else None


def _bare_before(text: str, after: Figure) -> Figure | None:
    """The unitless first number of "from 10 to 20 percent", given the unit and scale of ``after``."""
    m = _FROM_BARE_RE.search(text, max(0, after.start - 40), after.start)
    lead = _NUM_RE.search(after.text)
    if not m or not lead or after.approximate or _number(lead[0]) == 0:
        return None
    exact = exact_amount(_number(m["num"]) * after.value / _number(lead[0]))
    if exact is None:
        return None
    return Figure(after.kind, float(exact), after.unit, m["num"], m.start("num"), m.end("num"), exact=exact)


def _change(text: str, before: Figure, after: Figure) -> Change:
    """A change spanning "from" (when written) through ``after``."""
    m = _FROM_RE.search(text, max(0, before.start - 20), before.start)
    start = m.start() if m else before.start
    return Change(before, after, text[start : after.end], start, after.end)


def find_changes(text: str, figures: list[Figure] | None = None) -> list[Change]:
    """Pairs of figures that express a change: "from X to Y" or "X to Y", of one kind and unit.

    "from 10 to 20 percent" is a change whose ``before`` is the bare number read in the unit of ``after``;
    "10 to 20 percent" without "from" is a range, not a change.
    """
    figures = find_figures(text) if figures is None else figures
    changes: list[Change] = []
    i = 0
    while i < len(figures):
        a, b = figures[i], figures[i + 1] if i + 1 < len(figures) else None
        if b and (a.kind, a.unit) == (b.kind, b.unit) and _GAP_RE.fullmatch(text, a.end, b.start):
            changes.append(_change(text, a, b))
            i += 2
            continue
        bare = _bare_before(text, a)
        if bare:
            changes.append(_change(text, bare, a))
        i += 1
    return changes


def _hedge(text: str, figure: Figure) -> Qualifier | None:
    """A hedge directly before the figure, allowing "of" / "a" / "an" in between."""
    m = _HEDGE_RE.search(text, max(0, figure.start - 40), figure.start)
    return Qualifier("hedge", HEDGES[_key(m["h"])], m["h"], m.start("h"), m.end("h")) if m else None


def _scopes(text: str, figure: Figure) -> list[Qualifier]:
    """Scope words in the sentence, within ``SCOPE_WINDOW`` characters of the figure (bounded work)."""
    lo, hi = max(0, figure.start - SCOPE_WINDOW), min(len(text), figure.end + SCOPE_WINDOW)
    found = [
        Qualifier("scope", SCOPES[_key(m[0])], m[0], m.start(), m.end())
        for m in _SCOPE_RE.finditer(text, lo, hi)
        if not _POINT_IN_TIME.match(text, m.end())
    ]
    if figure.unit in _TIME_UNITS:  # "annually for twenty years": a length of time is never per year
        return [q for q in found if q.value != "annual"]
    return found


_TIME_UNITS = frozenset({"year", "month", "week", "day"})
# "a year ago", "a year earlier": a point in time, not a rate
_POINT_IN_TIME = re.compile(r"\s+(?:ago|earlier|later|before|after|from|since|on)\b", re.IGNORECASE)


def _framings(text: str, anchor: int, figure: Figure) -> list[Qualifier]:
    """Framing words among the few words before ``anchor`` (the figure or its hedge) and after the figure."""
    before = list(_WORD_RE.finditer(text, max(0, anchor - 120), anchor))[-FRAMING_WINDOW[0] :]
    after = list(islice(_WORD_RE.finditer(text, figure.end), FRAMING_WINDOW[1]))
    spans = [(before[0].start(), anchor)] if before else []
    spans += [(figure.end, after[-1].end())] if after else []
    return [
        Qualifier("framing", FRAMINGS[_key(m[0])], m[0], m.start(), m.end())
        for lo, hi in spans
        for m in _FRAMING_RE.finditer(text, lo, hi)
    ]


def _deduplicated(qualifiers: Iterable[Qualifier]) -> Iterator[Qualifier]:
    """Qualifiers in start order, keeping the first of each (kind, value)."""
    seen: set[tuple[str, str]] = set()
    for q in sorted(qualifiers, key=lambda q: (q.start, q.end)):
        if (q.kind, q.value) not in seen:
            seen.add((q.kind, q.value))
            yield q


def find_qualifiers(text: str, figure: Figure) -> list[Qualifier]:
    """Hedges, scopes and framings that apply to ``figure``; ``text`` is the one sentence it is in.

    A hedge must directly precede the figure ("approximately $500 million"); scope words count within
    ``SCOPE_WINDOW`` characters in the sentence; framing words count within a few words either side. Sorted
    by start, one per (kind, value).
    """
    hedge = _hedge(text, figure)
    anchor = hedge.start if hedge else figure.start
    found = [*([hedge] if hedge else []), *_scopes(text, figure), *_framings(text, anchor, figure)]
    return list(_deduplicated(found))
