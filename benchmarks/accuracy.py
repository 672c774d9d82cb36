"""Accuracy on text the rules were not written for: the dev set in ../shared/dev, plus the seeds.

Usage (from the project root, after ``make setup``)::

    .venv/bin/python benchmarks/accuracy.py [--dev ../shared/dev] [--holdout] [--out benchmarks/ACCURACY.md]

For each dev corpus it writes the articles into a temporary folder (the dev set's ``materialize.py``; the
Reuters texts never enter this repository), runs ``dealclaims reconcile FOLDER --json`` as a user would, and
scores the report with the dev set's ``score.py`` (must facts, must conflicts, entities found once with the
right type, junk entities). The seeds are scored by ``examples/evaluate_seeds.py`` against
``tests/data/seeds_expected.json``. With ``--holdout`` the corpora in ``eval/holdout/<slug>/`` (gold in
``eval/holdout/<slug>.gold.json``, same format) are scored too, as rows ``holdout/<slug>``, with a total of their
own. One table is printed (and written to ``--out`` when given).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCORE_LINE = re.compile(
    r"facts=(?P<facts>\d+)/(?P<facts_of>\d+) conflicts=(?P<conflicts>\d+)/(?P<conflicts_of>\d+) "
    r"entities=(?P<entities>\d+)/(?P<entities_of>\d+) junk_entities=(?P<junk>\d+)"
)
COLUMNS = ("facts", "conflicts", "entities")


def materialize(dev: Path, out: Path) -> list[Path]:
    """The dev corpora as folders dealclaims reads; returns them sorted (reuters/*, then written/*)."""
    subprocess.run([sys.executable, str(dev / "materialize.py"), str(out)], check=True, capture_output=True)
    return sorted(p for kind in ("reuters", "written") for p in (out / kind).iterdir() if p.is_dir())


HOLDOUT = ROOT / "eval" / "holdout"


def holdout_corpora() -> list[Path]:
    """The holdout corpora (folders with a ``<slug>.gold.json`` beside them), sorted."""
    if not HOLDOUT.is_dir():
        return []
    return sorted(p for p in HOLDOUT.iterdir() if p.is_dir() and (HOLDOUT / f"{p.name}.gold.json").is_file())


def score_corpus(
    folder: Path, dev: Path, work: Path, env: dict[str, str], gold: Path | None = None
) -> dict[str, int]:
    """Run dealclaims on one corpus and score its JSON report with the dev set's score.py.

    ``gold`` defaults to the dev set's ``<kind>/<slug>.gold.json``.
    """
    kind, slug = folder.parent.name, folder.name
    gold = gold if gold is not None else dev / kind / f"{slug}.gold.json"
    report = work / f"{kind}-{slug}.json"
    with report.open("w") as out:
        subprocess.run(
            [str(BIN / "dealclaims"), "reconcile", str(folder), "--json", "-q"],
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=env,
            check=False,
        )
    scored = subprocess.run(
        [sys.executable, str(dev / "score.py"), str(report), str(gold)],
        capture_output=True,
        text=True,
        check=False,
    )
    match = SCORE_LINE.search(scored.stdout.strip().splitlines()[-1] if scored.stdout.strip() else "")
    if match is None:
        raise SystemExit(f"{kind}/{slug}: score.py printed no score line:\n{scored.stdout}{scored.stderr}")
    return {k: int(v) for k, v in match.groupdict().items()}


def seeds_line() -> str:
    """examples/evaluate_seeds.py's summary on the seeds (recall and precision of annotated rows)."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "examples/evaluate_seeds.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    try:
        r = json.loads(run.stdout)
    except json.JSONDecodeError:
        return f"evaluate_seeds.py failed: {run.stderr.strip()[-300:]}"
    return (
        f"rows {r['rows_correct']}/{r['rows_expected']} (recall {r['recall']:.2f}, precision "
        f"{r['precision']:.2f}), conflicts {r['conflicts_found']}, extra conflicts {len(r['conflicts_extra'])}"
    )


def table(rows: dict[str, dict[str, int]], label: str = "total") -> list[str]:
    """A Markdown table: one row per corpus and a total row."""
    head = "| corpus | must facts | must conflicts | entities (once, right type) | junk entities |"
    out = [head, "|---|---|---|---|---|"]
    total = dict.fromkeys(
        ["facts", "facts_of", "conflicts", "conflicts_of", "entities", "entities_of", "junk"], 0
    )
    for name, r in rows.items():
        cells = [f"{r[c]}/{r[c + '_of']}" for c in COLUMNS]
        out.append(f"| {name} | {' | '.join(cells)} | {r['junk']} |")
        for k in total:
            total[k] += r[k]
    cells = [
        f"**{total[c]}/{total[c + '_of']} ({100 * total[c] / max(total[c + '_of'], 1):.0f}%)**"
        for c in COLUMNS
    ]
    out.append(f"| **{label}** | {' | '.join(cells)} | **{total['junk']}** |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "dev")
    parser.add_argument("--out", type=Path, default=None, help="also write the table here (Markdown)")
    parser.add_argument(
        "--holdout", action="store_true", help="also score eval/holdout/* (gold beside each corpus folder)"
    )
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "DEALCLAIMS_CACHE_DIR": str(work / "cache")}  # cold: nothing from other runs
        rows = {
            f"{folder.parent.name}/{folder.name}": score_corpus(folder, args.dev, work, env)
            for folder in materialize(args.dev, work / "corpora")
        }
        held = {
            f"holdout/{folder.name}": score_corpus(
                folder, args.dev, work, env, HOLDOUT / f"{folder.name}.gold.json"
            )
            for folder in (holdout_corpora() if args.holdout else [])
        }
    lines = [
        *table(rows),
        *(["", *table(held, "holdout total")] if held else []),
        "",
        f"seeds (examples/evaluate_seeds.py): {seeds_line()}",
        f"({time.monotonic() - started:.0f} s)",
    ]
    print("\n".join(lines))
    if args.out is not None:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
