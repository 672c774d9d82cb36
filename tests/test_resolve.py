"""resolve: mentions from several articles merge into canonical entities (no spaCy needed)."""

from __future__ import annotations

import pytest

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


def _same(idx, names: list[str]) -> bool:  # type: ignore[no-untyped-def]
    return len({idx.lookup(n) for n in names}) == 1 and idx.lookup(names[0]) is not None


@pytest.mark.parametrize(
    ("mentions", "same"),
    [
        # legal forms present or absent, and a country prefix written three ways
        (
            [
                ("a", "ORG", "Nordhaven Steel Corporation"),
                ("b", "ORG", "Nordhaven Steel"),
                ("c", "ORG", "Nordhaven"),
            ],
            ["Nordhaven Steel Corporation", "Nordhaven Steel", "Nordhaven"],
        ),
        (
            [("a", "ORG", "U.S. Halvane Corp."), ("b", "ORG", "United States Halvane Corporation")],
            ["U.S. Halvane Corp.", "United States Halvane Corporation"],
        ),
        # "Japan's X": a country prefix
        (
            [("a", "ORG", "Japan's Nordhaven Steel"), ("b", "ORG", "Nordhaven Steel Co")],
            ["Japan's Nordhaven Steel", "Nordhaven Steel Co"],
        ),
        # a ticker inside the name
        (
            [("a", "ORG", "Borvane <BVN> Corp"), ("b", "ORG", "Borvane Corp")],
            ["Borvane <BVN> Corp", "Borvane Corp"],
        ),
        # spacing: "US Air" / "USAir"
        (
            [("a", "ORG", "Telvar Air Group Inc"), ("b", "ORG", "TelvarAir")],
            ["Telvar Air Group Inc", "TelvarAir"],
        ),
        # a bare acronym spelled by exactly one long name
        (
            [("a", "ORG", "Federal Harbour Commission"), ("b", "ORG", "FHC")],
            ["Federal Harbour Commission", "FHC"],
        ),
        # "Department of X" = "X Department"
        (
            [("a", "ORG", "Department of Fisheries"), ("b", "ORG", "Fisheries Department")],
            ["Department of Fisheries", "Fisheries Department"],
        ),
        # person: middle initial, honorific, bare surname, first initial
        (
            [
                ("a", "PERSON", "David B. Carlow"),
                ("b", "PERSON", "David Carlow"),
                ("c", "PERSON", "Mr. Carlow"),
            ],
            ["David B. Carlow", "David Carlow", "Mr. Carlow"],
        ),
        (
            [("a", "PERSON", "J. Walter Pindell"), ("b", "PERSON", "Walter Pindell")],
            ["J. Walter Pindell", "Walter Pindell"],
        ),
        (
            [("a", "PERSON", "Dr Selma Varrik"), ("b", "PERSON", "Varrik"), ("c", "PERSON", "Selma Varrik")],
            ["Dr Selma Varrik", "Varrik", "Selma Varrik"],
        ),
        # a surname tagged ORG still joins the one person
        ([("a", "PERSON", "Carl Ostrander"), ("b", "ORG", "Ostrander")], ["Carl Ostrander", "Ostrander"]),
        # a spelling variant from another outlet, merged when the context agrees
        (
            [("a", "ORG", "Halvorsen Marine"), ("b", "ORG", "Halverson Marine")],
            ["Halvorsen Marine", "Halverson Marine"],
        ),
        (
            [("a", "PERSON", "Oleksandr Tarnyk"), ("b", "PERSON", "Oleksander Tarnyk")],
            ["Oleksandr Tarnyk", "Oleksander Tarnyk"],
        ),
        # "Republic of X" = "X"
        ([("a", "GPE", "Republic of Varnova"), ("b", "ORG", "Varnova")], ["Republic of Varnova", "Varnova"]),
    ],
)
def test_cross_document_links(mentions: list[tuple[str, str, str]], same: list[str]) -> None:
    idx = index_of(*(mention(s, label, text) for s, label, text in mentions))
    assert _same(idx, same), {e.name: e.aliases for e in idx.entities.values()}


