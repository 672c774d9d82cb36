"""Property tests: loader, figure parser and the whole pipeline on text made from real article sentences.

Fast settings here (CI); ``fuzz/run_fuzz.py`` runs the same strategies with many more examples. Properties:
never an unhandled exception (nor a caught crash reported as "extraction failed"), offsets always inside
the text, every evidence span's text equal to the source text at its offsets, and the JSON valid against
``dealclaims schema``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import document_texts
from dealclaims.errors import NoArticlesFound, UnreadableArticle
from dealclaims.extract.figures import find_changes, find_figures, find_qualifiers
from dealclaims.formats import render_json, report_schema
from dealclaims.load import article_from_bytes
from dealclaims.models import Report, Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SENTENCES = sorted(
    {
        sentence
        for path in SEEDS.glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        for sentence in re.split(r"(?<=[.!?])\s+", line.strip())
        if sentence
    }
)
JUNK = [
    '"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "(", ")", "\u200b", "\ufeff", "\u00ad", "\t", "\r",
    "\r\n",
    "\n", "\n\n", "\u00a0", "\u2014", "\u2026", "$", "%", "\u20ac", "Rs ", "\x07", "\x1b", "\ufffd", "\u0e42",
    "\u00e2\u20ac\u2122", "<p>", "#", "By ", "CAIRO: ", "\U0001f600", "\u05b1", "\u0301", "\u202e",
]  # fmt: skip
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIPELINE = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def article_texts(draw: st.DrawFn, max_sentences: int = 12) -> str:
    """Real seed sentences, shuffled into lines and paragraphs, some cut short, with junk injected."""
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=max_sentences))
    parts: list[str] = []
    for sentence in sentences:
        if draw(st.integers(0, 5)) == 0:
            sentence = sentence[: draw(st.integers(0, len(sentence)))]
        parts.append(sentence)
        parts.append(draw(st.sampled_from([" ", " ", "\n", "\n\n"])))
    text = "".join(parts)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(JUNK) | st.text(max_size=3)) + text[at:]
    return text


def encodings() -> st.SearchStrategy[str]:
    return st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])


@st.composite
def article_bytes(draw: st.DrawFn) -> bytes:
    """An article text in some encoding; characters the encoding lacks are replaced, as a real file would."""
    return draw(article_texts()).encode(draw(encodings()), errors="replace")


@st.composite
def mutated_seeds(draw: st.DrawFn) -> bytes:
    """A whole seed file's bytes with a few random edits: bytes inserted, ranges deleted or repeated."""
    data = draw(st.sampled_from(SEED_BYTES))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        end = draw(st.integers(at, min(len(data), at + 200)))
        edit = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if edit == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif edit == "delete":
            data = data[:at] + data[end:]
        else:
            data = data[:end] + data[at:end] + data[end:]
    return data


SEED_BYTES = [path.read_bytes() for path in sorted(SEEDS.glob("*.txt"))]


def evidence_spans(node: Any) -> Iterator[dict[str, Any]]:
    """Every ``{"source", "text", "start", "end"}`` object anywhere in the report JSON."""
    if isinstance(node, dict):
        if {"source", "text", "start", "end"} <= node.keys():
            yield node
        for value in node.values():
            yield from evidence_spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from evidence_spans(value)


# ---------------------------------------------------------------- loader


def _check_article(data: bytes) -> None:
    try:
        article = article_from_bytes(data, "fuzz.txt")
    except UnreadableArticle:
        return
    assert article.text and len(article.body_map) == len(article.body) + 1
    assert all(0 <= offset <= len(article.text) for offset in article.body_map)
    assert article.body_map == sorted(article.body_map)
    for block in article.blocks:
        assert article.text[block.start : block.end] == block.text


@FAST
@given(st.binary(max_size=2000))
def test_loader_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    _check_article(data)


@FAST
@given(article_bytes() | mutated_seeds())
def test_loader_on_article_text_in_any_encoding(data: bytes) -> None:
    _check_article(data)


# ---------------------------------------------------------------- figures


def _check_figures(text: str) -> None:
    figures = find_figures(text)
    for figure in figures:
        assert 0 <= figure.start < figure.end <= len(text)
        assert text[figure.start : figure.end] == figure.text
        for qualifier in find_qualifiers(text, figure):
            assert 0 <= qualifier.start <= qualifier.end <= len(text)
            assert text[qualifier.start : qualifier.end] == qualifier.text
    for change in find_changes(text, figures):
        assert text[change.start : change.end] == change.text


@FAST
@given(article_texts(max_sentences=4))
def test_figure_parser_on_article_sentences(text: str) -> None:
    _check_figures(text)


# ---------------------------------------------------------------- whole pipeline


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``run(texts) -> Report | None``: the whole pipeline over files holding ``texts``; nlp built once."""
    from dealclaims import pipeline
    from dealclaims.nlp import build_nlp

    nlp = build_nlp(Settings())
    folder = tmp_path_factory.mktemp("fuzz")

    def run(texts: list[bytes]) -> Report | None:
        for old in folder.iterdir():
            old.unlink()
        for number, data in enumerate(texts):
            (folder / f"a{number}.txt").write_bytes(data)
        try:
            return pipeline.build_report([folder], Settings(cache=False), nlp=nlp)
        except NoArticlesFound:
            return None

    yield run


def check_report(report: Report) -> int:
    """The invariants every report must keep; returns the number of evidence spans checked."""
    texts = document_texts(sorted({d.path for d in report.documents}))
    for doc in report.documents:
        assert not any(w.startswith("extraction failed") for w in doc.warnings), doc.warnings
    data = json.loads(render_json(report))
    jsonschema.validate(data, SCHEMA)
    spans = list(evidence_spans(data))
    for span in spans:
        text = texts[span["source"]]
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        assert text[span["start"] : span["end"]] == span["text"], span
    return len(spans)


SCHEMA = json.loads(report_schema())


@PIPELINE
@given(st.lists(article_bytes() | mutated_seeds(), min_size=1, max_size=3))
def test_pipeline_on_shuffled_damaged_articles(pipeline_run: Any, texts: list[bytes]) -> None:
    report = pipeline_run(texts)
    if report is not None:
        check_report(report)
