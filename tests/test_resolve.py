"""resolve: mentions from several articles merge into canonical entities (no spaCy needed)."""

from __future__ import annotations

from dealclaims.models import Claim, Evidence, Extraction, Mention
from dealclaims.resolve import resolve_claims, resolve_entities


def mention(
    source: str, label: str, text: str, *, acronym: str | None = None, title: str | None = None
) -> Mention:
    return Mention(
        source=source,
        label=label,
        text=text,
        start=0,
        end=len(text),
        sentence=0,
        acronym=acronym,
        title=title,
    )


def index_of(*mentions: Mention):  # type: ignore[no-untyped-def]
    by_source: dict[str, list[Mention]] = {}
    for m in mentions:
        by_source.setdefault(m.source, []).append(m)
    return resolve_entities([Extraction(article_id=s, mentions=ms) for s, ms in sorted(by_source.items())])


def test_acronym_definition_merges_long_form_partial_form_and_acronym() -> None:
    idx = index_of(
        mention("a", "ORG", "Northwind Lithium Corp", acronym="NLC"),
        mention("a", "ORG", "NLC"),
        mention("b", "ORG", "Lithium Corp", acronym="NLC"),
        mention("b", "ORG", "NLC"),
    )
    ids = {idx.lookup(n) for n in ("Northwind Lithium Corp", "NLC", "Lithium Corp")}
    assert len(ids) == 1
    entity = idx.entities[ids.pop()]  # type: ignore[arg-type]
    assert entity.name == "Northwind Lithium Corp"
    assert entity.type == "ORG"
    assert set(entity.aliases) == {"NLC", "Lithium Corp"}
    assert entity.sources == ["a", "b"]


def test_spelling_variants_and_punctuation_fold_together() -> None:
    idx = index_of(
        mention("a", "ORG", "National Mining Organisation"),
        mention("b", "ORG", "National Mining Organization"),
        mention("c", "GPE", "U.S."),
        mention("d", "GPE", "United States"),
    )
    assert idx.lookup("National Mining Organisation") == idx.lookup("National Mining Organization")
    assert idx.lookup("U.S.") == idx.lookup("US") == "gpe:united-states"


def test_surname_resolves_to_the_one_full_name_and_keeps_titles_per_source() -> None:
    idx = index_of(
        mention("a", "PERSON", "Maria Okafor", title="Minister"),
        mention("b", "PERSON", "Okafor"),
        mention("b", "ORG", "Okafor"),  # the model sometimes mislabels a surname
    )
    pid = idx.lookup("Okafor")
    assert pid == idx.lookup("Maria Okafor") == "person:maria-okafor"
    assert idx.entities[pid].titles_by_source == {"a": ["Minister"]}


def test_ambiguous_surname_is_not_merged() -> None:
    idx = index_of(
        mention("a", "PERSON", "Ann Lee"), mention("a", "PERSON", "Bo Lee"), mention("b", "PERSON", "Lee")
    )
    assert idx.lookup("Lee") not in (idx.lookup("Ann Lee"), idx.lookup("Bo Lee"))


def test_legal_form_suffix_does_not_split_an_organisation() -> None:
    idx = index_of(mention("a", "ORG", "Vale Group"), mention("b", "ORG", "Vale"))
    assert idx.lookup("Vale") == idx.lookup("Vale Group")


def test_resolve_claims_rewrites_subjects_entity_lists_and_speakers() -> None:
    idx = index_of(mention("a", "ORG", "Acme Metals", acronym="AM"), mention("a", "PERSON", "Jo Park"))
    ev = Evidence(source="a", text="x", start=0, end=1)
    claims = [
        Claim(slot="org.hq", subject="AM", value="Texas", text="t", source="a", evidence=ev),
        Claim(
            slot="deal.parties",
            value=["Acme Metals", "Other"],
            value_kind="entities",
            text="t",
            source="a",
            evidence=ev,
        ),
        Claim(
            slot="quote", subject="Park", attributed_to="Park", value="q", text="q", source="a", evidence=ev
        ),
        Claim(slot="quote", subject="Jo Park's office", value="q", text="q", source="a", evidence=ev),
    ]
    out = resolve_claims(claims, idx)
    assert out[0].subject == "org:acme-metals"
    assert out[1].value == ["Other", "org:acme-metals"]
    assert out[2].attributed_to == "person:jo-park"
    assert out[3].attributed_to == "person:jo-park#office"
