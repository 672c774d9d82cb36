"""Shared origins: near-duplicate sentences, origin grouping, attribution, independent support, omissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dealclaims.consensus.attribution import attribute_sentence
from dealclaims.consensus.origins import (
    candidate_pairs,
    count_support,
    find_origins,
    is_near_duplicate,
    mark_silent_sources,
)
from dealclaims.formats import render_plain
from dealclaims.models import Conflict, Evidence, Fact, Report, Settings, Variant
from dealclaims.names import text_key

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings()

BASE = "The partnership will begin immediately with the export of readily available minerals from Veloria."


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (BASE, BASE, True),  # verbatim
        (
            BASE,
            (
                "The partnership is set to begin immediately with the export of readily available minerals "
                "from Veloria."
            ),
            True,
        ),  # light edit
        (
            "Northwind Mining will build a smelter in Calder, the ministry said on Monday.",
            "On Monday the ministry said Northwind Mining will build a smelter in Calder.",
            True,
        ),  # reordered
        (
            "Northwind Mining will build a smelter in Calder province over the next three years.",
            (
                "Speaking in the capital, the minister said that Northwind Mining will build a smelter in Calder "
                "province over the next three years, adding that talks went well."
            ),
            True,
        ),  # quoted inside
        (
            "Northwind Mining signed an agreement with the Calder Development Board in Port Amsel on Monday.",
            "The Calder Development Board and Northwind Mining have disagreed for years over water rights.",
            False,
        ),  # same entities, different statement
    ],
)
def test_near_duplicates(a: str, b: str, expected: bool) -> None:
    assert is_near_duplicate(text_key(a), text_key(b), SETTINGS) is expected


def test_candidate_pairs_cross_documents_only_and_skip_boilerplate() -> None:
    keys = [text_key(BASE), text_key(BASE), text_key(BASE), "an unrelated sentence about the weather in town"]
    assert candidate_pairs(keys, ["a", "a", "b", "b"], SETTINGS) == {(0, 2), (1, 2)}
    capped = Settings(shingle_max_postings=2)
    assert candidate_pairs(keys, ["a", "a", "b", "b"], capped) == set()  # every shingle is in 3 sentences


def _sentences(source: str, *texts: str) -> list[Evidence]:
    out, start = [], 0
    for text in texts:
        out.append(Evidence(source=source, text=text, start=start, end=start + len(text)))
        start += len(text) + 1
    return out


STATEMENT = (
    "The Trade Office said the new corridor will carry two million tonnes of ore a year from the "
    "northern mines."
)
FOLLOW = "We look forward to welcoming more investors from both countries to the corridor project soon."
OTHER = "Local farmers have complained that the road works have disrupted the harvest for a second year."


def test_origin_groups_adjacent_copied_sentences_across_documents() -> None:
    sentences = {
        "a": _sentences("a", OTHER, STATEMENT, FOLLOW),
        "b": _sentences(
            "b",
            "According to the Trade Office, the new corridor will carry two million tonnes of "
            "ore a year from the northern mines.",
            FOLLOW,
        ),
        "c": _sentences("c", OTHER.replace("second", "third")),
        "d": _sentences(
            "d", "The weather in the capital was unusually warm for the time of year, officials noted."
        ),
    }
    origins = find_origins(sentences, SETTINGS)
    assert sorted(o.documents for o in origins) == [["a", "b"], ["a", "c"]]
    first = next(o for o in origins if o.documents == ["a", "b"])
    assert len(first.passages) == 4  # the statement and the line after it, in both documents
    assert "two million tonnes" in first.text


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("According to the Trade Office, exports will double.", "the Trade Office"),
        ("The Ministry of Ports said exports will double.", "The Ministry of Ports"),
        ("Exports will double, said Ana Ruiz.", "Ana Ruiz"),
        ("Exports will double, stated the release.", "stated the release"),
        (
            "Baker said in a statement issued by the Trade Office that exports will double.",
            "the Trade Office",
        ),
        ("Exports will double, it said.", None),
    ],
)
def test_attribution_phrases(text: str, phrase: str | None) -> None:
    known = {"Trade Office": "org:trade-office", "Ministry of Ports": "org:ports", "Ana Ruiz": "person:ruiz"}
    found = attribute_sentence(text, known.get)
    assert (found.text if found else None) == phrase


def _fact(sources: list[str], evidence: list[Evidence], **extra: object) -> Fact:
    return Fact(
        id="f",
        slot="deal.value",
        text="$5 million",
        support=len(sources),
        sources=sources,
        evidence=evidence,
        **extra,
    )  # type: ignore[arg-type]


def test_independent_support_counts_a_shared_passage_once() -> None:
    sentences = {s: _sentences(s, STATEMENT) for s in ("a", "b", "c")}
    origins = find_origins(sentences, SETTINGS)
    own = Evidence(source="d", text="x", start=0, end=1)
    copied = [sentences[s][0] for s in ("a", "b", "c")]
    [fact] = count_support([_fact(["a", "b", "c", "d"], [*copied, own])], origins)
    assert (fact.support, fact.independent_support, fact.origins) == (4, 2, [origins[0].id])


def test_silent_sources_are_neither_stating_nor_contradicting() -> None:
    ev = Evidence(source="a", text="x", start=0, end=1)
    conflict = Conflict(
        id="x",
        slot="deal.value",
        kind="value_mismatch",
        explanation="",
        variants=[
            Variant(text="$5 million", sources=["a"], evidence=[ev]),
            Variant(
                text="$6 million", sources=["b"], evidence=[Evidence(source="b", text="y", start=0, end=1)]
            ),
        ],
    )
    [fact] = mark_silent_sources(
        [_fact(["a"], [ev], consistent_sources=["c"])], [conflict], ["a", "b", "c", "d"]
    )
    assert fact.silent_sources == ["d"]
    assert fact.agreement == {"a": "states", "b": "differs", "c": "consistent", "d": "silent"}


# ---------------------------------------------------------------- on the seeds


@pytest.fixture(scope="module")
def seeds() -> Report:
    """All five seeds reconciled together (story grouping is not under test here)."""
    from dealclaims.load import discover_paths, load_articles
    from dealclaims.nlp import build_nlp
    from dealclaims.parsing import extract_all
    from dealclaims.pipeline import assemble_report

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        paths, _ = discover_paths(["seeds"], SETTINGS)
        articles = sorted(load_articles(paths, SETTINGS)[0], key=lambda a: a.id)
        extractions = extract_all(articles, build_nlp(SETTINGS), SETTINGS)
        return assemble_report(articles, extractions, [], SETTINGS)
    finally:
        os.chdir(cwd)


def test_seeds_embassy_statement_is_one_shared_origin(seeds: Report) -> None:
    embassy = next(e.id for e in seeds.entities if e.name == "US Embassy")
    origin = next(o for o in seeds.origins if "key priority" in o.text)
    assert origin.attributed_to == embassy
    assert {"003_ef3aa190892f7a97", "004_601bc289b716e355"} <= set(origin.documents)
    assert all("key priority" in p.evidence.text or p.source for p in origin.passages)


def test_seeds_prime_minister_office_statement_is_shared(seeds: Report) -> None:
    origin = next(o for o in seeds.origins if "readily available" in o.text)
    assert origin.documents == ["001_c9f89486ee0d654f", "002_b0ff480cb5d96ada", "004_601bc289b716e355"]
    assert origin.attributed_to and origin.attributed_to.endswith("#office")


def test_a_value_in_a_conflict_the_fact_is_no_side_of_is_silence() -> None:
    """A second, related deal's amount conflicts with another figure, not with this fact."""
    ours = Evidence(source="a", text="x", start=0, end=1)
    other = [Evidence(source=s, text="y", start=5, end=6) for s in ("b", "c")]
    conflict = Conflict(
        id="x",
        slot="deal.value",
        kind="value_mismatch",
        explanation="",
        variants=[
            Variant(text="$7 million", sources=["b"], evidence=[other[0]]),
            Variant(text="$8 million", sources=["c"], evidence=[other[1]]),
        ],
    )
    [fact] = mark_silent_sources([_fact(["a"], [ours])], [conflict], ["a", "b", "c"])
    assert fact.agreement == {"a": "states", "b": "silent", "c": "silent"}


