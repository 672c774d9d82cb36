"""Which dollar a bare "$" is: decided per source, from the amounts other sources mark explicitly.

The extract stage reads a bare "$" as US dollars (the most common reading), but a Canadian paper's "$38.50"
is the Canadian dollar that the wire writes "C$38.50". Within one source a bare "$" means one currency, so
each source's bare-dollar amounts vote: an amount that other sources state, in the same slot, with an
explicit dollar ("C$", "A$", "US$") votes for that currency. When another dollar wins, all of the source's
bare-dollar amounts are re-read in it; without such evidence they stay US dollars.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal

from dealclaims.models import Claim

_BARE_DOLLAR = re.compile(r"(?<![A-Za-z$])\$")  # "$38.50", not "C$38.50" nor "US$2.1 billion"
_MARKED_DOLLAR = re.compile(r"\b[A-Z]{1,3}\$|\bUSD\b|\bdollars?\b", re.IGNORECASE)


def settle_bare_dollars(claims: list[Claim]) -> list[Claim]:
    """``claims`` with each source's bare-dollar amounts in the dollar the other sources' amounts show."""
    marked: dict[tuple[str, Decimal], set[tuple[str, str]]] = defaultdict(
        set
    )  # (slot, amount) -> {(currency, source)}
    bare: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)  # source -> [(claim index, amount)]
    for i, c in enumerate(claims):
        money = _money(c)
        if money is None:
            continue
        amount, currency = money
        if currency == "USD" and _BARE_DOLLAR.search(c.text):
            bare[c.source].append((i, amount))
        elif _MARKED_DOLLAR.search(c.text):
            marked[(c.slot, amount)].add((currency, c.source))
    out = list(claims)
    for source, found in bare.items():
        votes: Counter[str] = Counter()
        for i, amount in found:
            votes.update({cur for cur, src in marked.get((claims[i].slot, amount), ()) if src != source})
        if not votes:
            continue
        currency, n = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if currency == "USD" or n <= votes.get("USD", 0):
            continue
        for i, _ in found:
            value = {**claims[i].value, "currency": currency}
            out[i] = claims[i].model_copy(update={"value": value})
    return out


def _money(claim: Claim) -> tuple[Decimal, str] | None:
    value = claim.value
    if claim.value_kind != "money" or not isinstance(value, dict) or "currency" not in value:
        return None
    try:
        return Decimal(str(value["amount"])), str(value["currency"])
    except (KeyError, ArithmeticError, ValueError):
        return None
