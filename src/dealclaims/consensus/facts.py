"""Consensus stage entry: claims from all sources -> facts with support, and typed conflicts."""

from __future__ import annotations

from dealclaims.consensus.amounts import fold_buyer_subjects
from dealclaims.consensus.clusters import cluster_claims, make_fact, prepare_claims
from dealclaims.consensus.conflicts import find_conflicts
from dealclaims.consensus.refine import absorb_refinements
from dealclaims.consensus.sides import split_by_conflicts
from dealclaims.models import Claim, Conflict, Fact, Settings


def reconcile_claims(
    claims: list[Claim], settings: Settings | None = None
) -> tuple[list[Fact], list[Conflict]]:
    """Facts (one per cluster, sorted by slot then support) and conflicts from resolved claims."""
    settings = settings or Settings()
    clusters = cluster_claims(prepare_claims(fold_buyer_subjects(claims)), settings)
    conflicts = find_conflicts(clusters)
    facts = absorb_refinements([make_fact(cl, side) for cl, side in split_by_conflicts(clusters, conflicts)])
    return sorted(facts, key=lambda f: (f.slot, -f.support, f.subject or "", f.id)), conflicts