def test_seeds_deal_value_sides_and_independent_support(seeds: Report) -> None:
    """The bare "$500 million" (001, 002) and "approximately … first phase" (002, 004) are two sides."""
    bare, hedged = sorted(
        (f for f in seeds.facts if f.slot == "deal.value"), key=lambda f: bool(f.qualifiers)
    )
    assert bare.sources == ["001_c9f89486ee0d654f", "002_b0ff480cb5d96ada"]
    assert hedged.sources == ["002_b0ff480cb5d96ada", "004_601bc289b716e355"]
    assert bare.agreement["004_601bc289b716e355"] == "differs"
    assert hedged.agreement["001_c9f89486ee0d654f"] == "differs"
    assert bare.silent_sources == hedged.silent_sources == ["000_52a4952619dd66ce", "003_ef3aa190892f7a97"]
    assert "500 million (contested, see x-" in seeds.headline


def test_seeds_quote_evidence_keeps_its_attribution(seeds: Report) -> None:
    quote = next(f for f in seeds.facts if f.slot == "quote")
    assert {ev.attributed_to for ev in quote.evidence} == {quote.subject}


def test_seeds_fact_sheet_fits_80_columns(seeds: Report) -> None:
    text = render_plain(seeds, width=80)
    assert "Agreement" in text and "Shared origins" in text and "indep." in text
    assert max(len(line) for line in text.splitlines()) <= 80


