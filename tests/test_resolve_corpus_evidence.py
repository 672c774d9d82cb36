"""Resolution rules that weigh evidence across the corpus (resolve/): no spaCy needed.

Every name is invented; each table is one rule.
"""

from __future__ import annotations

import pytest

from dealclaims.gazetteer import country_of_demonym
from dealclaims.models import Extraction, Mention
from dealclaims.resolve import EntityIndex, resolve_entities

Row = tuple[str, str, str] | tuple[str, str, str, str]  # (source, label, text[, role])


def _index(rows: list[Row]) -> EntityIndex:
    by_source: dict[str, list[Mention]] = {}
    for i, row in enumerate(rows):
        source, label, text = row[:3]
        role = row[3] if len(row) > 3 else None
        m = Mention(
            source=source, label=label, text=text, start=i * 50, end=i * 50 + len(text), sentence=i, role=role
        )
        by_source.setdefault(source, []).append(m)
    return resolve_entities([Extraction(article_id=s, mentions=ms) for s, ms in sorted(by_source.items())])


def _same(idx: EntityIndex, names: list[str]) -> bool:
    return len({idx.lookup(n) for n in names}) == 1 and idx.lookup(names[0]) is not None


@pytest.mark.parametrize(
    ("rows", "same"),
    [
        # a company's name without its legal form, tagged PERSON in one article, is the company
        (
            [
                ("a", "ORG", "Orrin Controls Inc"),
                ("b", "PERSON", "Orrin Controls"),
                ("c", "ORG", "Orrin Controls Inc"),
            ],
            ["Orrin Controls Inc", "Orrin Controls"],
        ),
        # a short name that is part of two longer names goes with the one named in most of its articles
        (
            [
                ("a", "ORG", "Trennick Pumpeverk A/S"),
                ("b", "ORG", "Trennick Pumpeverk A/S"),
                ("c", "ORG", "Trennick Pumpeverk A/S"),
                ("c", "ORG", "Trennick Charitable Trust"),
                ("a", "GPE", "Trennick"),
                ("b", "GPE", "Trennick"),
                ("c", "GPE", "Trennick"),
                ("d", "GPE", "Trennick"),
            ],
            ["Trennick", "Trennick Pumpeverk A/S"],
        ),
    ],
)
def test_corpus_links(rows: list[Row], same: list[str]) -> None:
    assert _same(_index(rows), same)


def test_a_short_name_split_evenly_between_two_longer_names_stays_apart() -> None:
    idx = _index(
        [
            ("a", "ORG", "Trennick Pumpeverk A/S"),
            ("b", "ORG", "Trennick Charitable Trust"),
            ("a", "GPE", "Trennick"),
            ("b", "GPE", "Trennick"),
        ]
    )
    assert not _same(idx, ["Trennick", "Trennick Pumpeverk A/S"])
    assert not _same(idx, ["Trennick", "Trennick Charitable Trust"])


@pytest.mark.parametrize(
    ("rows", "name", "type_"),
    [
        # a name whose demonym in "-ic" the articles use is a place
        ([("a", "ORG", "Norvale"), ("b", "ORG", "Norvale"), ("b", "NORP", "Norvalic")], "Norvale", "GPE"),
        # a one-word name tagged a place as often as a person, never written in full or titled: a place
        ([("a", "PERSON", "Haldvik"), ("b", "GPE", "Haldvik")], "Haldvik", "GPE"),
        # a person is written in full somewhere
        (
            [("a", "PERSON", "Ilse Dorran"), ("b", "GPE", "Dorran"), ("b", "PERSON", "Dorran")],
            "Dorran",
            "PERSON",
        ),
    ],
)
def test_type_by_corpus_evidence(rows: list[Row], name: str, type_: str) -> None:
    idx = _index(rows)
    entity = idx.entities[idx.lookup(name)]  # type: ignore[index]
    assert entity.type == type_


@pytest.mark.parametrize(
    ("rows", "name", "counted"),
    [
        # a town's paper writes its town: other outlets name the town too, so its mention counts
        ([("a", "GPE", "Haldvik", "publisher"), ("b", "GPE", "Haldvik")], "Haldvik", True),
        # a company's press release names itself, as every other outlet does
        (
            [
                ("a", "ORG", "Trennick", "publisher"),
                ("b", "ORG", "Trennick"),
                ("c", "ORG", "Trennick"),
                ("d", "ORG", "Trennick"),
            ],
            "Trennick",
            True,
        ),
        # a wire that one of four other outlets cites stays the wire
        (
            [
                ("a", "ORG", "Tidewire", "publisher"),
                ("b", "ORG", "Tidewire"),
                ("c", "ORG", "Orrin Controls Inc"),
                ("d", "ORG", "Orrin Controls Inc"),
                ("e", "ORG", "Orrin Controls Inc"),
            ],
            "Tidewire",
            False,
        ),
        # a dateline is never an entity
        ([("a", "GPE", "Haldvik", "dateline"), ("b", "GPE", "Haldvik")], "Haldvik", False),
    ],
)
def test_publisher_names_other_outlets_use_are_entities(rows: list[Row], name: str, counted: bool) -> None:
    idx = _index(rows)
    hit = idx.lookup(name)
    assert hit is not None
    assert ("a" in idx.entities[hit].sources) is counted


@pytest.mark.parametrize(
    ("rows", "country", "found"),
    [
        # referred to by its demonym and inside other names in half the articles: the country is an entity
        (
            [("a", "NORP", "Canadian"), ("b", "ORG", "Bank of Canada"), ("c", "ORG", "Orrin Controls Inc")],
            "Canada",
            True,
        ),
        # once in four articles is not enough
        (
            [("a", "NORP", "Canadian"), ("b", "ORG", "Orrin"), ("c", "ORG", "Orrin"), ("d", "ORG", "Orrin")],
            "Canada",
            False,
        ),
    ],
)
def test_countries_named_only_by_demonym(rows: list[Row], country: str, found: bool) -> None:
    idx = _index(rows)
    hit = idx.lookup(country)
    assert (hit is not None and idx.entities[hit].type == "GPE") is found


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Canadian", "Canada"),
        ("Kenyan", "Kenya"),
        ("Italian", "Italy"),
        ("Canada", "Canada"),
        ("Orrin", None),
    ],
)
def test_country_of_demonym(word: str, country: str | None) -> None:
    assert country_of_demonym(word) == country