@pytest.mark.parametrize(
    ("mentions", "apart"),
    [
        # a short name that is part of two longer names is ambiguous
        (
            [("a", "ORG", "General Tarrow"), ("b", "ORG", "General Venlo"), ("c", "ORG", "General")],
            ["General Tarrow", "General Venlo"],
        ),
        # the jurisdiction of a public body is not the body
        (
            [("a", "ORG", "Ostravia Ports Authority"), ("b", "GPE", "Ostravia")],
            ["Ostravia Ports Authority", "Ostravia"],
        ),
        # a site named after its town is not the town
        ([("a", "ORG", "Brannock Works"), ("b", "GPE", "Brannock")], ["Brannock Works", "Brannock"]),
        # a partnership "X and Y" is not Y
        ([("a", "ORG", "Pell and Vance"), ("b", "PERSON", "Vance")], ["Pell and Vance", "Vance"]),
        # two people who share only a family name
        (
            [("a", "PERSON", "Anna Kessler"), ("b", "PERSON", "Peter Kessler"), ("c", "PERSON", "Kessler")],
            ["Anna Kessler", "Peter Kessler"],
        ),
    ],
)
def test_names_kept_apart(mentions: list[tuple[str, str, str]], apart: list[str]) -> None:
    idx = index_of(*(mention(s, label, text) for s, label, text in mentions))
    assert len({idx.lookup(n) for n in apart}) == len(apart)


@pytest.mark.parametrize(
    ("mentions", "name", "type_"),
    [
        (
            [("a", "PERSON", "Madrid"), ("b", "PERSON", "Madrid")],
            "Madrid",
            "GPE",
        ),  # a known city is never a person
        ([("a", "PERSON", "Ohio"), ("b", "ORG", "Ohio")], "Ohio", "GPE"),  # nor a known state
        (
            [("a", "PERSON", "Dravo Holdings Inc"), ("b", "PERSON", "Dravo Holdings")],
            "Dravo Holdings Inc",
            "ORG",
        ),
        (
            [("a", "ORG", "Tomas Vell"), ("b", "PERSON", "Vell"), ("c", "PERSON", "Vell")],
            "Tomas Vell",
            "PERSON",
        ),
        ([("a", "ORG", "Kessmark"), ("b", "NORP", "Kessmarkian")], "Kessmark", "GPE"),  # its demonym is used
        ([("a", "ORG", "Port Ellery"), ("b", "ORG", "Port Ellery")], "Port Ellery", "GPE"),
        ([("a", "ORG", "Ellery Tower")], "Ellery Tower", "FAC"),
    ],
)
def test_one_type_by_corpus_vote(mentions: list[tuple[str, str, str]], name: str, type_: str) -> None:
    idx = index_of(*(mention(s, label, text) for s, label, text in mentions))
    entity = idx.entities[idx.lookup(name)]  # type: ignore[index]
    assert entity.type == type_


def test_aliases_carry_their_sources() -> None:
    idx = index_of(
        mention("a", "ORG", "Nordhaven Steel Corporation"),
        mention("b", "ORG", "Nordhaven Steel"),
        mention("c", "ORG", "Nordhaven Steel"),
    )
    entity = idx.entities[idx.lookup("Nordhaven Steel")]  # type: ignore[index]
    assert entity.alias_sources == {"Nordhaven Steel": ["b", "c"], "Nordhaven Steel Corporation": ["a"]}


def test_spelling_variant_becomes_a_name_variant_claim_per_source() -> None:
    idx = index_of(mention("a", "ORG", "Halvorsen Marine"), mention("b", "ORG", "Halverson Marine"))
    assert {(c.source, c.value) for c in idx.variant_claims} == {
        ("a", "Halvorsen Marine"),
        ("b", "Halverson Marine"),
    }
    assert {c.slot for c in idx.variant_claims} == {"org.name"}


@pytest.mark.parametrize(
    ("outlet", "author", "name"),
    [
        ("Harbour & Freight Review", None, "H&F Review"),
        ("Tidewire News Service", None, "Tidewire"),
        ("The Daily Quill", "Marta Voss", "Marta Voss"),
    ],
)
def test_publisher_names_are_not_parties(outlet: str, author: str | None, name: str) -> None:
    from dealclaims.extract import publisher_keys
    from dealclaims.models import Article
    from dealclaims.names import name_key

    article = Article.model_construct(outlet=outlet, author=author, byline=None)
    assert name_key(name) in publisher_keys(article)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("Harlowsaid", "Harlow"),
        ("Ingrid Vasssays", "Ingrid Vass"),
        ("the Velmont Group's", "Velmont Group"),
        ("U.S.", "U.S."),
        ("Mays", "Mays"),
        ('Velmont IV "', "Velmont IV"),  # a quote the NER took in
    ],
)
def test_clean_name(text: str, clean: str) -> None:
    from dealclaims.names import clean_name

    assert clean_name(text) == clean


