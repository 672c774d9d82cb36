"""The error contract on a hostile corpus: bad input never crashes dealclaims nor loses a good article.

The corpus is generated (tests/hostile_corpus.py). Loader-level tests need no spaCy; the end-to-end ones run
the CLI in a subprocess (so PYTHONHASHSEED and the locale really differ) and compare with the seeds' golden
report.
"""

from __future__ import annotations

import builtins
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from dealclaims.cli import app
from dealclaims.errors import NoArticlesFound
from dealclaims.formats import report_schema
from dealclaims.load import (
    article_from_bytes,
    discover_paths,
    load_articles,
    looks_like_html,
    other_language,
    read_article,
)
from dealclaims.models import Report, Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_corpus import (
    BIG_WORDS,
    NEUTRAL,
    SPANISH,
    URDU,
    Expect,
    big_text,
    can_read_unreadable,
    write_empty_folder,
    write_hostile_corpus,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "golden" / "seeds_report.json"
DEALCLAIMS = [sys.executable, "-m", "dealclaims"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Expect]]]:
    """The hostile folder (without the 50,000-word file) and what each file must get."""
    folder = tmp_path_factory.mktemp("corpus") / "hostile"
    expect = write_hostile_corpus(folder, big=False)
    if can_read_unreadable(folder):  # root reads a chmod 000 file: it is then a valid (neutral) article
        expect["unreadable.txt"] = Expect("used")
    yield folder, expect
    (folder / "unreadable.txt").chmod(0o644)  # let pytest clean up


def _outcomes(inputs: list[Path], settings: Settings | None = None) -> dict[str, tuple[str, str]]:
    """File name -> ("skip", reason) or ("used", "") after discovery and loading."""
    settings = settings or Settings()
    paths, skipped = discover_paths(inputs, settings)
    articles, unreadable = load_articles(paths, settings)
    out = {Path(item.path).name: ("skip", item.reason) for item in [*skipped, *unreadable]}
    out |= {Path(article.path).name: ("used", "") for article in articles}
    return out


# ---------------------------------------------------------------- the loader on the hostile corpus


def test_every_hostile_file_gets_its_outcome(corpus: tuple[Path, dict[str, Expect]]) -> None:
    folder, expect = corpus
    got = _outcomes([SEEDS, folder])
    for name, expected in expect.items():
        if expected.kind == "ignored":
            assert name not in got, name
        elif expected.kind == "used":
            assert got.get(name) == ("used", ""), name
        elif expected.kind == "duplicate":
            assert got.get(name) == ("skip", f"same content as {SEEDS / expected.reason}"), name
        else:
            assert got.get(name, ("missing", ""))[0] == "skip" and expected.reason in got[name][1], (
                name,
                got.get(name),
            )
    assert [name for name, outcome in got.items() if name.endswith(".txt") and name[:3].isdigit()] == [
        path.name for path in sorted(SEEDS.glob("*.txt"))
    ]
    assert all(
        outcome == ("used", "") for name, outcome in got.items() if name in {p.name for p in SEEDS.iterdir()}
    )
    assert "inside.txt" not in got  # sub-folders are not searched


def test_a_damaged_copy_of_a_seed_decodes_to_the_seed(corpus: tuple[Path, dict[str, Expect]]) -> None:
    folder, expect = corpus
    for name, expected in expect.items():
        if expected.kind == "duplicate":
            seed = (SEEDS / expected.reason).read_text(encoding="utf-8")
            assert read_article(folder / name).text.replace("\u0e42", "\u2019") == seed, name


def test_lone_surrogate_in_utf8_keeps_the_rest_of_the_text() -> None:
    seed = (SEEDS / "002_b0ff480cb5d96ada.txt").read_bytes()
    article = article_from_bytes(seed[:300] + b"\xed\xa0\x80" + seed[300:], "x.txt")
    assert article.encoding == "utf-8" and "replaced undecodable bytes" in article.warnings
    assert article.text.replace("\ufffd", "") == seed.decode("utf-8")
    ascii_only = article_from_bytes(b"The council met. \xed\xa0\x80 It rained.", "y.txt")
    assert (ascii_only.encoding, ascii_only.text) == (
        "utf-8",
        "The council met. \ufffd\ufffd\ufffd It rained.",
    )


def test_empty_folder_named_with_others_is_a_skip_not_a_stop(tmp_path: Path) -> None:
    write_empty_folder(tmp_path / "empty")
    got = _outcomes([tmp_path / "empty", SEEDS])
    assert got["empty"] == ("skip", "no .txt or .md files")
    assert got["figures.xlsx"] == ("skip", "not a .txt or .md file")
    assert sum(outcome == ("used", "") for outcome in got.values()) == 5


