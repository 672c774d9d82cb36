"""Truth discovery (CRH): convergence, determinism, copy groups counted once, nothing deleted."""

from __future__ import annotations

from dealclaims.consensus.truth import discover_truth, weigh_sources
from dealclaims.models import Conflict, Evidence, Fact, Origin, Passage, Settings, Variant

# Three conflicts: "a", "b" and "c" agree every time, "d" disagrees every time.
VOTES = [
    [{"a": 1.0, "b": 1.0}, {"d": 1.0}],
    [{"a": 1.0, "c": 1.0}, {"d": 1.0}],
    [{"b": 1.0, "c": 1.0}, {"d": 1.0}, {"a": 1.0}],
]


def test_converges_within_tolerance() -> None:
    result = discover_truth(VOTES, Settings(truth_tolerance=1e-9, truth_max_iterations=500))
    assert result.converged and result.iterations < 500
    again = discover_truth(VOTES, Settings(truth_tolerance=1e-9, truth_max_iterations=result.iterations + 1))
    assert abs(again.trust["a"] - result.trust["a"]) < 1e-8


def test_stops_at_max_iterations() -> None:
    result = discover_truth(VOTES, Settings(truth_tolerance=0.0, truth_max_iterations=3))
    assert (result.iterations, result.converged) == (3, False)


def test_deterministic_and_order_independent() -> None:
    first = discover_truth(VOTES)
    assert discover_truth(VOTES) == first
    shuffled = [[dict(reversed(list(v.items()))) for v in votes] for votes in VOTES]
    assert discover_truth(shuffled).trust == first.trust


def test_agreeing_sources_earn_trust_and_their_variant_wins() -> None:
    result = discover_truth(VOTES)
    assert min(result.trust["a"], result.trust["b"], result.trust["c"]) > result.trust["d"]
    assert all(conf[0] == max(conf) for conf in result.confidence)


def _ev(source: str, start: int = 0) -> Evidence:
    return Evidence(source=source, text="x" * 10, start=start, end=start + 10)


def test_copy_group_counts_once_and_no_variant_is_deleted() -> None:
    # "b", "c" and "d" copy one release: three copies weigh as one vote against "a" and "e".
    origin = Origin(
        id="o-1",
        text="release",
        documents=["b", "c", "d"],
        passages=[Passage(source=s, evidence=_ev(s)) for s in ("b", "c", "d")],
    )
    conflict = Conflict(
        id="x",
        slot="deal.value",
        kind="value_mismatch",
        explanation="",
        variants=[
            Variant(
                value=6,
                text="$6 million",
                sources=["b", "c", "d"],
                evidence=[_ev(s) for s in ("b", "c", "d")],
            ),
            Variant(value=5, text="$5 million", sources=["a", "e"], evidence=[_ev("a", 50), _ev("e", 50)]),
        ],
    )
    fact = Fact(
        id="f",
        slot="deal.value",
        value=5,
        text="$5 million",
        support=2,
        sources=["a", "e"],
        evidence=[_ev("a", 50), _ev("e", 50)],
        silent_sources=[],
    )
    facts, conflicts, trust = weigh_sources([fact], [conflict], [origin], ["a", "b", "c", "d", "e"])
    variants = conflicts[0].variants
    assert [v.text for v in variants] == ["$5 million", "$6 million"]  # re-ranked, both kept
    assert variants[0].confidence is not None and variants[0].confidence > 0.5
    assert facts[0].confidence is not None and facts[0].confidence > 0.5
    assert set(trust) == {"a", "b", "c", "d", "e"}