@pytest.mark.parametrize(
    ("names", "glued"),
    [
        (
            ["Velmont", "Brill Group", "Velmont to Brill Group"],
            "Velmont to Brill Group",
        ),  # NER glued two names
        (["Ostrava", "Bank of Ostrava"], None),  # "of" belongs inside names
        (["Velmont", "Velmont to Halden"], None),  # "Halden" is no name of this corpus
        # a state and its president side by side, each named on its own elsewhere
        (
            ["Republic of Tarvia", "Ivo Marek", "Republic of Tarvia Ivo Marek"],
            "Republic of Tarvia Ivo Marek",
        ),
        (["Ivo Marek", "Tarvia Ivo Marek"], None),  # one word on the left: not two names
    ],
)
def test_two_names_glued_into_one_span_are_no_entity(names: list[str], glued: str | None) -> None:
    from dealclaims.resolve import group_mentions

    mentions = [
        Mention(text=n, label="ORG", source="a", start=i * 40, end=i * 40 + len(n), sentence=i)
        for i, n in enumerate(names)
    ]
    keys = group_mentions([Extraction(article_id="a", mentions=mentions)])
    kept = {ms[0].text for ms in keys.values()}
    assert kept == set(names) - {glued}


@pytest.mark.parametrize(
    ("mentions", "same"),
    [
        # an organisation's short form tagged PERSON joins the one longer name every article names
        (
            [
                ("a", "ORG", "Velmont IV Industries Inc"),
                ("a", "PERSON", "Velmont IV"),
                ("b", "ORG", "Velmont IV Industries Inc"),
                ("b", "PERSON", "Velmont IV"),
                ("b", "ORG", "Velmont IV Acquisition Corp"),
            ],
            ["Velmont IV Industries Inc", "Velmont IV"],
        ),
        # the leading word of an "X and Y" name
        (
            [("a", "ORG", "Brenlow and Prim Publishers Inc"), ("b", "PERSON", "Brenlow")],
            ["Brenlow", "Brenlow and Prim Publishers Inc"],
        ),
        # a possessive is no part of the word
        (
            [("a", "ORG", "Quennel's Ratings Service Inc"), ("b", "ORG", "Quennel")],
            ["Quennel's Ratings Service Inc", "Quennel"],
        ),
        # one writer's slip: a letter added, changed or swapped, or words in another order
        (
            [("a", "ORG", "Haldens Group Plc"), ("b", "ORG", "Haldens Group"), ("b", "ORG", "Halden Group")],
            ["Haldens Group Plc", "Halden Group"],
        ),
        (
            [("a", "ORG", "Tarrowind Corp"), ("b", "ORG", "Tarrowind"), ("c", "ORG", "Tarrownid")],
            ["Tarrowind", "Tarrownid"],
        ),
        (
            [("a", "ORG", "Orlan Bexford Tate Inc"), ("b", "ORG", "Orlan Tate Bexford Inc")],
            ["Orlan Bexford Tate Inc", "Orlan Tate Bexford Inc"],
        ),
        # the owner written before a name the corpus also uses alone
        (
            [
                ("a", "ORG", "Brill's Halden World"),
                ("a", "PERSON", "Tomas Brill"),
                ("b", "ORG", "Halden World Inc"),
                ("b", "ORG", "Halden World"),
            ],
            ["Brill's Halden World", "Halden World Inc"],
        ),
        # a person tagged ORG as often as PERSON still joins the spelling with a middle initial
        (
            [("a", "ORG", "Tobias Vell"), ("b", "PERSON", "Tobias Vell"), ("c", "PERSON", "Tobias L. Vell")],
            ["Tobias Vell", "Tobias L. Vell"],
        ),
        # a person's family name the NER took for a small town, in the articles that name the person
        ([("a", "PERSON", "Marta Harlow"), ("a", "GPE", "Harlow")], ["Marta Harlow", "Harlow"]),
        # a country the NER tagged ORG in one sentence
        (
            [("a", "GPE", "U.S."), ("b", "ORG", "U.S."), ("b", "GPE", "United States")],
            ["U.S.", "United States"],
        ),
    ],
)
def test_short_forms_slips_and_owners_link(mentions: list[tuple[str, str, str]], same: list[str]) -> None:
    idx = index_of(*(mention(s, label, text) for s, label, text in mentions))
    assert _same(idx, same), {e.name: e.aliases for e in idx.entities.values()}
    assert len({e.name for e in idx.entities.values()}) == len(idx.entities)  # no "-2" twin


