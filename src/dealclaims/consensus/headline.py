"""The deal in one line, from the best-supported facts; a contested value is marked with its conflict's id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from dealclaims.consensus.agreement import contested
from dealclaims.models import (
    Conflict,
    Entity,
    Fact,
)

if TYPE_CHECKING:
    pass


PARTY_SLOTS = frozenset({"deal.parties", "deal.countries"})


def make_headline(facts: Iterable[Fact], entities: list[Entity], conflicts: Sequence[Conflict] = ()) -> str:
    """The deal in one line, from the best-supported fact of each headline slot.

    A value that some source contradicts (``Fact.agreement``) is shown as contested, never as settled:
    ``(contested, see <conflict id>)``, which renderers may shorten but never need to re-decide.
    """
    names = {e.id: e.name for e in entities}
    conflict_of = {(c.slot, c.subject): c.id for c in sorted(conflicts, key=lambda c: c.id)}

    def _contested(fact: Fact) -> str:
        if not contested(fact):
            return ""
        return f" (contested, see {conflict_of.get((fact.slot, fact.subject), 'conflicts')})"

    best: dict[str, Fact] = {}

    reach = {e.id: len(e.sources) for e in entities}

    def rank(f: Fact) -> tuple[int, bool, int, bool, int]:
        # sources stating it; then, among equals, a current figure before an earlier one ("In February X
        # agreed to buy ... for"), then the sources consistent with it, then an uncontested one, then (for
        # parties) the pair the corpus names most: its least-named party in the most documents
        previous = any(q.kind == "framing" and q.value == "previous" for q in f.qualifiers)
        named = min((reach.get(p, 0) for p in f.value), default=0) if f.slot in PARTY_SLOTS else 0
        return (f.support, not previous, len(f.consistent_sources), not contested(f), named)

    for f in facts:
        if f.slot not in best or rank(f) > rank(best[f.slot]):
            best[f.slot] = f
    parts = []
    if "deal.type" in best:
        kind = str(best["deal.type"].value)
        parties = best.get("deal.parties") or best.get("deal.countries")
        who = " and ".join(names.get(p, p) for p in parties.value) if parties else ""
        parts.append(f"{kind[:1].upper()}{kind[1:]}" + (f" between {who}" if who else ""))
    if "deal.value" in best:
        v = best["deal.value"].value
        parts.append(f"{v['currency']} {spell_amount(v['amount'])}" + _contested(best["deal.value"]))
    if "deal.date" in best:
        parts.append(f"signed {best['deal.date'].text}" + _contested(best["deal.date"]))
    if "deal.location" in best:
        parts.append("at " + ", ".join(best["deal.location"].value) + _contested(best["deal.location"]))
    return " · ".join(parts) or "No deal found"


_SCALES = ((1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"))


def spell_amount(amount: float) -> str:
    """500000000 -> "500 million"; 1620000000 -> "1.62 billion"; 4500 -> "4,500"."""
    for size, word in _SCALES:
        if abs(amount) >= size:
            return f"{amount / size:,.3f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{amount:,.2f}".rstrip("0").rstrip(".")
