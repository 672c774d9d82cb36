"""Shared fixtures: a hand-built Report, a pinned-width CliRunner, and a stand-in for build_report."""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from typer.testing import CliRunner

import dealclaims
from dealclaims.models import (
    Conflict,
    DocumentInfo,
    Entity,
    Evidence,
    Fact,
    Qualifier,
    Report,
    Settings,
    Skipped,
    Variant,
)

QUOTE = "USSM will invest about $500 million in the first phase of the project, " * 4  # > 160 chars


def _evidence(source: str, text: str = QUOTE) -> Evidence:
    return Evidence(source=source, text=text, start=0, end=len(text))


@pytest.fixture
def report() -> Report:
    """Three documents, an ORG and a PERSON, a qualified money fact, a qualifier_mismatch, a skipped file."""
    ids = ["dawn", "tribune", "wire"]
    docs = [DocumentInfo(id=i, path=f"seeds/{i}.txt", chars=1000, sha256="0" * 64) for i in ids]
    docs[2].warnings.append("repaired mojibake")
    first_phase = [
        Qualifier(kind="hedge", value="approximately", text="about"),
        Qualifier(kind="scope", value="first phase", text="in the first phase"),
    ]
    money = {"kind": "money", "currency": "USD", "amount": "500000000"}  # keys deliberately unsorted
    return Report(
        headline="USSM and FWO sign critical-minerals MoU",
        documents=docs,
        skipped=[Skipped(path="seeds/broken.bin", reason="binary file")],
        entities=[
            Entity(id="org_ussm", type="ORG", name="U.S. Strategic Metals", aliases=["USSM"], sources=ids),
            Entity(
                id="per_baker",
                type="PERSON",
                name="Natalie Baker",
                titles=["Chargé d’Affaires"],
                titles_by_source={"wire": ["Chargé d’Affaires"], "dawn": ["Chargé d’Affaires"]},
                sources=["dawn", "wire"],
            ),
        ],
        facts=[
            Fact(
                id="f1",
                slot="investment",
                subject="org_ussm",
                value=money,
                text="$500 million",
                qualifiers=first_phase,
                support=2,
                sources=["dawn", "wire"],
                evidence=[_evidence("dawn"), _evidence("wire")],
            ),
            Fact(
                id="f2",
                slot="signatories",
                text="USSM and FWO",
                support=3,
                sources=ids,
                evidence=[_evidence("dawn", "signed an MoU with FWO")],
            ),
        ],
        conflicts=[
            Conflict(
                id="c1",
                slot="investment",
                subject="org_ussm",
                kind="qualifier_mismatch",
                explanation="Same amount; only some sources say it covers the first phase.",
                variants=[
                    Variant(
                        value=money,
                        text="$500 million",
                        qualifiers=first_phase[1:],
                        sources=["dawn", "wire"],
                        evidence=[_evidence("dawn")],
                    ),
                    Variant(
                        value=money,
                        text="$500 million",
                        sources=["tribune"],
                        evidence=[_evidence("tribune", "a $500 million deal")],
                    ),
                ],
            )
        ],
        single_source=[
            Fact(
                id="f3",
                slot="place",
                text="Prime Minister House, Islamabad",
                support=1,
                sources=["tribune"],
                evidence=[_evidence("tribune", "at Prime Minister House")],
            )
        ],
    )


@pytest.fixture(scope="session", autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or write the user's extraction cache (``DEALCLAIMS_CACHE_DIR``, see cache.py)."""
    old = os.environ.get("DEALCLAIMS_CACHE_DIR")
    os.environ["DEALCLAIMS_CACHE_DIR"] = str(tmp_path_factory.mktemp("extraction-cache"))
    yield
    if old is None:
        os.environ.pop("DEALCLAIMS_CACHE_DIR", None)
    else:
        os.environ["DEALCLAIMS_CACHE_DIR"] = old


@pytest.fixture
def runner() -> CliRunner:
    """A runner with an 100-column, non-colour terminal whatever the environment says."""
    return CliRunner(env={"COLUMNS": "100", "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1"})


@pytest.fixture
def stub_pipeline(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[..., Report]], None]:
    """Replace ``dealclaims.pipeline.build_report``; a stand-in module avoids importing spaCy."""

    def install(build_report: Callable[..., Report]) -> None:
        def run_pipeline(inputs: Any, settings: Any, progress: Any = None, nlp: Any = None) -> StubOutcome:
            return StubOutcome(build_report(inputs, settings), {})

        if "dealclaims.pipeline" in sys.modules:
            monkeypatch.setattr(sys.modules["dealclaims.pipeline"], "build_report", build_report)
            monkeypatch.setattr(sys.modules["dealclaims.pipeline"], "run_pipeline", run_pipeline)
            return
        module = types.ModuleType("dealclaims.pipeline")
        module.build_report = build_report  # type: ignore[attr-defined]
        module.run_pipeline = run_pipeline  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "dealclaims.pipeline", module)
        monkeypatch.setattr(dealclaims, "pipeline", module, raising=False)

    return install


class StubOutcome(NamedTuple):
    """``pipeline.Outcome`` without importing the pipeline."""

    report: Report
    texts: dict[str, str]


def document_texts(inputs: list[str | Path]) -> dict[str, str]:
    """Document id -> text, as the pipeline hands them to renderers (``pipeline.Outcome.texts``)."""
    from dealclaims.load import discover_paths, load_articles

    articles, _ = load_articles(discover_paths(inputs)[0], Settings(cache=False), None)
    return {a.id: a.text for a in articles}
