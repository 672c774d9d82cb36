"""Score dealclaims' report on the seeds against hand-annotated facts (tests/data/seeds_expected.json).

Usage:  python examples/evaluate_seeds.py [--min-recall R] [--min-precision P]

The unit is a (slot, subject, value, source) row: a fact stated by three sources is three rows. A predicted
row is correct when an annotated row has the same slot, source, subject (any of the entity's names) and an
equal value (lists as sets, titles normalised, descriptions and quotes by rapidfuzz). Sources listed as
``consistent_sources`` of a fact count for an annotated row of the same slot and subject. Only annotated
slots are scored (``stat`` and ``place.resources`` are not annotated).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from dealclaims.consensus.clusters import normalize_title
from dealclaims.lexicon import load_lexicon
from dealclaims.models import Entity, Fact, Report
from dealclaims.names import name_key, text_key
from dealclaims.pipeline import build_report

ROOT = Path(__file__).resolve().parent.parent
Row = tuple[str, Any, Any, str]


def names_of(ref: str | None, entities: dict[str, Entity]) -> set[str]:
    if ref is None:
        return {""}
    entity = entities.get(ref.split("#")[0])
    if entity is None:
        return {name_key(ref)}
    return {name_key(n) for n in [entity.name, *entity.aliases]}


def same_value(slot: str, predicted: Any, expected: Any, entities: dict[str, Entity]) -> bool:
    if slot == "deal.value":
        return bool(predicted["amount"] == expected)
    if slot == "deal.related":
        return bool(predicted["type"] == expected)
    if slot in ("deal.parties", "deal.countries"):
        got = [names_of(p, entities) for p in predicted]
        return len(got) == len(expected) and all(any(name_key(e) in g for g in got) for e in expected)
    if isinstance(expected, list):
        return {name_key(str(x)) for x in predicted} == {name_key(str(x)) for x in expected}
    if slot == "person.title":
        lex = load_lexicon()
        return normalize_title(str(predicted), lex) == normalize_title(str(expected), lex)
    if slot == "quote":
        return fuzz.partial_ratio(text_key(str(predicted)), text_key(str(expected))) >= 90
    if slot == "org.description":
        return fuzz.token_set_ratio(text_key(str(predicted)), text_key(str(expected))) >= 85
    return name_key(str(predicted).replace("'s", "")) == name_key(str(expected).replace("'s", ""))


def predicted_rows(report: Report) -> list[tuple[Fact, str, bool]]:
    rows = []
    for fact in [*report.facts, *report.single_source]:
        rows += [(fact, src, False) for src in fact.sources]
        rows += [(fact, src, True) for src in fact.consistent_sources]
    return rows


def score(report: Report, expected: dict[str, Any]) -> dict[str, Any]:
    entities = {e.id: e for e in report.entities}
    short = {d.id: d.id.split("_")[0] for d in report.documents}
    gold = [(f["slot"], f.get("subject"), f["value"], s) for f in expected["facts"] for s in f["sources"]]
    slots = {g[0] for g in gold}
    matched_gold: set[int] = set()
    correct = total = 0
    for fact, src, consistent in predicted_rows(report):
        if fact.slot not in slots:
            continue
        total += 1
        hit = None
        for i, (slot, subj, value, g_src) in enumerate(gold):
            if slot != fact.slot or g_src != short.get(src, src):
                continue
            if subj is not None and name_key(subj) not in names_of(fact.subject, entities):
                continue
            if consistent or (i not in matched_gold and same_value(slot, fact.value, value, entities)):
                hit = i
                break
        if hit is not None:
            correct += 1
            matched_gold.add(hit)
    kinds = {(c.slot, c.kind) for c in report.conflicts}
    want = {(c["slot"], c["kind"]) for c in expected["conflicts"]}
    return {
        "precision": correct / total if total else 0.0,
        "recall": len(matched_gold) / len(gold),
        "rows_predicted": total,
        "rows_correct": correct,
        "rows_expected": len(gold),
        "missed": sorted(
            {
                f"{gold[i][0]} {gold[i][1] or ''} {gold[i][3]}".strip()
                for i in range(len(gold))
                if i not in matched_gold
            }
        ),
        "conflicts_found": f"{len(want & kinds)}/{len(want)}",
        "conflicts_extra": sorted(f"{s}:{k}" for s, k in kinds - want),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-recall", type=float, default=0.0)
    parser.add_argument("--min-precision", type=float, default=0.0)
    args = parser.parse_args()
    expected = json.loads((ROOT / "tests/data/seeds_expected.json").read_text(encoding="utf-8"))
    result = score(build_report([ROOT / "seeds"]), expected)
    print(json.dumps(result, indent=2))
    ok = result["recall"] >= args.min_recall and result["precision"] >= args.min_precision
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
