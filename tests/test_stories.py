"""Grouping documents into stories: an inverted index, weighted shared keys, union-find; deterministic."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from dealclaims.consensus.stories import document_keys, entity_key, group_stories
from dealclaims.models import Claim, Evidence, Extraction, Mention, Settings

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
    assert report.stories is not None
    groups = [story.documents for story in report.stories]
    assert VIACOM in groups
    assert all(len(g) == 1 for g in groups if g != VIACOM)
    viacom = next(s for s in report.stories if s.documents == VIACOM)
    assert viacom.report is not None and [d.id for d in viacom.report.documents] == VIACOM
