"""Truth discovery over the conflicts: which variant the more reliable sources back (``--weigh-sources``).

The method is CRH (Li, Li, Gao, Zhao, Fan and Han, "Resolving Conflicts in Heterogeneous Data by Truth
Discovery and Source Reliability Estimation", SIGMOD 2014) for categorical claims, with a soft loss. Starting from equal trust it alternates two steps until the trust
of every source moves less than ``Settings.truth_tolerance`` (or ``truth_max_iterations`` is reached):

1. confidence of a variant = the trust-weighted share of the votes in its conflict;
2. a source's loss = how much confidence the variants it states lack, summed over the conflicts, divided
   by the number of its votes (with a Laplace prior, so one vote does not make a source perfect); its trust
   is ``-log(loss / sum of all losses)`` as in CRH.

Copy groups count once: documents whose evidence for a variant lies in the same shared origin split one vote.
The pass only ranks variants and annotates ``confidence``; it never removes a variant or a fact.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from dealclaims.consensus.origins import lies_in, origin_spans
from dealclaims.models import Conflict, Evidence, Fact, Origin, Settings
from dealclaims.unionfind import UnionFind

__all__ = ["TruthResult", "discover_truth", "weigh_sources"]

PRIOR = 1.0  # Laplace prior on a source's loss: one pseudo-vote lost, one won
DIGITS = 4  # confidences and trust are rounded so the JSON is stable across platforms

Votes = list[dict[str, float]]  # per variant of one conflict: source -> vote weight (1, or 1/copy group)


@dataclass(frozen=True)
class TruthResult:
    """Trust per source, confidence per variant of each conflict, and how the iteration ended."""

    trust: dict[str, float]
    confidence: list[list[float]]
    iterations: int
    converged: bool


def discover_truth(conflicts: Sequence[Votes], settings: Settings | None = None) -> TruthResult:
    """Iterate confidence and trust (CRH) over ``conflicts`` until trust is stable."""
    settings = settings or Settings()
    sources = sorted({s for votes in conflicts for variant in votes for s in variant})
    trust = {s: 1.0 for s in sources}
    confidence = _confidence(conflicts, trust)
    for iteration in range(1, settings.truth_max_iterations + 1):
        new = _trust(conflicts, confidence, sources)
        delta = max((abs(new[s] - trust[s]) for s in sources), default=0.0)
        trust, confidence = new, _confidence(conflicts, new)
        if delta < settings.truth_tolerance:
            return TruthResult(trust, confidence, iteration, True)
    return TruthResult(trust, confidence, settings.truth_max_iterations, False)


def _confidence(conflicts: Sequence[Votes], trust: dict[str, float]) -> list[list[float]]:
    out = []
    for votes in conflicts:
        mass = [sum(trust[s] * w for s, w in variant.items()) for variant in votes]
        total = sum(mass)
        out.append([m / total if total > 0 else 1 / len(votes) for m in mass])
    return out


def _trust(conflicts: Sequence[Votes], confidence: list[list[float]], sources: list[str]) -> dict[str, float]:
    loss: dict[str, float] = defaultdict(float)
    count: dict[str, float] = defaultdict(float)
    for votes, conf in zip(conflicts, confidence):
        for variant, c in zip(votes, conf):
            for s, w in variant.items():
                loss[s] += w * (1.0 - c)
                count[s] += w
    rate = {s: (loss[s] + PRIOR) / (count[s] + 2 * PRIOR) for s in sources}
    total = sum(rate.values())
    if len(sources) < 2 or total <= 0:
        return {s: 1.0 for s in sources}
    return {s: -math.log(rate[s] / total) for s in sources}


# ---------------------------------------------------------------- report annotation


def weigh_sources(
    facts: Sequence[Fact],
    conflicts: Sequence[Conflict],
    origins: Sequence[Origin],
    documents: Sequence[str],
    settings: Settings | None = None,
) -> tuple[list[Fact], list[Conflict], dict[str, float]]:
    """Conflicts with variants ranked by confidence, facts with ``confidence``, and each source's trust."""
    spans = origin_spans(origins)
    votes = [[_votes(v.sources, v.evidence, spans) for v in c.variants] for c in conflicts]
    result = discover_truth(votes, settings)
    trust = {d: result.trust.get(d, 1.0) for d in documents}
    ranked = []
    for conflict, conf in zip(conflicts, result.confidence):
        variants = [
            v.model_copy(update={"confidence": round(c, DIGITS)}) for v, c in zip(conflict.variants, conf)
        ]
        variants = sorted(variants, key=lambda v: -(v.confidence or 0.0))  # stable: ties keep their order
        ranked.append(conflict.model_copy(update={"variants": variants}))
    weighed = [f.model_copy(update={"confidence": _fact_confidence(f, ranked)}) for f in facts]
    return weighed, ranked, {d: round(t, DIGITS) for d, t in trust.items()}


def _fact_confidence(fact: Fact, conflicts: Sequence[Conflict]) -> float:
    """The confidence of the fact's own side in each conflict it is a side of (the variants holding its
    evidence, as for ``Fact.agreement``), the lowest over those conflicts; 1.0 when nothing contradicts it."""
    evidence = set(fact.evidence)
    found: list[float] = []
    for conflict in conflicts:
        if conflict.slot != fact.slot or (conflict.slot != "quote" and conflict.subject != fact.subject):
            continue
        ours = [v.confidence or 0.0 for v in conflict.variants if evidence.intersection(v.evidence)]
        if ours:
            found.append(min(sum(ours), 1.0))
    return round(min(found), DIGITS) if found else 1.0


def _votes(
    sources: Sequence[str], evidence: Sequence[Evidence], spans: dict[str, list[tuple[Evidence, str]]]
) -> dict[str, float]:
    """One vote per source, split within a copy group (sources whose evidence shares an origin)."""
    uf: UnionFind[str] = UnionFind()
    for ev in evidence:
        for span, oid in spans.get(ev.source, []):
            if lies_in(ev, span):
                uf.union(f"~{oid}", ev.source)  # "~" sorts after ids: a document stays the root
    groups: dict[str, list[str]] = defaultdict(list)
    for s in sorted(set(sources)):
        groups[uf.find(s)].append(s)
    return {s: 1.0 / len(members) for members in groups.values() for s in members}
