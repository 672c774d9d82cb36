"""A less specific fact absorbed by the one fact it is consistent with ("France" by "Lyon")."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from dealclaims.consensus.conflicts import GENERIC_SET, place_contains
from dealclaims.lexicon import Lexicon, load_lexicon
from dealclaims.models import Fact
from dealclaims.names import name_key
from dealclaims.titles import title_refines

REFINABLE_SLOTS = frozenset(
    {"deal.type", "org.hq", "deal.location", "org.focus", "deal.commodities", "person.title"}
)  # see refines()


def refines(slot: str, specific: Any, general: Any, lexicon: Lexicon) -> bool:
    """True when ``specific`` says more than ``general`` and does not contradict it."""
    if specific == general:
        return False
    if slot == "deal.type":
        return general in lexicon.deal_type_generic and specific not in lexicon.deal_type_generic
    if slot == "person.title":
        return title_refines(str(specific), str(general))
    if slot == "org.hq":
        in_region = lexicon.region_country(str(specific)) == general
        return bool(in_region) or place_contains(str(general), str(specific))
    if slot == "deal.location":
        a = {name_key(p.replace("'s", "")) for p in specific}
        b = {name_key(p.replace("'s", "")) for p in general}
        inside = all(
            any(name_key(s) == g or place_contains(str(gp), str(s)) for s in specific)
            for g, gp in zip((name_key(p.replace("'s", "")) for p in general), general, strict=True)
        )
        return b < a or (inside and a != b)
    if slot in ("org.focus", "deal.commodities"):
        return bool(general == GENERIC_SET and specific != GENERIC_SET)
    return False


def absorb_refinements(facts: list[Fact]) -> list[Fact]:
    """Fold a less specific fact into the one more specific fact it is consistent with.

    "US-based" (2 sources) and "Missouri-based" (4) become one fact, Missouri, with support 4 and the other
    sources listed as ``consistent_sources``: support still counts only sources that state the value.
    """
    lexicon = load_lexicon()
    blocks: dict[tuple[str, str | None], list[Fact]] = defaultdict(list)
    for f in facts:
        blocks[(f.slot, f.subject)].append(f)
    out: list[Fact] = []
    for block in blocks.values():
        absorbed: set[str] = set()
        updated = {f.id: f for f in block}
        if block[0].slot not in REFINABLE_SLOTS:  # nothing refines anything there: skip the pairwise test
            out.extend(updated.values())
            continue
        for general in block:
            targets = [f for f in block if refines(f.slot, f.value, general.value, lexicon)]
            if len(targets) != 1:
                continue  # consistent with several specific claims that disagree: keep it apart
            target = updated[targets[0].id]
            extra = sorted(set(general.sources) - set(target.sources) | set(target.consistent_sources))
            updated[target.id] = target.model_copy(update={"consistent_sources": extra})
            absorbed.add(general.id)
        out.extend(f for f in updated.values() if f.id not in absorbed)
    return out
