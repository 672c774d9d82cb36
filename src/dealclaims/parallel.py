"""Chunks of articles parsed and extracted in worker processes: only Extractions travel back.

spaCy's own ``nlp.pipe(n_process=…)`` sends every parsed Doc back as bytes, and with ``as_tuples`` it also
tokenises and serialises every input in the parent: measured on 1,000 Reuters articles, the parent spent
more CPU on that traffic and on extraction than the workers saved. Here each worker (forked, so it shares
the loaded model) runs ``parsing.extract_chunk`` — parse *and* extract — and returns the small
Extractions. The contract:

- a worker never takes the run down: errors are caught per article inside ``extract_chunk``; a worker that
  dies (killed by the system) breaks the pool, and the chunks it leaves are extracted by the caller;
- Ctrl-C: workers ignore SIGINT, the parent's ``KeyboardInterrupt`` terminates them before it propagates,
  and a worker whose parent died is sent SIGTERM by the kernel (Linux), so no worker outlives the run.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
import sys
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING

from dealclaims.models import Extraction
from dealclaims.parsing import Chunk, extract_chunk

if TYPE_CHECKING:
    from spacy.language import Language

Done = Callable[[list[tuple[int, Extraction]]], None]

_nlp: Language | None = None  # the worker's pipeline, inherited from the parent by fork


def can_fork() -> bool:
    """Workers share the parent's loaded model only when forked (Linux; not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def run_chunks(nlp: Language, chunks: list[Chunk], processes: int, done: Done) -> None:
    """Extract ``chunks`` in ``processes`` forked workers, calling ``done`` as each chunk finishes.

    Returns early, with chunks left undone, if the pool breaks; the caller extracts what is missing.
    At most two chunks per worker are in flight, so the queued inputs and results stay small.
    """
    if not can_fork():
        return
    # What exists now (the model, above all) is never garbage: out of the collector's sight, the workers'
    # collections neither walk it nor write to its pages, which the fork shares until written (the Python docs'
    # advice for ``gc.freeze``).
    gc.freeze()
    pool = ProcessPoolExecutor(
        processes, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker, initargs=(nlp,)
    )
    try:
        pending: set[Future[list[tuple[int, Extraction]]]] = set()
        todo = iter(chunks)
        for chunk in todo:
            pending.add(pool.submit(_work, chunk))
            if len(pending) < 2 * processes:
                continue
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                done(future.result())
        for future in pending:
            done(future.result())
    except BaseException as err:
        _terminate(pool)
        if not isinstance(err, Exception):  # KeyboardInterrupt, SystemExit: after the workers are gone
            raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now (``ProcessPoolExecutor.terminate_workers`` from Python 3.14 on)."""
    stop = getattr(pool, "terminate_workers", None)
    if stop is not None:
        stop()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _start_worker(nlp: Language) -> None:
    """In the worker: keep the pipeline, leave Ctrl-C to the parent, die with the parent."""
    global _nlp
    _nlp = nlp
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _fresh_stderr()
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: SIGTERM when the parent dies
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still stops the workers
        pass


def _fresh_stderr() -> None:
    """A stderr of the worker's own: the fork may have copied the stream's lock while the parent's progress
    thread held it, and a library warning written through that copy would wait for it for ever."""
    with contextlib.suppress(OSError):  # stderr closed: nothing to write to anyway
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115


def _work(chunk: Chunk) -> list[tuple[int, Extraction]]:
    assert _nlp is not None, "worker started without a pipeline"
    return extract_chunk(_nlp, chunk)