def test_only_empty_folders_raise_with_every_reason(tmp_path: Path) -> None:
    write_empty_folder(tmp_path / "empty")
    with pytest.raises(NoArticlesFound) as caught:
        discover_paths([tmp_path / "empty"])
    assert [item.reason for item in caught.value.skipped] == [
        "not a .txt or .md file",
        "no .txt or .md files",
    ]


def test_follow_symlinks_reads_a_link_out_of_the_folder(corpus: tuple[Path, dict[str, Expect]]) -> None:
    folder, _ = corpus
    got = _outcomes([folder], Settings(follow_symlinks=True))
    # read this time: it is the seed the repaired mojibake copy already gave
    assert got["outside_link.txt"] == ("skip", f"same content as {folder / 'mojibake_utf8.txt'}")
    assert got["loop.txt"] == ("skip", "symlink loop")


def test_symlink_inside_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("Headline\nThe council met on Monday.\n", encoding="utf-8")
    (tmp_path / "alias.txt").symlink_to("real.txt")
    paths, skipped = discover_paths([tmp_path])
    assert [path.name for path in paths] == ["alias.txt"] and skipped == []  # the same file once


def test_fifty_thousand_words_load(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(big_text(), encoding="utf-8")
    article = read_article(path)
    assert len(article.text.split()) >= BIG_WORDS
    assert len(article.body_map) == len(article.body) + 1 and article.body_map[-1] <= len(article.text)


@pytest.mark.slow
def test_fifty_thousand_words_through_the_pipeline(tmp_path: Path) -> None:
    """About 50 s on 2 cores at the time of writing (spaCy parse plus per-sentence extraction)."""
    path = tmp_path / "big.txt"
    path.write_text(big_text(), encoding="utf-8")
    result = _run(["reconcile", "--json", "--no-cache", str(path)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["documents"][0]["warnings"] == []


def test_a_folder_of_files_is_read_one_file_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(1_000):
        (tmp_path / f"a{i:04d}.txt").write_text(f"Note {i}\nThe council met on day {i}.\n", encoding="utf-8")
    open_now, most = 0, 0
    real_open, real_close = os.open, os.close
    real_fdopen = os.fdopen

    def counting_open(*args: Any, **kwargs: Any) -> int:
        nonlocal open_now, most
        open_now += 1
        most = max(most, open_now)
        return real_open(*args, **kwargs)

    class Counted:
        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def __enter__(self) -> Any:
            return self.stream.__enter__()

        def __exit__(self, *exc: object) -> None:
            nonlocal open_now
            open_now -= 1
            self.stream.__exit__(*exc)

    monkeypatch.setattr(builtins, "open", _forbidden)  # discovery lists names, it opens nothing
    monkeypatch.setattr(os, "open", _forbidden)
    paths, _ = discover_paths([tmp_path])
    monkeypatch.undo()
    monkeypatch.setattr(os, "open", counting_open)
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Counted(real_fdopen(*a, **k)))
    articles, skipped = load_articles(paths)
    assert real_close and len(articles) == 1_000 and skipped == [] and most == 1


def _forbidden(*_: Any, **__: Any) -> None:
    raise AssertionError("a file was opened during discovery")


@pytest.mark.slow
def test_ten_thousand_files(tmp_path: Path) -> None:
    for i in range(10_000):
        (tmp_path / f"a{i:05d}.txt").write_text(f"Note {i}\nThe council met on day {i}.\n", encoding="utf-8")
    articles, skipped = load_articles(discover_paths([tmp_path])[0])
    assert len(articles) == 10_000 and skipped == []


# ---------------------------------------------------------------- plain-text checks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>The deal.</p></body></html>", True),
        ("\n  <!-- saved from url -->\n<html lang='en'><p>The deal.</p>", True),
        ('<div class="story"><p>A</p></div>' * 10 + "The council met.", True),
        ("The deal was signed.<br>\nIt is worth $5 million.<br>\n" * 3, False),  # a few inline tags
        ("Shares of <Acme Holdings Ltd> and <Borealis Mining Corp> rose. " * 12, False),  # wire notation
        ("Use the <p> tag for paragraphs, said the guide.", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


FRENCH = (
    "Le gouvernement a annoncé hier un nouveau plan pour les routes de la région. Les travaux commenceront "
    "au printemps et dureront deux ans, selon le ministre, qui a dit que le projet est une priorité pour le "
    "pays et que les habitants seront consultés avant chaque phase des travaux."
)
GERMAN = (
    "Die Regierung hat gestern einen neuen Plan für die Straßen der Region vorgestellt. Die Arbeiten sollen "
    "im Frühjahr beginnen und zwei Jahre dauern, sagte der Minister, der das Projekt als eine Priorität für "
    "das Land bezeichnete und die Anwohner vor jeder Phase anhören will."
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (SPANISH, "Spanish"),
        (FRENCH, "French"),
        (GERMAN, "German"),
        (URDU, "Arabic script"),
        (
            "巴基斯坦与一家公司签署了关于矿产合作的谅解备忘录，第一阶段投资约五亿美元，双方代表出席了签字仪式。",
            "Chinese or Japanese",
        ),
        (
            "Правительство объявило вчера о новом плане строительства дорог в регионе на ближайшие два года.",
            "Cyrillic script",
        ),
        (" ".join(NEUTRAL), None),
        (
            "Shr 12 cts vs 10 cts Net 1,234,000 vs 987,000 Revs 45.6 mln vs 40.1 mln Nine mths Shr 30 cts "
            * 3,
            None,
        ),
        ("El gobierno anunció ayer un plan.", None),  # too short to judge
        (
            (
                "Los Angeles-based Acme and Grupo del Norte signed the memorandum in San José on Monday, "
                "officials said, adding that the deal with Banco de la Plata is worth $40 million."
            ),
            None,
        ),
    ],
)
def test_other_language(text: str, language: str | None) -> None:
    assert other_language(text) == language


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seeds_are_english(path: Path) -> None:
    assert other_language(path.read_text(encoding="utf-8")) is None


# ---------------------------------------------------------------- the CLI, end to end


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONHASHSEED", "LC_ALL", "LANG")}
    return subprocess.run(
        [*DEALCLAIMS, *args],
        cwd=cwd,
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _seed_sheet(report: dict[str, Any]) -> tuple[Any, Any]:
    """The facts and conflicts of the story the seeds tell (the whole report when it is one story)."""
    for story in report.get("stories") or ():
        if any(doc.startswith("000_") for doc in story["documents"]):
            report = story["report"]
            break
    return report["facts"], report["conflicts"]


def test_hostile_corpus_plus_seeds_keeps_the_seed_fact_sheet(
    corpus: tuple[Path, dict[str, Expect]], tmp_path: Path
) -> None:
    """The headline: every bad file is listed with its reason, the seeds' facts are unchanged, exit 1."""
    folder, expect = corpus
    expect_empty = write_empty_folder(tmp_path / "empty")
    result = _run(
        ["reconcile", "--json", "--no-cache", "seeds", str(folder), str(tmp_path / "empty")],
        ROOT,
        PYTHONHASHSEED="0",
        LC_ALL="C",
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, json.loads(report_schema()))
    assert _seed_sheet(report) == _seed_sheet(json.loads(GOLDEN.read_text(encoding="utf-8")))
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr and all(line.startswith("dealclaims: ") for line in lines)
    listed = {Path(line.split(": ")[1]).name: line.split(": ", 2)[2] for line in lines}
    for name, expected in expect.items():
        if expected.kind == "skip":
            assert expected.reason in listed.get(name, ""), (name, listed.get(name))
        elif expected.kind == "duplicate":
            assert listed.get(name) == f"same content as seeds/{expected.reason}", name
        else:
            assert name not in listed, name
    assert listed["empty"] == expect_empty["."].reason
    assert {Path(item["path"]).name: item["reason"] for item in report["skipped"]} == listed
    used = {Path(doc["path"]).name for doc in [*report["documents"], *report.get("unreconciled", [])]}
    assert used == {p.name for p in SEEDS.glob("*.txt")} | {n for n, e in expect.items() if e.kind == "used"}


def test_json_is_byte_identical_whatever_the_order_on_disk_locale_or_hash_seed(tmp_path: Path) -> None:
    """Seeds copied in reverse order (other inode and mtime order) under another hash seed and locale."""
    copy = tmp_path / "seeds"
    copy.mkdir()
    for path in sorted(SEEDS.glob("*.txt"), reverse=True):
        shutil.copyfile(path, copy / path.name)
    result = _run(
        ["reconcile", "--json", "--no-cache", "seeds"], tmp_path, PYTHONHASHSEED="4242", LC_ALL="C.UTF-8"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_nothing_usable_exits_3_and_names_every_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["reconcile", "--max-bytes", "1000", "--no-cache", str(SEEDS)])
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 6 and lines[-1].startswith("dealclaims: error: no readable article in ")
    assert all("larger than the 1000-byte limit" in line for line in lines[:5])
    assert result.stdout == ""


def test_empty_folder_alone_exits_3(tmp_path: Path) -> None:
    write_empty_folder(tmp_path / "empty")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "empty")])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"dealclaims: {tmp_path / 'empty' / 'figures.xlsx'}: not a .txt or .md file",
        f"dealclaims: {tmp_path / 'empty'}: no .txt or .md files",
        f"dealclaims: error: no .txt or .md files in {tmp_path / 'empty'}",
    ]