@pytest.mark.parametrize(
    ("mentions", "apart"),
    [
        # a name with a legal form of its own is a company, not the short name of a longer one
        (
            [
                ("a", "ORG", "Caspian Harbor Inc"),
                ("b", "ORG", "Caspian Harbor"),
                ("b", "ORG", "Caspian Harbor Finance Corp"),
            ],
            ["Caspian Harbor Inc", "Caspian Harbor Finance Corp"],
        ),
        # the leading words of a public body name whose body it is
        (
            [("a", "ORG", "Harwick House Policy Council"), ("a", "FAC", "Harwick House")],
            ["Harwick House Policy Council", "Harwick House"],
        ),
        # a big city stays a place though a person bears its name
        ([("a", "PERSON", "Marta Houston"), ("a", "GPE", "Houston")], ["Marta Houston", "Houston"]),
        # two names one letter apart, each written in several articles, are two companies
        (
            [
                ("a", "ORG", "Velmar Corp"),
                ("b", "ORG", "Velmar Corp"),
                ("a", "ORG", "Helmar Corp"),
                ("b", "ORG", "Helmar Corp"),
            ],
            ["Velmar Corp", "Helmar Corp"],
        ),
        # a state ("Kingdom of Belvar") is not the short form of its gas board
        (
            [
                ("a", "GPE", "Kingdom of Belvar"),
                ("a", "ORG", "Belvar Gas Board"),
                ("b", "ORG", "Belvar Gas Board"),
                ("b", "GPE", "Belvar"),
            ],
            ["Belvar Gas Board", "Belvar"],
        ),
        # a short name part of two longer names, neither named in every article that uses it
        (
            [("a", "ORG", "Orrin Tool Co"), ("b", "ORG", "Brask Orrin Inc"), ("c", "ORG", "Orrin")],
            ["Orrin Tool Co", "Brask Orrin Inc"],
        ),
    ],
)
def test_more_names_kept_apart(mentions: list[tuple[str, str, str]], apart: list[str]) -> None:
    idx = index_of(*(mention(s, label, text) for s, label, text in mentions))
    assert len({idx.lookup(n) for n in apart}) == len(apart)


@pytest.mark.parametrize(
    ("mentions", "name", "type_"),
    [
        # the formal name is shown, not the short one the articles repeat
        (
            [("a", "ORG", "Velmont"), ("a", "ORG", "Velmont"), ("b", "ORG", "Velmont Stores Inc")],
            "Velmont Stores Inc",
            "ORG",
        ),
        (
            [("a", "ORG", "Brennick Tool corp"), ("b", "ORG", "Brennick Tool Corp")],
            "Brennick Tool Corp",
            "ORG",
        ),
        # without a legal form, the full name that contains the short one
        (
            [
                ("a", "ORG", "Velmont"),
                ("a", "ORG", "Velmont"),
                ("b", "ORG", "Compagnie Generale des Ateliers Velmont"),
            ],
            "Compagnie Generale des Ateliers Velmont",
            "ORG",
        ),
        # one article's slip is not the name shown
        (
            [("a", "ORG", "Ostley Tool Co"), ("a", "ORG", "Ostley Tool"), ("a", "ORG", "Osltey Tool Co")],
            "Ostley Tool Co",
            "ORG",
        ),
        # a family name tagged ORG after the person's full name
        (
            [("a", "PERSON", "Ivo Vell"), ("a", "ORG", "Vell"), ("a", "ORG", "Vell"), ("a", "ORG", "Vell")],
            "Ivo Vell",
            "PERSON",
        ),
    ],
)
def test_display_name_and_type(mentions: list[tuple[str, str, str]], name: str, type_: str) -> None:
    idx = index_of(*(mention(s, label, text) for s, label, text in mentions))
    entity = idx.entities[idx.lookup(mentions[0][2])]  # type: ignore[index]
    assert (entity.name, entity.type) == (name, type_)


def test_stock_symbols_are_no_aliases_but_still_resolve() -> None:
    defined = Claim(
        evidence=Evidence(source="a", text="Andes Copper Resources (ACR)", start=0, end=28),
        slot="org.name",
        subject="Andes Copper Resources",
        value="Andes Copper Resources",
        value_kind="name",
        text="Andes Copper Resources (ACR)",
        source="a",
    )
    ex = Extraction(
        article_id="a",
        mentions=[
            mention("a", "ORG", "Andes Copper Resources", acronym="ACR"),
            mention("a", "ORG", "Velmont Corp", acronym="V"),
        ],
        claims=[defined],
    )
    idx = resolve_entities([ex])
    velmont = idx.entities[idx.lookup("Velmont Corp")]  # type: ignore[index]
    andes = idx.entities[idx.lookup("Andes Copper Resources")]  # type: ignore[index]
    assert "V" not in velmont.aliases and idx.lookup("V") == velmont.id
    assert "ACR" in andes.aliases
