"""The sides of a conflict: a cluster of claims cut along the conflicts that run through it.

A cluster holds claims of equal value; a conflict may still set some of them against others. The consensus
never contradicts its conflicts, so each side becomes a fact of its own (see ``split_by_conflicts``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from dealclaims.consensus.agreement import NOT_DISAGREEMENTS
from dealclaims.models import Claim, Conflict, Evidence

__all__ = ["split_by_conflicts"]

Sides = dict[tuple[str, str | None, Evidence], list[tuple[str, int, str]]]


def split_by_conflicts(
    clusters: list[list[Claim]], conflicts: list[Conflict]
) -> list[tuple[list[Claim], str]]:
    """Each cluster cut along the conflicts that run through it, with the name of its side ("" when uncut).

    A cluster holds claims of equal value; a conflict may still set some of them against others (one amount
    "first phase" in two sources and bare in two more, one quote given to two speakers). A source supports
    a fact only when it says it the way the fact does, so each side becomes a fact of its own and the
    consensus never contradicts its conflicts. A claim's side is the variant holding its evidence (and, when
    its sentence is in several, its value); claims on no side (a quote with no speaker) join the side
    stated by most sources.
    """
    sides: Sides = defaultdict(list)
    for conflict in conflicts:
        if conflict.kind in NOT_DISAGREEMENTS:
            continue
        for i, variant in enumerate(conflict.variants):
            for ev in variant.evidence:  # evidence is a sentence: other slots and values read it too
                sides[_side_key(conflict.slot, conflict.subject, ev)].append(
                    (conflict.id, i, _value_token(variant.value))
                )
    out: list[tuple[list[Claim], str]] = []
    for cluster in clusters:
        parts = [(cluster, "")]
        found = (sides.get(_side_key(c.slot, c.subject, c.evidence), []) for c in cluster)
        for conflict_id in sorted({cid for entries in found for cid, _, _ in entries}):
            parts = [cut for part in parts for cut in _cut(part, conflict_id, sides)]
        out.extend(parts)
    return out


def _side_key(slot: str, subject: str | None, ev: Evidence) -> tuple[str, str | None, Evidence]:
    """Conflicts are found per (slot, subject) block; quotes are blocked by slot alone."""
    return slot, None if slot == "quote" else subject, ev


def _value_token(value: Any) -> str:
    if isinstance(value, dict) and "amount" in value and "currency" in value:
        value = {"amount": value["amount"], "currency": value["currency"]}
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _cut(part: tuple[list[Claim], str], conflict_id: str, sides: Sides) -> list[tuple[list[Claim], str]]:
    claims, name = part
    by_side: dict[int, list[Claim]] = defaultdict(list)
    loose: list[Claim] = []
    for c in claims:
        found = [
            (i, t)
            for cid, i, t in sides.get(_side_key(c.slot, c.subject, c.evidence), [])
            if cid == conflict_id
        ]
        token = _value_token(c.value)
        side = min(found, key=lambda it: (it[1] != token, it[0]))[0] if found else None
        (loose if side is None else by_side[side]).append(c)
    if len(by_side) < 2:
        return [part]
    biggest = max(by_side, key=lambda i: (len({c.source for c in by_side[i]}), -i))
    by_side[biggest].extend(loose)
    return [(by_side[i], f"{name}|{conflict_id}:{i}") for i in sorted(by_side)]
