"""Parse + extract throughput of one variant, in-process, over N articles of a folder (one variant per process).

    .venv/bin/python benchmarks/throughput.py FOLDER N VARIANT   # VARIANT: base|b64|b128|numpy|np2|stages

Writes the extractions to /tmp/throughput_<VARIANT>.json so variants can be checked byte for byte against
``base`` (``cmp``): a speed-up that changes a single claim is not one. ``stages`` times each pipeline
component separately (component by component over the whole batch) and then our extractors.
"""

from __future__ import annotations

import json
import sys
import time

from dealclaims.load import discover_paths, load_articles
from dealclaims.models import Settings
from dealclaims.nlp import build_nlp
from dealclaims.parsing import extract_all


def main() -> None:
    folder, n, variant = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    settings = Settings(
        n_process=2 if variant == "np2" else 1, batch_size={"b64": 64, "b128": 128}.get(variant, 32)
    )
    paths, _ = discover_paths([folder], settings)
    articles, _ = load_articles(sorted(paths)[:n], settings)
    articles.sort(key=lambda a: a.id)
    if variant == "numpy":
        from thinc.api import NumpyOps, set_current_ops

        set_current_ops(NumpyOps())
    nlp = build_nlp(settings)
    if variant == "stages":
        stages(nlp, articles)
        return
    start = time.perf_counter()
    out = extract_all(articles, nlp, settings)
    took = time.perf_counter() - start
    with open(f"/tmp/throughput_{variant}.json", "w", encoding="utf-8") as fh:
        json.dump([e.model_dump(mode="json") for e in out], fh, sort_keys=True)
    print(f"{variant}: {len(articles)} articles in {took:.2f} s = {len(articles) / took:.1f} articles/s")


def stages(nlp, articles) -> None:  # type: ignore[no-untyped-def]
    from dealclaims.extract import extract_article

    docs = [nlp.make_doc(a.body) for a in articles]
    times: dict[str, float] = {}
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        times[name] = time.perf_counter() - start
    start = time.perf_counter()
    for doc, article in zip(docs, articles):
        extract_article(doc, article)
    times["dealclaims extractors"] = time.perf_counter() - start
    total = sum(times.values())
    for name, took in times.items():
        print(f"| {name} | {took:.2f} s | {100 * took / total:.0f}% |")


if __name__ == "__main__":
    main()