# ---------------------------------------------------------------- attribution on evidence, the matrix


def test_annotate_claims_attributes_evidence_by_sentence() -> None:
    from dealclaims.consensus.attribution import annotate_claims, attribute_sentences
    from dealclaims.models import Claim

    text = "Exports will double, the Trade Office said. Minister Ana Ruiz said talks went well."
    sentences = [
        Evidence(source="a", text=text[:43], start=0, end=43),
        Evidence(source="a", text=text[44:], start=44, end=len(text)),
    ]
    known = {"Trade Office": "org:trade-office", "Ana Ruiz": "person:ruiz"}
    atts = attribute_sentences(sentences, [], known.get)

    def claim(slot: str, subject: str | None, start: int, end: int) -> Claim:
        ev = Evidence(source="a", text=text[start:end], start=start, end=end)
        return Claim(slot=slot, subject=subject, text=ev.text, source="a", evidence=ev)

    exports, title = annotate_claims(
        [claim("stat", None, 0, 20), claim("person.title", "person:ruiz", 44, 61)], sentences, atts
    )
    assert exports.evidence.attributed_to == "org:trade-office"
    assert title.evidence.attributed_to is None  # her own title is the writer's claim


def test_agreement_matrix_wraps_to_the_width() -> None:
    from dealclaims.formats import AgreementMatrix
    from dealclaims.models import DocumentInfo

    docs = [DocumentInfo(id=f"outlet-{i}", path=f"{i}.txt", chars=1, sha256="0") for i in range(4)]
    facts = [
        Fact(
            id=f"f{i}",
            slot="deal.value",
            text=str(i),
            support=2,
            sources=["outlet-0", "outlet-1"],
            evidence=[],
            silent_sources=["outlet-3"],
        )
        for i in range(40)
    ]
    lines = AgreementMatrix(Report(documents=docs, facts=facts), facts).lines(60)
    assert max(len(line) for line in lines) <= 60
    assert sum(line.strip().startswith("1 ") for line in lines) == 1  # header of the first block
    assert lines[1].split()[1:3] == ["✓", "✓"] and lines[3].split()[1] == "✗" and lines[4].split()[1] == "·"
    assert lines[-1].endswith("40 silent")
