"""A long fuzz session over the loader, the figure parser and the whole pipeline (not run in CI).

Same strategies and invariants as tests/test_properties.py, with many more examples, in batches until a
time budget is spent. Prints the number of inputs tried per target and every failure found.

    .venv/bin/python fuzz/run_fuzz.py --minutes 5
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import test_properties as props

BATCH = settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
PIPELINE_BATCH = settings(
    max_examples=50, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
tried: dict[str, int] = {}


def counted(name: str, check: Callable[..., None]) -> Callable[..., None]:
    def run(value: Any) -> None:
        tried[name] = tried.get(name, 0) + 1
        check(value)

    return run


def targets(pipeline_run: Callable[[list[bytes]], Any]) -> dict[str, tuple[Callable[[], None], float]]:
    """name -> (one batch of the property, share of the time budget)."""
    loader_bytes = counted("loader: arbitrary bytes", props._check_article)
    loader_text = counted("loader: article text, any encoding", props._check_article)
    figures = counted("figures: article sentences", props._check_figures)

    def pipeline(texts: list[bytes]) -> None:
        report = pipeline_run(texts)
        if report is not None:
            tried["evidence spans checked"] = tried.get("evidence spans checked", 0) + props.check_report(
                report
            )

    whole = counted("pipeline: 1-3 damaged articles", pipeline)
    articles = props.article_bytes() | props.mutated_seeds()
    return {
        "loader: arbitrary bytes": (BATCH(given(st.binary(max_size=5000))(loader_bytes)), 0.15),
        "loader: article text, any encoding": (
            BATCH(given(props.article_bytes() | props.mutated_seeds())(loader_text)),
            0.15,
        ),
        "figures: article sentences": (BATCH(given(props.article_texts(max_sentences=4))(figures)), 0.1),
        "pipeline: 1-3 damaged articles": (
            PIPELINE_BATCH(given(st.lists(articles, min_size=1, max_size=3))(whole)),
            0.6,
        ),
    }


def make_pipeline_run(folder: Path) -> Callable[[list[bytes]], Any]:
    from dealclaims import pipeline
    from dealclaims.errors import NoArticlesFound
    from dealclaims.models import Settings
    from dealclaims.nlp import build_nlp

    nlp = build_nlp(Settings())
    folder.mkdir(parents=True, exist_ok=True)

    def run(texts: list[bytes]) -> Any:
        for old in folder.iterdir():
            old.unlink()
        for number, data in enumerate(texts):
            (folder / f"a{number}.txt").write_bytes(data)
        try:
            return pipeline.build_report([folder], Settings(cache=False), nlp=nlp)
        except NoArticlesFound:
            return None

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dealclaims-fuzz"))
    args = parser.parse_args()
    budget = args.minutes * 60
    failures: list[str] = []
    for name, (batch, share) in targets(make_pipeline_run(args.workdir)).items():
        end = time.monotonic() + budget * share
        while time.monotonic() < end:
            try:
                batch()
            except Exception:
                failures.append(f"{name}:\n{traceback.format_exc(limit=3)}")
                if len(failures) > 20:
                    break
        print(f"{name}: {tried.get(name, 0)} inputs", flush=True)
    spans = tried.pop("evidence spans checked", 0)
    print(f"total: {sum(tried.values())} inputs, {spans} evidence spans checked, {len(failures)} failures")
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
