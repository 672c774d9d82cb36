"""Clusters of one block -> typed conflicts (values, sets, places, types, titles, attributions)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from dealclaims.consensus.amounts import MONEY_ROLE_SLOTS, _value_conflicts
from dealclaims.consensus.clusters import PURCHASE_TYPES, _conflict, between_sources, normalize_title
from dealclaims.dates import WEEKDAYS
from dealclaims.lexicon import Lexicon, load_lexicon
from dealclaims.models import Claim, Conflict
from dealclaims.names import name_key
from dealclaims.titles import compatible_titles
from dealclaims.unionfind import UnionFind

SET_SLOTS = {"deal.commodities", "org.focus", "deal.parties", "deal.countries"}


GENERIC_SET = ["critical minerals"]


def find_conflicts(clusters: list[list[Claim]]) -> list[Conflict]:
    """Typed conflicts between the clusters of each (slot, subject) block."""
    blocks: dict[tuple[str, str | None], list[list[Claim]]] = defaultdict(list)
    for cl in clusters:
        blocks[(cl[0].slot, None if cl[0].slot == "quote" else cl[0].subject)].append(cl)
    conflicts: list[Conflict] = []
    for (slot, subject), cls in sorted(blocks.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        detector = DETECTORS.get(slot)
        if detector:
            conflicts.extend(detector(slot, subject, cls))
    return sorted(conflicts, key=lambda c: (c.slot, c.subject or "", c.kind, c.id))


def _set_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    """Lists that differ and where neither contains the other ("including" lists may be partial)."""
    sets = [(set(cl[0].value), cl) for cl in cls if cl[0].value and cl[0].value != GENERIC_SET]
    clash = [cl for s, cl in sets if any(not (s <= t or t <= s) for t, _ in sets)]
    if len(clash) < 2:
        return []
    only = sorted({x for s, _ in sets for x in s} - set.intersection(*[s for s, _ in sets]))
    why = f"The sources list different members; not shared by all: {', '.join(map(str, only))}."
    return [_conflict(slot, subject, "set_mismatch", clash, why)]


def _compatible_places(a: str, b: str, lexicon: Lexicon) -> bool:
    return a == b or lexicon.region_country(a) == b or lexicon.region_country(b) == a


def place_contains(general: str, specific: str) -> bool:
    """``places.place_contains``, imported on first use (its gazetteer tables load lazily)."""
    from dealclaims.places import place_contains as contains

    return contains(general, specific)


def _place_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    """org.hq / deal.location: places that neither refine nor contain each other.

    A more specific place is consistent support (a building in its city, a city in its region or country,
    from the gazetteer or from one source naming both); the sources fall into groups of consistent places,
    and two groups or more are a conflict, one variant per group.
    """
    lexicon = load_lexicon()
    if slot == "deal.location":
        chains = [[p.replace("'s", "") for p in cl[0].value] for cl in cls]
        stated = [{name_key(p) for p in chain} for chain in chains]

        def fits(a: int, b: int) -> bool:
            return _chains_fit(chains[a], chains[b], stated)

    else:

        def fits(a: int, b: int) -> bool:
            x, y = str(cls[a][0].value), str(cls[b][0].value)
            return _compatible_places(x, y, lexicon) or place_contains(x, y) or place_contains(y, x)

    uf: UnionFind[int] = UnionFind()
    for i in range(len(cls)):
        uf.union(i, i)
        for j in range(i):
            if fits(i, j):
                uf.union(i, j)
    groups: dict[int, list[Claim]] = defaultdict(list)
    for i, cl in enumerate(cls):
        groups[uf.find(i)].extend(cl)
    parts = between_sources(list(groups.values()))
    if len(parts) < 2:
        return []
    return [_conflict(slot, subject, "location_mismatch", parts, "The sources place it differently.")]


def _chains_fit(a: list[str], b: list[str], stated: list[set[str]]) -> bool:
    """Every place of ``a`` and every place of ``b`` lie on one chain: the same place, one inside the other
    (gazetteer, "X, Y"), or named together by some source ("at Orrin Tower in Dunmere")."""
    for x in a:
        for y in b:
            if not _on_one_chain(x, y, stated):
                return False
    return True


def _on_one_chain(x: str, y: str, stated: list[set[str]]) -> bool:
    """Same place, one inside the other, named together, or inside a place named with the other."""
    kx, ky = name_key(x), name_key(y)
    if kx == ky or place_contains(x, y) or place_contains(y, x):
        return True
    if any(kx in s and ky in s for s in stated):
        return True
    with_x = {p for s in stated if kx in s for p in s} - {kx}
    with_y = {p for s in stated if ky in s for p in s} - {ky}
    return any(place_contains(y, p) for p in with_x) or any(place_contains(x, p) for p in with_y)


def _simple(
    kind: str, why: str, *, between: bool = True
) -> Callable[[str, str | None, list[list[Claim]]], list[Conflict]]:
    """Every cluster a side; with ``between``, only clusters some source states alone (``between_sources``)."""

    def detect(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
        sides = between_sources(cls) if between else cls
        return [_conflict(slot, subject, kind, sides, why)] if len(sides) > 1 else []

    return detect


# The events that date the deal itself: one deal, one date, whichever verb a source uses. Other events (an
# offer's expiry) have dates of their own.
_DEAL_EVENTS = frozenset({"signing", "agreement", "announcement"})


def _date_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    """Dates of one event that differ. The deal's own date (signed, agreed, announced, or no event said) is
    compared across sources; an offer's expiry only with other expiry dates. Dates of different events
    never conflict (the signing on Friday, the offer's expiry on Thursday)."""
    by_event: dict[tuple[str, bool], list[list[Claim]]] = defaultdict(list)
    for cl in cls:
        events = Counter(q.value for c in cl for q in c.qualifiers if q.kind == "event")
        event = events.most_common(1)[0][0] if events else "deal"
        by_event[("deal" if event in _DEAL_EVENTS else event, names_weekday_only(cl[0].value))].append(cl)
    out = []
    for _, part in sorted(by_event.items()):
        sides = between_sources(part)
        if len(sides) > 1:
            out.append(_conflict(slot, subject, "date_mismatch", sides, "The sources give different dates."))
    return out


def names_weekday_only(value: object) -> bool:
    """A date left as written because no publication date resolves it ("thursday", "last monday"): it is
    compared only with other such dates, never with a calendar date ("april 27"), which it may well be."""
    words = str(value).lower().split()
    return not any(ch.isdigit() for ch in str(value)) and any(w in WEEKDAYS for w in words)


def _type_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    generic = set(load_lexicon().deal_type_generic)
    kinds: dict[str, list[Claim]] = defaultdict(list)  # a company purchase is one kind, however it is named
    for cl in cls:
        if cl[0].value not in generic:
            kinds["purchase" if cl[0].value in PURCHASE_TYPES else str(cl[0].value)].extend(cl)
    specific = between_sources(list(kinds.values()))
    if len(specific) < 2:
        return []
    return [
        _conflict(slot, subject, "value_mismatch", specific, "The sources name different kinds of agreement.")
    ]


def _title_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    """Titles naming different offices ("Finance Minister" vs "Minister of Economy", "chairman" vs "chief
    executive"). Compatible titles ("CEO" / "President and CEO", "Economy Minister" / "First Deputy Prime
    Minister and Minister of Economy") stand on one side: the most specific first, the others joining it."""
    lexicon = load_lexicon()
    ranked = sorted(cls, key=lambda cl: (-len(normalize_title(cl[0].value, lexicon)), -len(cl)))
    sides: list[tuple[list[str], list[Claim]]] = []
    for cl in ranked:
        title = normalize_title(cl[0].value, lexicon)
        if _vague_title(title):
            continue  # "head of X" says less than any office, and contradicts none
        side = next((s for s in sides if all(compatible_titles(title, t) for t in s[0])), None)
        if side is None:
            sides.append(([title], list(cl)))
        else:
            side[0].append(title)
            side[1].extend(cl)
    if len(sides) < 2:
        return []
    why = "The sources give this person different offices."
    return [_conflict(slot, subject, "title_mismatch", [claims for _, claims in sides], why)]


# Words that describe a person's standing without naming an office: "head of X", "the boss".
VAGUE_TITLE_HEADS = frozenset({"head", "boss", "leader", "official"})


def _vague_title(title: str) -> bool:
    """A normalised title that is only a vague head word, alone or with "of X" ("head of group norvale")."""
    words = title.split()
    return bool(words) and words[0] in VAGUE_TITLE_HEADS and (len(words) == 1 or words[1] == "of")


def _attribution_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    out = []
    for cl in cls:
        by_speaker: dict[str, list[Claim]] = defaultdict(list)
        for c in cl:
            if c.attributed_to:
                by_speaker[c.attributed_to.split("#")[0]].append(c)
        if len(by_speaker) > 1:
            names = " vs ".join(sorted(by_speaker))
            out.append(
                _conflict(
                    slot,
                    cl[0].subject,
                    "attribution_mismatch",
                    list(by_speaker.values()),
                    f"The same words are attributed to different speakers: {names}.",
                )
            )
    return out


DETECTORS: dict[str, Callable[[str, str | None, list[list[Claim]]], list[Conflict]]] = {
    "deal.value": _value_conflicts,
    **dict.fromkeys(MONEY_ROLE_SLOTS, _value_conflicts),
    "deal.type": _type_conflicts,
    "deal.commodities": _set_conflicts,
    "deal.parties": _set_conflicts,
    "deal.countries": _set_conflicts,
    "org.focus": _set_conflicts,
    "org.hq": _place_conflicts,
    "deal.location": _place_conflicts,
    "deal.date": _date_conflicts,
    "org.name": _simple(
        "name_variant",
        "The sources spell the organisation's name differently "
        "(beyond case, punctuation and British/American spelling).",
        between=False,  # one source spelling a name two ways is a variant too
    ),
    "person.title": _title_conflicts,
    "quote": _attribution_conflicts,
}
