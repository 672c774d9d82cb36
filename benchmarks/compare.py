"""Throughput of two versions of dealclaims side by side, with the bare ``nlp.pipe`` floor, rounds interleaved.

    .venv/bin/python benchmarks/compare.py [--rev 40f3e87] [--size 1000] [--rounds 3]

Why: a ratio to the floor moves with the machine's load (the floor is one process, dealclaims two), so a
ratio measured on another day is no baseline. This script runs, in each round and in turn, the floor, the
old revision's ``src/`` (``git archive REV src``) and the working tree's (a frozen copy), all cold
(``--no-cache``) over the same Reuters articles (``bench.unpack``), and prints per command the median wall
time, the median CPU time (user + system of the process and its workers, which the load moves less), and
the throughput ratio floor / command. The default revision is the one whose ``benchmarks/RESULTS.md`` gave
1.59x. Nothing is written to the repository.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import CORPUS, FLOOR_PIPE, MODEL, ROOT, snapshot, unpack


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, workers included) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env}, cwd=ROOT
    )
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def old_source(rev: str, work: Path) -> dict[str, str]:
    """``src/`` of revision ``rev`` unpacked into ``work``; the environment that imports it."""
    data = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(work, filter="data")
    return {"PYTHONPATH": str(work / "src")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rev", default="40f3e87", help="the older revision to compare with")
    parser.add_argument("--size", type=int, default=1000, help="articles")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dc-compare-") as tmp:
        work = Path(tmp)
        folder = work / "articles"
        unpack(args.corpus, args.size, folder)
        (work / "floor.py").write_text(FLOOR_PIPE)
        reconcile = [
            sys.executable,
            "-m",
            "dealclaims",
            "reconcile",
            str(folder),
            "--json",
            "--no-cache",
            "-q",
        ]
        commands = {
            "nlp.pipe floor (1 process)": ([sys.executable, str(work / "floor.py"), str(folder), MODEL], {}),
            f"dealclaims at {args.rev}": (reconcile, old_source(args.rev, work / "old")),
            "dealclaims (this tree)": (reconcile, snapshot(work / "new")),
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for r in range(args.rounds):
            for name, (cmd, env) in commands.items():
                times[name].append(timed(cmd, env))
                wall, cpu = times[name][-1]
                print(f"round {r + 1}: {name}: {wall:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr)
    floor = statistics.median(w for w, _ in times["nlp.pipe floor (1 process)"])
    print(
        f"\n{args.size} Reuters articles, {args.rounds} interleaved rounds, medians; load {os.getloadavg()[0]:.2f}"
    )
    print("| command | wall | CPU | throughput ratio (floor wall / wall) |")
    print("|---|---|---|---|")
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"| {name} | {wall:.1f} s | {cpu:.1f} s | {floor / wall:.2f}x |")


if __name__ == "__main__":
    main()
