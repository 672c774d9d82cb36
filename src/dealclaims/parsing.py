"""Parsing a corpus: articles -> Extractions through ``nlp.pipe``, in bounded windows, one failure costing one article.

Errors are caught per document inside the parse stream, so a crash never breaks the stream (or deadlocks
the parallel mode): the failed article is parsed again alone. Long bodies are parsed in windows of at most
``Settings.window_chars`` with offsets into the whole article; runs of punctuation are guarded.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from dealclaims.models import (
    Article,
    Extraction,
    Settings,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Progress = Callable[[int, int], None]  # (articles done, articles in all), called as extraction advances


FAILED = "extraction failed"


# Below this many articles to parse, a second process costs more to start than it saves (benchmarks/).
PARALLEL_MIN_ARTICLES = 200


def parse_processes(n_articles: int, settings: Settings) -> int:
    """``settings.n_process`` when set; else 2 processes (when 2 cores are ours) for a large corpus, else 1."""
    if settings.n_process > 0:
        return settings.n_process
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(2, cores) if n_articles >= PARALLEL_MIN_ARTICLES else 1


def extract_all(
    articles: list[Article], nlp: Language, settings: Settings, progress: Progress | None = None
) -> list[Extraction]:
    """Parse and extract every article; a crash in one article becomes a warning on that article.

    Each article is parsed in windows of at most ``settings.window_chars`` characters (``split_windows``), so
    no text reaches spaCy's ``max_length`` and memory stays bounded however long the article. Errors never
    break the stream: a component error drops its docs (our error handler), an extraction error is caught per
    article, and an article missing from the stream is then parsed again alone (``_extract_alone``).
    """
    windows = {a.id: window_articles(a, settings.window_chars) for a in articles}
    processes = parse_processes(len(articles), settings)
    results: dict[int, Extraction] = {}
    _set_error_handler(nlp, _drop_on_error)
    try:
        breaks = 0
        while breaks < STREAM_RESTARTS:
            todo = [i for i in range(len(articles)) if i not in results]
            short = [i for i in todo if len(windows[articles[i].id]) == 1]
            group = short or todo  # short articles first, in big batches; then the long ones
            if not group:
                break
            if not _parse_stream(articles, group, windows, nlp, processes, settings, results, progress):
                breaks += 1
                first = min(i for i in group if i not in results)  # the article the stream broke on
                results[first] = _extract_alone(articles[first], windows[articles[first].id], nlp)
    finally:
        _set_error_handler(nlp, _raise_on_error)
    for i, article in enumerate(articles):  # the stream broke too often: one article at a time
        if i not in results:
            results[i] = _extract_alone(article, windows[article.id], nlp)
            if progress is not None:
                progress(len(results), len(articles))
    return [results[i] for i in range(len(articles))]


STREAM_RESTARTS = 4  # a broken parse stream is restarted after its article is retried alone, this often


BATCH_CHARS = 100_000  # characters parsed together at most (unless one article is longer): bounds memory


def _parse_stream(
    articles: list[Article],
    todo: list[int],
    windows: dict[str, list[Article]],
    nlp: Language,
    processes: int,
    settings: Settings,
    results: dict[int, Extraction],
    progress: Progress | None,
) -> bool:
    """Parse the ``todo`` articles in one ``nlp.pipe`` stream into ``results``; False if the stream broke.

    Windows travel with their (article, window) numbers (``as_tuples``), so a doc dropped by a component
    error is noticed and its article parsed again alone rather than misaligning the others.
    """
    stream = ((guard_text(w.body), (i, j)) for i in todo for j, w in enumerate(windows[articles[i].id]))
    # a batch of whole windows would hold a long article's parse in memory at once: batch by characters
    longest = max(len(w.body) for i in todo for w in windows[articles[i].id])
    batch_size = max(1, min(settings.batch_size, BATCH_CHARS // max(longest, 1)))
    docs = nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=processes)
    current, parts = -1, list[Extraction]()
    try:
        for doc, (i, j) in docs:
            if i != current:  # a new article begins: the last one is complete only if no window was lost
                _finish(articles, windows, current, parts, results, nlp, progress)
                current, parts = i, []
            if j == len(parts):
                parts.append(_extract_window(doc, windows[articles[i].id][j]))
        _finish(articles, windows, current, parts, results, nlp, progress)
    except Exception:  # the stream itself broke (a parser error, a dead worker)
        return False
    finally:
        close = getattr(docs, "close", None)  # a generator: closing it stops a broken stream's workers
        if close is not None:
            close()
    return True


def _finish(
    articles: list[Article],
    windows: dict[str, list[Article]],
    index: int,
    parts: list[Extraction],
    results: dict[int, Extraction],
    nlp: Language,
    progress: Progress | None,
) -> None:
    """Record article ``index`` from its window extractions, or parse it alone if a window failed or is lost."""
    if index < 0 or index in results:
        return
    article = articles[index]
    if len(parts) == len(windows[article.id]) and not any(p.failed for p in parts):
        results[index] = merge_extractions(article, parts)
    else:
        results[index] = _extract_alone(article, windows[article.id], nlp)
    if progress is not None:
        progress(len(results), len(articles))


def _extract_window(doc: Doc, window: Article) -> Extraction:
    """``extract_article`` with its error caught: a crash is a failed Extraction, never a broken stream."""
    from dealclaims.extract import extract_article  # imports spaCy: only when something is parsed

    try:
        return extract_article(doc, window)
    except Exception as err:  # any bug in a rule must cost one article, not the run
        warning = f"{FAILED}: {type(err).__name__}: {err}"
        return Extraction(article_id=window.id, warnings=[warning], failed=True)


def _extract_alone(article: Article, windows: list[Article], nlp: Language) -> Extraction:
    """Parse and extract one article by itself, in this process; any error fails this article only."""
    parts = []
    for window in windows:
        try:
            doc = nlp(guard_text(window.body))
        except Exception as err:
            warning = f"{FAILED}: {type(err).__name__}: {err}"
            return Extraction(article_id=article.id, warnings=[warning], failed=True)
        parts.append(_extract_window(doc, window))
        if parts[-1].failed:
            return parts[-1]
    return merge_extractions(article, parts)


def _raise_on_error(proc_name: str, proc: object, docs: object, err: Exception) -> None:
    raise err


def _drop_on_error(proc_name: str, proc: object, docs: object, err: Exception) -> None:
    """A component failed on these docs: they leave the stream and are parsed again alone."""


def _set_error_handler(nlp: Language, handler: Callable[[str, object, object, Exception], None]) -> None:
    """``nlp.set_error_handler`` for the components that take one (spaCy 3.8's parser and NER do not)."""
    for _, proc in nlp.pipeline:
        try:
            proc.set_error_handler(handler)  # type: ignore[attr-defined]
        except AttributeError:
            continue


def split_windows(text: str, budget: int) -> list[tuple[int, int]]:
    """``[start, end)`` pieces that cover ``text``, each at most ``budget`` characters.

    A piece ends after the last paragraph break in its second half, else after the last sentence end
    (". ", "! ", "? "), else after the last space, else at the budget: a cut through a word only when there
    is no space in half a window.
    """
    pieces: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > budget:
        low, high = start + budget // 2, start + budget
        cut = text.rfind("\n\n", low, high)
        cut = cut + 2 if cut >= 0 else -1
        if cut < 0:
            cut = max(text.rfind(mark, low, high - 1) for mark in (". ", "! ", "? "))
            cut = cut + 2 if cut >= 0 else -1
        if cut < 0:
            cut = text.rfind(" ", low, high)
            cut = cut + 1 if cut >= 0 else high
        pieces.append((start, cut))
        start = cut
    pieces.append((start, n))
    return pieces


def window_articles(article: Article, budget: int) -> list[Article]:
    """The article as windows: copies whose ``body`` is one piece and whose ``body_map`` is that piece's
    slice, so every offset a window's extraction gives already points into the whole ``article.text``."""
    if len(article.body) <= budget:
        return [article]
    return [
        article.model_copy(update={"body": article.body[s:e], "body_map": article.body_map[s : e + 1]})
        for s, e in split_windows(article.body, budget)
    ]


def merge_extractions(article: Article, parts: list[Extraction]) -> Extraction:
    """One Extraction from its windows' (in order): sentence numbers continue across windows."""
    if len(parts) == 1:
        return parts[0]
    merged = Extraction(article_id=article.id)
    for part in parts:
        shift = len(merged.sentences)
        merged.mentions.extend(m.model_copy(update={"sentence": m.sentence + shift}) for m in part.mentions)
        merged.claims.extend(part.claims)
        merged.warnings.extend(w for w in part.warnings if w not in merged.warnings)
        merged.sentences.extend(part.sentences)
    return merged


# A run of punctuation longer than this is not prose; the tokenizer strips such a run one character at a time
# (quadratic), so ``guard_text`` blanks the rest of the run. Offsets are kept: the text keeps its length.
PUNCT_RUN = 8


_PUNCT_RUN = re.compile(rf"[^\w\s]{{{PUNCT_RUN + 1},}}")


def guard_text(text: str) -> str:
    """``text`` with each punctuation run cut to ``PUNCT_RUN`` characters and the rest turned into spaces."""
    return _PUNCT_RUN.sub(lambda m: m.group()[:PUNCT_RUN] + " " * (len(m.group()) - PUNCT_RUN), text)
