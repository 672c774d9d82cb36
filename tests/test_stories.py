"""Grouping documents into stories: an inverted index, weighted shared keys, union-find; deterministic."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from dealclaims.consensus.stories import document_keys, entity_key, group_stories
from dealclaims.models import Claim, Evidence, Extraction, Mention, Report, Settings

BENCH = Path(os.environ.get("DEALCLAIMS_BENCH", "/work/shared/bench/reuters21578.jsonl.gz"))


def mention(text: str, label: str = "ORG") -> Mention:
    return Mention(source="d", label=label, text=text, start=0, end=len(text), sentence=0)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Acme Holdings Inc>", "acme holdings"),
        ("Acme Corp.", "acme"),
        ("ACME", "acme"),
        ("The Widget Co", "widget"),
    ],
)
def test_entity_key(name: str, key: str) -> None:
    assert entity_key(name) == key


def test_document_keys_names_money_and_title_words() -> None:
    ev = Evidence(source="d", text="$5 million", start=0, end=10)
    money = Claim(
        slot="deal.value",
        value={"currency": "USD", "amount": 5_000_000},
        value_kind="money",
        text="$5 million",
        source="d",
        evidence=ev,
    )
    ex = Extraction(
        article_id="d", mentions=[mention("Acme Inc"), mention("Ruritania", "GPE")], claims=[money]
    )
    assert document_keys(ex, "ACME SWEETENS OFFERS") == {
        "e:acme",
        "e:ruritania",
        "m:USD:5000000",
        "t:acme",
        "t:sweeten",
        "t:offer",
    }


KEYS = {
    "a1": {"e:acme", "e:widget", "t:acme", "m:USD:5"},
    "a2": {"e:acme", "e:widget", "t:widget", "m:USD:5"},
    "a3": {"e:acme", "e:widget", "t:bid"},
    "b1": {"e:ruritania", "t:cocoa", "e:port town"},
    "b2": {"e:ruritania", "t:cocoa", "e:port town", "t:crop"},
    "c1": {"e:acme", "e:zenith"},  # one shared name is not a story
}


def test_groups_by_shared_keys_and_leaves_a_passing_mention_alone() -> None:
    assert group_stories(KEYS) == [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]


def test_grouping_does_not_depend_on_input_order() -> None:
    assert group_stories(dict(reversed(list(KEYS.items())))) == group_stories(KEYS)


def test_a_key_in_too_many_documents_proposes_no_pair() -> None:
    keys = {f"d{i}": {"e:ruritania", "t:news"} for i in range(10)}
    assert len(group_stories(keys, Settings(story_max_postings=5))) == 10


@pytest.mark.parametrize(
    ("title", "keys"),
    [
        ("URGENT: Caldera agrees to buy Halvorsen", {"t:caldera", "t:halvorsen"}),
        ("UPDATE 2-Caldera's bid for Halvorsen", {"t:caldera", "t:halvorsen"}),
        ("Caldera, Halvorsen deal - Tuesday, March 4", {"t:caldera", "t:halvorsen"}),
        ("CALDERA <CLD> BUYS HALVORSEN <HLV>", {"t:caldera", "t:halvorsen", "e:cld", "e:hlv"}),
        ("Halvorsen (NYSE: HLV) to be bought", {"t:halvorsen", "e:hlv", "t:bought"}),
    ],
)
def test_headline_flags_date_lines_and_tickers(title: str, keys: set[str]) -> None:
    """A desk's flag and a date line say nothing about the story; a ticker names the company."""
    assert document_keys(Extraction(article_id="d"), title) == keys


def test_a_short_article_from_another_angle_joins_the_story_it_names() -> None:
    """A union's protest names the bidder, the target and the amount the story keeps naming, and much else."""
    story = {
        f"s{i}": {"e:caldera", "e:halvorsen", "m:USD:42", "t:halvorsen", f"e:analyst{i}", f"t:word{i}"}
        for i in range(4)
    }
    angle = {"e:caldera", "e:halvorsen", "e:union", "e:strike fund", "e:port ostra", "t:protest", "t:union"}
    stray = {"e:caldera", "e:cocoa board", "t:cocoa", "t:crop"}  # one name in common is not the story
    groups = group_stories({**story, "angle": angle, "stray": stray})
    assert groups == [["angle", "s0", "s1", "s2", "s3"], ["stray"]]


def test_a_few_names_a_big_story_keeps_repeating_are_not_that_story() -> None:
    """In a feed, a long-running story names many places and officials: three of twelve is a coincidence."""
    core = [f"e:place{i}" for i in range(12)]
    story = {f"s{i}": {*core, f"e:only{i}"} for i in range(4)}
    other = {"e:place0", "e:place1", "e:place2", "e:bank", "t:rate", "t:deposit"}
    assert group_stories({**story, "other": other}) == [["s0", "s1", "s2", "s3"], ["other"]]


@pytest.fixture(scope="module")
def seeds_and_a_stray(tmp_path_factory: pytest.TempPathFactory) -> Report:
    from dealclaims.pipeline import build_report

    root = Path(__file__).resolve().parent.parent / "seeds"
    folder = tmp_path_factory.mktemp("folder")
    for path in root.glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "zz_weather.txt").write_text(
        "Fog closes Lake Ostra ferries\n\nFog delayed three ferries at Lake Ostra on Tuesday, the Ostra "
        "Harbour Board said. Services resumed in the afternoon.\n",
        encoding="utf-8",
    )
    from dealclaims.models import Settings

    return build_report([folder], Settings(cache=False))


def test_a_stray_file_leaves_the_story_as_the_report(seeds_and_a_stray: Report) -> None:
    report = seeds_and_a_stray
    assert report.stories is None and len(report.documents) == 5
    assert any(f.slot == "deal.value" for f in report.facts)
    assert [d.id for d in report.unreconciled] == ["zz_weather"]
    assert json.loads(report.model_dump_json())["facts"]
    from dealclaims.formats import render_plain

    assert "Not reconciled, about other stories: zz_weather (Fog closes Lake Ostra ferries)" in render_plain(
        report
    )


# ---------------------------------------------------------------- on the bench corpus (real news)

VIACOM = ["reuters-00393", "reuters-00496", "reuters-01000"]  # one takeover battle, three reports
OTHERS = ["reuters-00001", "reuters-00264", "reuters-00230"]  # cocoa, an aircraft order, a debt plan


@pytest.mark.skipif(not BENCH.exists(), reason="bench corpus not available")
def test_reports_of_one_takeover_come_out_as_one_story(tmp_path: Path) -> None:
    from dealclaims.pipeline import build_report

    wanted = set(VIACOM + OTHERS)
    with gzip.open(BENCH, "rt", encoding="utf-8") as lines:
        for line in lines:
            rec = json.loads(line)
            if rec["id"] in wanted:
                (tmp_path / f"{rec['id']}.txt").write_text(
                    f"{rec['title']}\n\n{rec['text']}\n", encoding="utf-8"
                )
                wanted.discard(rec["id"])
            if not wanted:
                break
    report = build_report([tmp_path])
    # one story told by enough sources: it is the report, and the three others are listed apart
    assert report.stories is None and report.facts
    assert [d.id for d in report.documents] == VIACOM
    assert sorted(d.id for d in report.unreconciled) == sorted(OTHERS)
