"""How each source stands to each fact: decided once here, carried in ``Fact.agreement``, read by every renderer.

A source ``states`` a fact when it is one of the fact's sources, is ``consistent`` when it says the same thing
less specifically ("US-based" for "Missouri-based"), ``differs`` when it holds another side of a conflict the
fact itself is a side of, and is ``silent`` otherwise. Sides are found by evidence: the conflict's variant
whose evidence the fact shares is the fact's side. A source holding another value that conflicts with nothing
the fact says (a second, related deal) is silent on this one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from dealclaims.models import AgreementState, Conflict, Fact

__all__ = ["NOT_DISAGREEMENTS", "agreement_row", "contested", "mark_agreement", "source_agreement"]

# Conflict kinds that are not two sources contradicting each other (a figure that changed over time).
NOT_DISAGREEMENTS = frozenset({"value_update"})


def mark_agreement(
    facts: Iterable[Fact], conflicts: Iterable[Conflict], documents: Sequence[str]
) -> list[Fact]:
    """Each fact with ``agreement`` (every document's state, keys sorted) and ``silent_sources``."""
    by_block: dict[tuple[str, str | None], list[Conflict]] = defaultdict(list)
    for c in conflicts:
        if c.kind not in NOT_DISAGREEMENTS:
            by_block[_block(c.slot, c.subject)].append(c)
    out = []
    for fact in facts:
        against = _dissenting_sources(fact, by_block.get(_block(fact.slot, fact.subject), []))
        cells = {doc: _state(fact, doc, against) for doc in sorted(set(documents))}
        silent = [doc for doc, state in cells.items() if state == "silent"]
        out.append(fact.model_copy(update={"agreement": cells, "silent_sources": silent}))
    return out


def _block(slot: str, subject: str | None) -> tuple[str, str | None]:
    """Conflicts are found per (slot, subject); quotes by slot alone (one quote, two speakers)."""
    return slot, None if slot == "quote" else subject


def _dissenting_sources(fact: Fact, conflicts: Iterable[Conflict]) -> set[str]:
    """Sources on the other sides of every conflict the fact is a side of."""
    evidence = set(fact.evidence)
    against: set[str] = set()
    for conflict in conflicts:
        ours = [i for i, v in enumerate(conflict.variants) if evidence.intersection(v.evidence)]
        if ours:
            against.update(s for i, v in enumerate(conflict.variants) if i not in ours for s in v.sources)
    return against


def _state(fact: Fact, source: str, against: set[str]) -> AgreementState:
    if source in fact.sources:
        return "states"
    if source in fact.consistent_sources:
        return "consistent"
    return "differs" if source in against else "silent"


def source_agreement(fact: Fact, source: str) -> AgreementState:
    """The state of one (fact, source) cell as the consensus stage decided it.

    A fact built without the consensus stage (no ``agreement``) falls back on its ``silent_sources``: a
    source neither stating it nor silent differs.
    """
    state = fact.agreement.get(source)
    if state is not None:
        return state
    if source in fact.sources or source in fact.consistent_sources:
        return _state(fact, source, set())
    return "silent" if source in fact.silent_sources else "differs"


def agreement_row(
    fact: Fact, conflicts: Iterable[Conflict], documents: Sequence[str]
) -> dict[str, AgreementState]:
    """Every document's state for one fact, in the order of ``documents``: the consensus stage's decision, or
    (a fact built without that stage) the same decision made now from ``conflicts``."""
    cells = fact.agreement or mark_agreement([fact], conflicts, documents)[0].agreement
    return {doc: cells.get(doc, "silent") for doc in documents}


def contested(fact: Fact) -> bool:
    """True when some source holds another side of a conflict this fact is a side of."""
    return any(state == "differs" for state in fact.agreement.values())