@pytest.mark.parametrize("args", [["--max-bytes", "0"], ["--no-such-option"]])
def test_bad_options_are_usage_errors(args: list[str]) -> None:
    assert CliRunner().invoke(app, ["reconcile", *args, str(SEEDS)]).exit_code == 2


def test_a_crash_in_one_article_is_reported_against_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """One article's extraction raises: it is named on stderr and in its warnings; the others are reported."""
    import dealclaims.extract
    import dealclaims.pipeline

    real = dealclaims.extract.extract_article

    def failing(doc: Any, article: Any) -> Any:
        if article.id.startswith("002_"):
            raise RuntimeError("injected failure")
        return real(doc, article)

    monkeypatch.setattr(dealclaims.extract, "extract_article", failing)
    monkeypatch.setattr(dealclaims.pipeline, "extract_article", failing, raising=False)
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["reconcile", "--json", "--no-cache", "seeds"])
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "dealclaims: seeds/002_b0ff480cb5d96ada.txt: extraction failed: RuntimeError: injected failure\n"
    )
    report = Report.model_validate_json(result.stdout)
    [failed] = [doc for doc in report.documents if doc.id.startswith("002_")]
    assert failed.warnings == ["extraction failed: RuntimeError: injected failure"]
    facts, _ = _seed_sheet(json.loads(result.stdout))
    sources = {source for fact in facts for source in fact["sources"]}
    assert sources == {p.stem for p in SEEDS.glob("*.txt")} - {failed.id}


