"""Conflicts between figures: rounding, bases and scopes, value mismatches and value updates over time."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dealclaims.consensus.clusters import _conflict, _stable_id, _variant, between_sources, value_key
from dealclaims.models import Claim, Conflict, Qualifier


def _value_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    """Figure conflicts of one block; stakes are compared only within the company they are in (a holder's
    7 pct of one company and its 44 pct of another do not differ), see ``fold_stake_companies``."""
    parts: dict[str, list[list[Claim]]] = defaultdict(list)
    for cl in cls:
        by_company: dict[str, list[Claim]] = defaultdict(list)
        for c in cl:
            by_company[c.company or ""].append(c)
        for company, part in by_company.items():
            parts[company].append(part)
    return [x for company in sorted(parts) for x in _figure_conflicts(slot, subject, parts[company])]


def _figure_conflicts(slot: str, subject: str | None, cls: list[list[Claim]]) -> list[Conflict]:
    """Money and figure roles: an update over time, different amounts, or one amount framed differently.

    Only claims stating a figure as current count (not "raised from 41.75 dlrs"). Amounts equal after
    rounding the more precise one to the other's precision (within 2%) are one amount, except prices per
    share, which are quoted exactly. A later amount is a ``value_update`` when some source marks the change
    (a "raised to" / "went up to" figure, or an earlier amount stated as history); other different amounts
    are compared within one scope (see ``_amount_mismatches``). One amount stated with different bounds or
    scopes ("up to", "first phase"), or with two bases that exclude each other, is a ``qualifier_mismatch``.
    """
    cls = _on_one_calendar(cls)
    current = [[c for c in cl if not _is_history(c)] for cl in cls]
    history = [c for cl in cls for c in cl if _is_history(c)]
    groups = _rounding_groups(slot, [cl for cl in current if cl])
    out: list[Conflict] = []
    if slot in UNNAMED_APART and subject is None:
        groups = []  # counts nobody is named as holding: a tender's target, a day's volume, a ratio
    two = len(groups) == 2 and _comparable(groups[0][0], groups[1][0])  # a raised bid, not another figure
    update = _value_update(slot, subject, groups, bool(history)) if two else None
    if update:
        groups = []  # every amount is explained by the timeline
    elif 2 < len(groups) <= MAX_TIMELINE_GROUPS and (pair := _update_pair(groups, history)):
        update = _value_update(slot, subject, list(pair), True)
        groups = [g for g in groups if g is not pair[1]]  # the new amount is explained; the rest differ
    if update:
        out.append(update)
    out.extend(_amount_mismatches(slot, subject, groups))
    for cl in current:
        by_sig: dict[str, list[Claim]] = defaultdict(list)
        for c in cl:
            by_sig[_meaning_signature(c)].append(c)
        if len(by_sig) == 1 and _bases_clash(cl):  # one amount, two bases that exclude each other
            by_sig = defaultdict(list)
            for c in cl:
                by_sig[_basis([c])].append(c)
        if len(by_sig) > 1:
            sigs = [_qualifier_words(by_sig[sig]) for sig in sorted(by_sig)]
            why = "Same amount, different scope, basis or bound: " + " vs ".join(sigs) + "."
            out.append(_conflict(slot, subject, "qualifier_mismatch", list(by_sig.values()), why))
    return out


def _qualifier_words(claims: list[Claim]) -> str:
    """How one side words the amount: its hedges, bounds, scopes and bases ("up to", "first phase")."""
    words = sorted({q.value for c in claims for q in c.qualifiers if q.kind in ("hedge", "scope")})
    return ", ".join(words) or "stated plainly"


MONEY_ROLE_SLOTS = (
    "deal.value",
    "deal.price_per_share",
    "deal.premium",
    "deal.financing",
    "org.market_value",
    "deal.stake",
    "deal.term",
    "stat.shares",
    "stat.shares_outstanding",
    "stat.investment",
)


APPROXIMATE_HEDGES = frozenset(
    {"approximately", "about", "around", "roughly", "some", "estimated", "close to"}
)


# Share counts whose holder no source names are not compared by amount: different counts in one story are
# mostly different people's (the shares a tender seeks, a day's trading volume, an exchange ratio).
UNNAMED_APART = frozenset({"stat.shares"})


MAX_TIMELINE_GROUPS = 50  # more distinct amounts than this in one block is noise, not a timeline


MIN_PARTY_LEAD = 2  # sources naming a bidder among the deal's parties before that makes it the buyer


BID_SLOTS = frozenset({"deal.value", "deal.price_per_share"})


EXACT_SLOTS = frozenset({"deal.price_per_share"})  # quoted exactly: 41.75 -> 42 is a change, not rounding


ROUNDING_TOLERANCE = Decimal("0.02")


BASIS_VALUES = frozenset({"enterprise value", "equity value", "including debt", "excluding", "earn-out"})


# Scopes that do not change what a figure measures ("a total of 4 mln shares" = "4 mln shares"); bases
# are compared on their own (two different bases conflict, one left unsaid does not).
NEUTRAL_SCOPES = BASIS_VALUES | {"total", "overall"}


def _amount_mismatches(slot: str, subject: str | None, groups: list[list[Claim]]) -> list[Conflict]:
    """Different amounts within one scope and currency (a first phase is not compared with the whole, nor
    rupees with dollars, see ``_currency``): amounts that each
    state their own basis (equity vs enterprise value) are a ``qualifier_mismatch``; amounts without a
    basis differ from each other and from the best-stated based amount as a ``value_mismatch``."""
    by_scope: dict[tuple[str, str], list[list[Claim]]] = defaultdict(list)
    for g in groups:
        by_scope[(_scope(g), _currency(g[0]))].append(g)
    out = []
    for part in by_scope.values():
        based = [g for g in part if _basis(g)]
        rest = [g for g in part if not _basis(g)]
        if len(based) > 1 and len({_basis(g) for g in based}) == len(based):
            why = "The amounts differ with their basis: " + " vs ".join(_basis(g) for g in based) + "."
            out.append(_conflict(slot, subject, "qualifier_mismatch", based, why))
            based = based[:1]  # the best-stated one stands for them against amounts without a basis
        compared = between_sources(rest + based)
        if len(compared) > 1:
            why = "Sources give different amounts."
            out.append(_conflict(slot, subject, "value_mismatch", compared, why))
    return out


def _bases_clash(claims: list[Claim]) -> bool:
    """Two claims name bases neither of which includes the other ("equity value" vs "enterprise value";
    "enterprise value" and "enterprise value, including debt" agree)."""
    sets = {
        frozenset(_BASIS_OF.get(q.value, q.value) for q in c.qualifiers if q.value in BASIS_VALUES)
        for c in claims
    }
    sets -= {frozenset()}
    return any(not (a <= b or b <= a) for a in sets for b in sets)


def _scope(claims: list[Claim]) -> str:
    """The scope most of the claims give (basis words aside): "first phase", "annual", or ""."""
    votes = Counter(
        "|".join(
            sorted({q.value for q in c.qualifiers if q.kind == "scope" and q.value not in NEUTRAL_SCOPES})
        )
        for c in claims
    )
    return min(votes, key=lambda k: (-votes[k], k))


def _meaning_signature(claim: Claim) -> str:
    """The qualifiers that change what an amount means: bounds ("up to", "more than") and scopes ("first
    phase"). Approximation ("about", "roughly") does not: "about $14.1 billion" and "$14.1 billion" agree;
    nor does a basis one source names and another leaves out (two different bases do, see the caller)."""
    return "|".join(
        sorted(
            {
                q.value
                for q in claim.qualifiers
                if (q.kind == "scope" and q.value not in NEUTRAL_SCOPES)
                or (q.kind == "hedge" and q.value not in APPROXIMATE_HEDGES)
            }
        )
    )


def _is_history(claim: Claim) -> bool:
    """The claim states the figure as an earlier value ("raised from 41.75 dlrs", "the original bid")."""
    return any(q.kind == "framing" and q.value == "previous" for q in claim.qualifiers)


def _is_revised(claim: Claim) -> bool:
    return any(q.kind == "framing" and q.value == "revised" for q in claim.qualifiers)


def _amount(claim: Claim) -> Decimal | None:
    value = claim.value
    if not isinstance(value, dict) or not isinstance(value.get("amount"), int | float):
        return None
    return Decimal(str(value["amount"]))


def rounding_equal(a: Decimal, b: Decimal) -> bool:
    """Equal once the more precise amount is rounded to the precision of the other, and within 2%."""
    if a == b:
        return True
    if not a or not b or abs(a - b) > ROUNDING_TOLERANCE * max(abs(a), abs(b)):
        return False
    exponent = max(int(a.normalize().as_tuple().exponent), int(b.normalize().as_tuple().exponent))
    step = Decimal(1).scaleb(exponent)
    return a.quantize(step, rounding=ROUND_HALF_UP) == b.quantize(step, rounding=ROUND_HALF_UP)


def _rounding_groups(slot: str, cls: list[list[Claim]]) -> list[list[Claim]]:
    """Clusters merged when their amounts differ by rounding only (never for exact slots).

    One sweep in amount order: a cluster joins the group before it when it is rounding-equal to that
    group's smallest and largest amounts (4 mln joins 4,023,200; 4,043,200 then stays apart). Linear after
    the sort, so a block of thousands of amounts stays cheap.
    """
    amounts = [(_amount(cl[0]), cl) for cl in cls]
    unknown = [list(cl) for a, cl in amounts if a is None]
    known = sorted(
        ((a, cl) for a, cl in amounts if a is not None), key=lambda ac: (ac[0], value_key(ac[1][0]))
    )
    groups: list[tuple[Decimal, Decimal, list[Claim]]] = []
    for amount, cl in known:
        if groups and slot not in EXACT_SLOTS:
            low, high, group = groups[-1]
            if rounding_equal(amount, low) and rounding_equal(amount, high):
                group.extend(cl)
                groups[-1] = (low, amount, group)
                continue
        groups.append((amount, amount, list(cl)))
    merged = [g for _, _, g in groups] + unknown
    return sorted(merged, key=lambda g: (-len({c.source for c in g}), value_key(g[0])))


def _basis(claims: list[Claim]) -> str:
    """The bases the claims of a group state ("enterprise value", "equity value"), joined."""
    found = {_BASIS_OF.get(q.value, q.value) for c in claims for q in c.qualifiers if _is_basis(q)}
    return ", ".join(sorted(found))


# Two ways of writing one basis: a price "including debt" is the enterprise value.
_BASIS_OF = {"including debt": "enterprise value"}


def _is_basis(q: Qualifier) -> bool:
    return q.kind == "scope" and q.value in BASIS_VALUES


def _on_one_calendar(cls: list[list[Claim]]) -> list[list[Claim]]:
    """Claims whose dates can be ordered against each other. A dateline without a year gives a month-day
    ("--04-27", see ``load/blocks.py``), which orders only against other month-days (the corpus is taken to
    span less than a year); when the block also holds full dates, the month-day claims are left undated."""
    dates = {c.published for cl in cls for c in cl if c.published}
    partial = {d for d in dates if d.startswith("--")}
    if not partial or partial == dates:
        return cls
    return [
        [c.model_copy(update={"published": None}) if c.published in partial else c for c in cl] for cl in cls
    ]


def date_words(value: str) -> str:
    """A variant's date for the reader: an ISO date as it is, a month-day as "April 27, year not given"."""
    if not value.startswith("--"):
        return value
    month, day = int(value[2:4]), int(value[5:7])
    return f"{MONTH_NAMES[month - 1]} {day}, year not given"


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")  # fmt: skip


TIMELINE_GAP_DAYS = 30  # a figure first reported this long after another was last reported replaced it


def _far_apart(old: list[Claim], new: list[Claim]) -> bool:
    """The new amount was first reported at least ``TIMELINE_GAP_DAYS`` after the old one was last reported:
    wire copy weeks apart reports a figure as it then stood (a stake grown, a bid raised), even when the
    later article does not say it changed. Sources within days of each other still disagree."""
    last = max((d for c in old if (d := _day(c.published))), default=None)
    first = min((d for c in new if (d := _day(c.published))), default=None)
    return last is not None and first is not None and (first - last).days >= TIMELINE_GAP_DAYS


def _day(value: str | None) -> date | None:
    """An ISO day, or a month-day ("--04-27") placed in a leap year so that February 29 exists."""
    if not value:
        return None
    try:
        return date.fromisoformat("2000" + value[1:] if value.startswith("--") else value)
    except ValueError:  # a month ("2031-03") or a year: too coarse to measure a gap
        return None


def _first_date(claims: list[Claim]) -> str | None:
    dates = [c.published for c in claims if c.published]
    return min(dates) if dates else None


def _value_update(
    slot: str, subject: str | None, groups: list[list[Claim]], history: bool
) -> Conflict | None:
    """Two amounts that follow each other in time: the second first reported on a later date, and the
    change marked in the text (a revised figure, or an amount stated as history). With more amounts,
    ``_update_pair`` picks the one pair the text links."""
    dated = [(d, g) for g in groups if (d := _first_date(g))]
    if len(dated) != len(groups):
        return None
    dated.sort(key=lambda dg: dg[0])
    if len({d for d, _ in dated}) != len(dated):
        return None  # two amounts first reported on one day: a disagreement, not a timeline
    marked = history or any(_is_revised(c) for _, g in dated[1:] for c in g)
    if not marked and not (len(dated) == 2 and _far_apart(dated[0][1], dated[1][1])):
        return None
    variants = [_variant(g).model_copy(update={"date": d}) for d, g in dated]
    keys = sorted(json.dumps([v.text, v.sources]) for v in variants)
    why = (
        "The figure changed over time: "
        + " -> ".join(f"{v.text} ({date_words(v.date or '')})" for v in variants)
        + "."
    )
    return Conflict(
        id=_stable_id("x", slot, subject or "", "value_update", *keys),
        slot=slot,
        subject=subject,
        kind="value_update",
        variants=variants,
        explanation=why,
    )


def _update_pair(groups: list[list[Claim]], history: list[Claim]) -> tuple[list[Claim], list[Claim]] | None:
    """One amount replacing another among several: a later amount (within a factor of two: a raised bid,
    not another figure) marked revised, or whose own sources state its predecessor as history; failing
    that, one whose predecessor any source states as history. The old group is the most stated among
    those reported earlier."""
    own_history = {(c.source, value_key(c)) for c in history}
    superseded = {value_key(c) for c in history}
    dates = {id(g): _first_date(g) for g in groups}
    latest_first = sorted(groups, key=lambda g: dates[id(g)] or "", reverse=True)
    for strict in (True, False):
        for new in latest_first:
            new_date = dates[id(new)]
            if not new_date:
                continue
            earlier = [
                g
                for g in groups
                if g is not new and (dates[id(g)] or new_date) < new_date and _comparable(g[0], new[0])
            ]
            if strict:
                revised = any(_is_revised(c) for c in new)
                named = [g for g in earlier if any((c.source, value_key(g[0])) in own_history for c in new)]
                candidates = named or (earlier if revised else [])
            else:
                candidates = [g for g in earlier if value_key(g[0]) in superseded]
            if candidates:
                old = max(candidates, key=lambda g: (len({c.source for c in g}), dates[id(g)] or ""))
                return old, new
    return None


def _comparable(a: Claim, b: Claim) -> bool:
    """Two amounts in one currency close enough (within a factor of two) to be one figure before and after
    a change."""
    x, y = _amount(a), _amount(b)
    same_unit = _currency(a) == _currency(b)
    return same_unit and x is not None and y is not None and x * y > 0 and max(x, y) <= 2 * min(x, y)


def _currency(claim: Claim) -> str:
    """The claim's currency ("" for a figure that is not money). Amounts in two currencies are never
    compared: without an exchange rate (none is fetched) "₹4,200 crore" and an outlet's "$505 million" for
    its own readers, or a conversion in brackets, do not contradict each other."""
    value = claim.value
    return str(value.get("currency") or "") if isinstance(value, dict) else ""


def fold_buyer_subjects(claims: list[Claim]) -> list[Claim]:
    """Give every bid one subject across sources: its bidder, or None for the deal's own buyer.

    1. The buyer is the bidder leading the deal's parties strictly, else the bidder whose deal totals, then
       whose amounts, most sources state (named or not; ties broken by name): a rival's price is often
       repeated, but the deal's total is the buyer's.
    2. The buyer, and any bidder whose amounts are all the buyer's (the same party under another name),
       become None: their bids are the deal's.
    3. A price or total stated without a bidder takes the bidder other sources name for that amount, when
       exactly one (not folded) bidder does. Any other bidder (a rival with its own price) keeps its name.
    """
    party_sources: dict[str, set[str]] = defaultdict(set)
    keys: dict[str, set[tuple[str, str]]] = defaultdict(set)
    stated: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in claims:
        if c.slot == "deal.parties" and isinstance(c.value, list):
            for party in c.value:
                party_sources[str(party)].add(c.source)
        elif c.slot in BID_SLOTS and not _is_history(c):
            stated[(c.slot, value_key(c))].add(c.source)
            if c.subject:
                keys[c.subject].add((c.slot, value_key(c)))
    if not keys:
        return claims
    reach = {
        b: (
            len(set().union(*(stated[k] for k in owned if k[0] == "deal.value"))),
            len(set().union(*(stated[k] for k in owned))),
        )
        for b, owned in keys.items()
    }
    buyers = _buyers(keys, party_sources, reach)
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for bidder, owned in keys.items():
        for key in owned:
            owners[key].add(bidder)
    out = []
    for c in claims:
        if c.slot in BID_SLOTS:
            subject = c.subject
            named = owners.get((c.slot, value_key(c)), set()) - buyers
            if subject is None and len(named) == 1 and not owners[(c.slot, value_key(c))] & buyers:
                (subject,) = named
            c = c.model_copy(update={"subject": None if subject in buyers else subject})
        out.append(c)
    return out


def _buyers(
    keys: dict[str, set[tuple[str, str]]],
    party_sources: dict[str, set[str]],
    reach: dict[str, tuple[int, int]],
) -> set[str | None]:
    """The deal's buyer and the bidders that only repeat its amounts (see ``fold_buyer_subjects``)."""
    by_party = sorted(keys, key=lambda s: (-len(party_sources[s]), s))
    lead = len(party_sources[by_party[0]])
    if lead >= MIN_PARTY_LEAD and lead > max([len(party_sources[s]) for s in by_party[1:]] + [0]):
        buyer = by_party[0]
    else:
        buyer = min(keys, key=lambda s: (-reach[s][0], -reach[s][1], s))
    return {buyer, *(b for b, owned in keys.items() if owned <= keys[buyer])}


def fold_stake_holders(claims: list[Claim]) -> list[Claim]:
    """A stake stated without its holder ("It holds 12.5 pct of Y") takes the holder that other sources name
    for the same percentage, when exactly one holder is named for it; otherwise it stays unnamed. A total of
    shares outstanding stated without its company ("based on 57 mln shares outstanding") takes the company
    named for the same total the same way."""
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in claims:
        if c.slot in FOLDED_SLOTS and c.subject:
            holders[(c.slot, value_key(c))].add(c.subject)
    out = []
    for c in claims:
        named = (
            holders.get((c.slot, value_key(c)), set()) if c.slot in FOLDED_SLOTS and not c.subject else set()
        )
        if len(named) == 1:
            c = c.model_copy(update={"subject": next(iter(named))})
        out.append(c)
    return out


FOLDED_SLOTS = frozenset({"deal.stake", "stat.shares_outstanding"})


def fold_stake_companies(claims: list[Claim], reach: dict[str, int]) -> list[Claim]:
    """Give every stake the company it is in: the one its sentence names, else the corpus's main company,
    the named company that most sources mention (``reach``: entity id -> sources), then that most stakes
    name. "It holds 21.5 pct of the total" is a stake in the company the story is about; "44 pct of
    Halvard Capital's stock" is a stake elsewhere, compared only with other stakes in Halvard Capital."""
    named = Counter(c.company for c in claims if c.slot == "deal.stake" and c.company)
    if not named:
        return claims
    main = min(named, key=lambda k: (-reach.get(k, 0), -named[k], k))
    return [
        c.model_copy(update={"company": main}) if c.slot == "deal.stake" and not c.company else c
        for c in claims
    ]
