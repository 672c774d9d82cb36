"""Dates as written in news copy ("Monday", "last month", "Sept. 8") -> ISO dates, given the publication date.

Pure functions, no spaCy: ``extract/when_where.py`` calls ``resolve_date`` for ``deal.date`` claims. A resolved
date is an ISO day (``2031-03-10``), month (``2031-02``) or year (``2030``), as precise as the words allow.
Durations and periods ("four months", "within two years", "the last trading day") are not dates: None.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

__all__ = ["is_day", "month_day", "normalise_date", "resolve_date"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    name: index
    for index, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
_OFFSETS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
# Words that may stand before a date without changing it ("on Monday", "earlier today", "late Tuesday").
_LEAD = re.compile(r"^(?:(?:on|as of|earlier|later|late|early|since|by|from|until) )+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(
    rf"(?P<month>{_MONTH})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<year>\d{{4}}))?"
)
_DAY_MONTH = re.compile(
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)? (?P<month>{_MONTH})\.?(?:,? (?P<year>\d{{4}}))?"
)
_WEEKDAY = re.compile(rf"(?:(?P<which>last|this|next|on|past) )?(?P<weekday>{'|'.join(WEEKDAYS)})")
_RELATIVE_PERIOD = re.compile(r"(?:(?:earlier|later) )?(?P<which>last|this|next|past) (?P<unit>month|year)")
_PARSE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d")


def normalise_date(value: object) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from a metadata value: ISO dates or datetimes, "March 10, 2031"...

    Returns None for anything it does not recognise rather than guessing.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:  # "2031-03-10", "2031-03-10T09:30:00+05:00", "2031-03-10 09:30:00"
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    for pattern in _PARSE_FORMATS:
        try:
            return datetime.strptime(text.replace(".", ""), pattern).date().isoformat()
        except ValueError:
            continue
    return None


def resolve_date(text: str, published: str | None) -> str | None:
    """The ISO date that ``text`` means in an article published on ``published`` (an ISO date).

    "Monday" is the latest Monday on or before publication (news reports what happened), "next Monday"
    the first one after it; "today" / "yesterday" count from publication; "last month" is a month, "last
    year" a year; "March 10" takes the publication year. A leading "on" or "earlier" is ignored. Without
    ``published`` only a date that names its year resolves ("14 October 2031"). None when the words name no
    date or the date falls outside 1-9999: durations and periods ("four months") never resolve.
    """
    base = _to_date(published)
    words = _LEAD.sub("", re.sub(r"\s+", " ", text.strip().lower().rstrip(".,")))
    strategies = (_by_offset, _by_weekday, _by_period, _by_month_day) if base else (_by_dated,)
    for resolver in strategies:
        try:
            resolved = resolver(words, base or date.min)
        except (OverflowError, ValueError):  # "yesterday" of 0001-01-01: before the calendar, no date
            return None
        if resolved is not None:
            return resolved
    return None


def is_day(value: str) -> bool:
    """True for a resolved ISO day (``2031-03-10``), not a month or a year."""
    return bool(_ISO_DAY.fullmatch(value))


def _to_date(published: str | None) -> date | None:
    iso = normalise_date(published) if published else None
    return date.fromisoformat(iso) if iso else None


def _by_offset(words: str, base: date) -> str | None:
    offset = _OFFSETS.get(words)
    return None if offset is None else (base + timedelta(days=offset)).isoformat()


def _by_weekday(words: str, base: date) -> str | None:
    match = _WEEKDAY.fullmatch(words)
    if match is None:
        return None
    target = WEEKDAYS.index(match.group("weekday"))
    if match.group("which") == "next":
        return (base + timedelta(days=(target - base.weekday() - 1) % 7 + 1)).isoformat()
    back = (base.weekday() - target) % 7
    if match.group("which") in ("last", "past") and back == 0:
        back = 7  # "last Monday" written on a Monday is a week ago
    return (base - timedelta(days=back)).isoformat()


def _by_period(words: str, base: date) -> str | None:
    match = _RELATIVE_PERIOD.fullmatch(words)
    if match is None:
        return None
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[match.group("which")]
    if match.group("unit") == "year":
        return str(base.year + step)
    months = base.year * 12 + base.month - 1 + step
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def _by_dated(words: str, base: date) -> str | None:
    """A month and day with their own year: resolvable with no publication date."""
    match = _MONTH_DAY.fullmatch(words) or _DAY_MONTH.fullmatch(words)
    return _by_month_day(words, base) if match and match.group("year") else None


def _by_month_day(words: str, base: date) -> str | None:
    match = _MONTH_DAY.fullmatch(words) or _DAY_MONTH.fullmatch(words)
    if match is None:
        return None
    year = int(match.group("year") or base.year)
    try:
        return date(year, MONTHS[match.group("month")], int(match.group("day"))).isoformat()
    except ValueError:  # "February 30"
        return None


def month_day(text: str) -> str | None:
    """The day a month-and-day names, with no publication date to take a year from: ``--MM-DD`` (ISO 8601's
    month-day, which sorts by month then day), or an ISO day when the words give the year ("May 2, 2030").
    "April 27" -> "--04-27"; "JUNE 11" -> "--06-11"; "February 30" and "four months" -> None."""
    words = re.sub(r"\s+", " ", text.strip().lower().rstrip(".,"))
    match = _MONTH_DAY.fullmatch(words) or _DAY_MONTH.fullmatch(words)
    if match is None:
        return None
    month, day = MONTHS[match.group("month")], int(match.group("day"))
    try:
        found = date(int(match.group("year") or 2000), month, day)  # 2000 is a leap year: Feb 29 stays
    except ValueError:
        return None
    return found.isoformat() if match.group("year") else f"--{month:02d}-{day:02d}"
