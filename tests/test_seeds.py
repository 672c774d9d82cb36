"""End to end on the seed corpus with the pinned model: golden JSON plus the facts an analyst must see.

Regenerate the golden file only on purpose, after reading the diff:
    DEALCLAIMS_REGEN_GOLDEN=1 python -m pytest tests/test_seeds.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dealclaims.formats import render_json
from dealclaims.models import Report
from dealclaims.pipeline import build_report

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "seeds_report.json"


@pytest.fixture(scope="module")
def report() -> Report:
    cwd = os.getcwd()
    os.chdir(ROOT)  # document paths in the report are as given: "seeds/..."
    try:
        return build_report(["seeds"])
    finally:
        os.chdir(cwd)


def by_slot(report: Report, slot: str) -> list:  # type: ignore[type-arg]
    return [f for f in [*report.facts, *report.single_source] if f.slot == slot]


def entity(report: Report, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in report.entities if e.name == name or name in e.aliases)


def test_golden_json(report: Report) -> None:
    rendered = render_json(report)
    if os.environ.get("DEALCLAIMS_REGEN_GOLDEN"):
        GOLDEN.write_text(rendered, encoding="utf-8")
    assert rendered == GOLDEN.read_text(encoding="utf-8"), (
        "report changed: review, then regenerate the golden file"
    )


def test_every_evidence_quote_is_the_source_text_at_its_offsets(report: Report) -> None:
    texts = {d.id: (ROOT / d.path).read_text(encoding="utf-8") for d in report.documents}
    items = [*report.facts, *report.single_source, *(v for c in report.conflicts for v in c.variants)]
    for item in items:
        for ev in item.evidence:
            assert texts[ev.source][ev.start : ev.end] == ev.text


def test_one_entity_each_for_the_parties_with_their_aliases(report: Report) -> None:
    ussm = entity(report, "USSM")
    assert ussm.type == "ORG" and {"U.S. Strategic Metals", "Strategic Metals"} <= {ussm.name, *ussm.aliases}
    fwo = entity(report, "FWO")
    assert {"Frontier Works Organisation", "Frontier Works Organization"} <= {fwo.name, *fwo.aliases}
    assert len(ussm.sources) == len(fwo.sources) == 5
    names = {n.lower() for e in report.entities for n in [e.name, *e.aliases]}
    assert not names & {"mou", "mous", "house", "'s house", "cda", "us chargé"}


def test_people_titles_and_partial_names(report: Report) -> None:
    baker = entity(report, "Natalie Baker")
    assert "Baker" in baker.aliases and baker.type == "PERSON"
    assert len(baker.titles_by_source) == 5
    for name in ("Zach Harkenrider", "Asim Munir", "Shehbaz Sharif"):
        assert entity(report, name).type == "PERSON"
    assert entity(report, "Khyber Pakhtunkhwa").type == "GPE"
    assert entity(report, "Barrick Gold").type == "ORG"


def test_deal_value_with_qualifier_mismatch(report: Report) -> None:
    [conflict] = [c for c in report.conflicts if c.slot == "deal.value"]
    assert conflict.kind == "qualifier_mismatch"
    texts = " | ".join(v.text for v in conflict.variants)
    assert "landmark" in texts and "approximately" in texts and "first phase" in texts
    # consensus never contradicts its conflicts: each value fact is one side, and the headline says so
    values = by_slot(report, "deal.value")
    assert values and all(v.value["amount"] == 500000000 for v in values)
    sides = [set(v.sources) for v in conflict.variants]
    assert all(any(set(f.sources) <= side for side in sides) for f in values)
    assert "contested" in report.headline


def test_set_mismatch_on_what_the_company_produces(report: Report) -> None:
    [conflict] = [c for c in report.conflicts if c.slot == "org.focus"]
    assert conflict.kind == "set_mismatch"
    members = [set(v.value) for v in conflict.variants]
    assert any("lithium" in m for m in members) and any("rare earth elements" in m for m in members)


@pytest.mark.parametrize(
    ("slot", "value", "min_support"),
    [
        ("deal.type", "memorandum of understanding", 4),
        ("deal.date", "monday", 3),
        ("deal.location", ["Prime Minister's House", "Islamabad"], 2),
        ("deal.commodities", ["antimony", "copper", "gold", "rare earth elements", "tungsten"], 3),
        ("org.hq", "Missouri", 4),
    ],
)
def test_consensus_facts(report: Report, slot: str, value: object, min_support: int) -> None:
    facts = [f for f in report.facts if f.slot == slot and f.value == value]
    assert facts and facts[0].support >= min_support


def test_quote_has_speaker(report: Report) -> None:
    baker = entity(report, "Natalie Baker").id
    quotes = [f for f in by_slot(report, "quote") if f.subject == baker]
    assert any("Trump administration" in f.text and f.support >= 2 for f in quotes)


def test_nothing_from_bylines_counters_or_related_links(report: Report) -> None:
    blob = json.dumps([f.model_dump() for f in [*report.facts, *report.single_source]])
    for noise in (
        "Maryam",
        "0 comments",
        "Related Posts",
        "Leave a Comment",
        "Election Commission",
        "Aurangzeb",
    ):
        assert noise not in blob