# ---------------------------------------------------------------- --strict, --output (build_report stubbed)


def test_strict_prints_only_the_problems(
    runner: CliRunner, report: Report, stub_pipeline: Any, tmp_path: Path
) -> None:
    stub_pipeline(lambda *_: report)  # the fixture report: one skipped file, one document warning
    target = tmp_path / "sheet.json"
    target.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["reconcile", "--strict", "--json", "-o", str(target), str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "dealclaims: seeds/broken.bin: binary file",
        "dealclaims: seeds/wire.txt: repaired mojibake",
        "dealclaims: error: --strict: 2 problem(s), no report written",
    ]
    assert target.read_text(encoding="utf-8") == "old"


def test_without_strict_a_warning_is_not_an_error(
    runner: CliRunner, report: Report, stub_pipeline: Any, tmp_path: Path
) -> None:
    report.skipped.clear()
    stub_pipeline(lambda *_: report)
    result = runner.invoke(app, ["reconcile", "--json", str(tmp_path)])
    assert result.exit_code == 0 and result.stderr == ""
    assert "repaired mojibake" in result.stdout  # documents[].warnings


def test_strict_passes_a_clean_report(
    runner: CliRunner, report: Report, stub_pipeline: Any, tmp_path: Path
) -> None:
    report.skipped.clear()
    for doc in report.documents:
        doc.warnings.clear()
    stub_pipeline(lambda *_: report)
    assert runner.invoke(app, ["check", "--strict", str(tmp_path)]).exit_code == 0


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, OSError])
def test_interrupted_output_keeps_the_old_report(
    runner: CliRunner,
    report: Report,
    stub_pipeline: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    interrupt: type[BaseException],
) -> None:
    """Interrupted after the new text is written but before the rename: the old file stays whole."""
    report.skipped.clear()
    stub_pipeline(lambda *_: report)
    target = tmp_path / "out" / "sheet.json"
    target.parent.mkdir()
    target.write_text('{"old": true}\n', encoding="utf-8")

    def interrupted(*_: Any) -> None:
        raise interrupt()

    monkeypatch.setattr("dealclaims.files.os.fsync", interrupted)
    result = runner.invoke(app, ["reconcile", "--json", "-o", str(target), str(tmp_path)])
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert [p.name for p in target.parent.iterdir()] == ["sheet.json"]  # no temp file left


def test_follow_symlinks_and_max_bytes_reach_the_settings(
    runner: CliRunner, report: Report, stub_pipeline: Any, tmp_path: Path
) -> None:
    seen: list[Settings] = []

    def build_report(_: Any, settings: Settings) -> Report:
        seen.append(settings)
        return report

    stub_pipeline(build_report)
    runner.invoke(app, ["check", "--follow-symlinks", "--max-bytes", "123", str(tmp_path)])
    assert seen[0].follow_symlinks and seen[0].max_file_bytes == 123


def test_an_unexpected_error_is_one_line_without_traceback(
    runner: CliRunner, stub_pipeline: Any, tmp_path: Path
) -> None:
    def broken(*_: Any) -> Report:
        raise ValueError("a bug")

    stub_pipeline(broken)
    result = runner.invoke(app, ["reconcile", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == "dealclaims: error: internal error: ValueError: a bug (--debug shows the traceback)\n"
    )
    debug = runner.invoke(app, ["reconcile", "--debug", str(tmp_path)])
    assert "Traceback" in debug.stderr and debug.exit_code == 1
