"""Parsing a corpus: articles -> Extractions through ``nlp.pipe``, in bounded windows, one failure costing one article.

Articles go in chunks, in this process or in forked workers (``parallel``) that parse and extract them.
Errors are caught per window, so a crash never breaks a chunk (or the parallel mode): a failed article is
parsed again alone. Long bodies are parsed in windows of at most ``Settings.window_chars`` with offsets into
the whole article; runs of punctuation are guarded.
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


# Below this many articles to parse, a second process saves nothing: measured with forked workers
# (`/usr/bin/time dealclaims reconcile N Reuters articles --no-cache --jobs 1|2`, medians of 2): 15 and 30
# articles even (one chunk of `batch_size` articles is one worker's work), 60: 3.7 -> 3.25 s, 120: 5.1 -> 3.9 s.
PARALLEL_MIN_ARTICLES = 50


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
    no text reaches spaCy's ``max_length`` and memory stays bounded however long the article. Articles go in
    chunks (``chunk_articles``) to worker processes that parse *and* extract them (``parallel``): only the
    small Extractions travel back, never a Doc. Errors never cost more than their article: an extraction
    error is caught per window, and when a component fails the rest of its chunk is parsed one article at a
    time (``extract_chunk``). Chunks a dead worker leaves behind are extracted in this process.
    """
    windows = [window_articles(a, settings.window_chars) for a in articles]
    chunks = chunk_articles(windows, settings.batch_size)
    results: dict[int, Extraction] = {}

    def record(done: list[tuple[int, Extraction]]) -> None:
        results.update(done)
        if progress is not None:
            progress(len(results), len(articles))

    processes = parse_processes(len(articles), settings)
    if processes > 1 and len(chunks) > 1:
        from dealclaims.parallel import run_chunks

        # The first article here, before the fork: it loads the gazetteers and tables the rules read on
        # first use, once, and the workers inherit them instead of each loading its own copy.
        record(extract_chunk(nlp, [(chunks[0][0], windows[chunks[0][0]])]))
        rest = [[(i, windows[i]) for i in chunk if i not in results] for chunk in chunks]
        run_chunks(nlp, [chunk for chunk in rest if chunk], processes, record)
    for chunk in chunks:  # one process, or what a dead worker left
        todo = [(i, windows[i]) for i in chunk if i not in results]
        if todo:
            record(extract_chunk(nlp, todo))
    return [results[i] for i in range(len(articles))]


BATCH_CHARS = 100_000  # characters parsed together at most (unless one article is longer): bounds memory


def chunk_articles(windows: list[list[Article]], size: int) -> list[list[int]]:
    """Article numbers in runs of at most ``size`` articles and ``BATCH_CHARS`` characters, in order."""
    chunks: list[list[int]] = []
    chars = 0
    for i, parts in enumerate(windows):
        n = sum(len(w.body) for w in parts)
        if not chunks or len(chunks[-1]) >= size or chars + n > BATCH_CHARS:
            chunks.append([])
            chars = 0
        chunks[-1].append(i)
        chars += n
    return chunks


Chunk = list[tuple[int, list[Article]]]  # (article number, its windows)


def extract_chunk(nlp: Language, chunk: Chunk) -> list[tuple[int, Extraction]]:
    """Parse a chunk's windows in one ``nlp.pipe`` and extract each; never raises.

    When a component raises, the stream stops: the articles it had finished are kept, the others are
    parsed one at a time (``_extract_alone``), so a failing article costs only itself.
    """
    flat = [(i, j, w) for i, parts in chunk for j, w in enumerate(parts)]
    longest = max((len(w.body) for _, _, w in flat), default=1)
    batch_size = max(1, min(len(flat), BATCH_CHARS // max(longest, 1)))
    of = dict(chunk)
    done: list[tuple[int, Extraction]] = []
    parts: list[Extraction] = []
    try:
        docs = nlp.pipe((guard_text(w.body) for _, _, w in flat), batch_size=batch_size)
        for doc, (i, j, window) in zip(docs, flat):
            parts.append(_extract_window(doc, window))
            if j == len(of[i]) - 1:  # the article's last window
                done.append((i, _merged(nlp, of[i], parts)))
                parts = []
    except Exception:  # a component failed: the rest of the chunk one article at a time
        finished = {i for i, _ in done}
        done.extend((i, _extract_alone(windows, nlp)) for i, windows in chunk if i not in finished)
    return done


def _merged(nlp: Language, windows: list[Article], parts: list[Extraction]) -> Extraction:
    """The article from its windows' extractions, or parsed again alone when one of them failed."""
    if any(p.failed for p in parts):
        return _extract_alone(windows, nlp)
    return merge_extractions(windows[0], parts)


def _extract_window(doc: Doc, window: Article) -> Extraction:
    """``extract_article`` with its error caught: a crash is a failed Extraction, never a broken stream."""
    from dealclaims.extract import extract_article  # imports spaCy: only when something is parsed

    try:
        return extract_article(doc, window)
    except Exception as err:  # any bug in a rule must cost one article, not the run
        warning = f"{FAILED}: {type(err).__name__}: {err}"
        return Extraction(article_id=window.id, warnings=[warning], failed=True)


def _extract_alone(windows: list[Article], nlp: Language) -> Extraction:
    """Parse and extract one article (its windows) by itself; any error fails this article only."""
    parts = []
    for window in windows:
        try:
            doc = nlp(guard_text(window.body))
        except Exception as err:
            warning = f"{FAILED}: {type(err).__name__}: {err}"
            return Extraction(article_id=window.id, warnings=[warning], failed=True)
        parts.append(_extract_window(doc, window))
        if parts[-1].failed:
            return parts[-1]
    return merge_extractions(windows[0], parts)


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
