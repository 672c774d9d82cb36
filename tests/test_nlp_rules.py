"""The NER corrections and slot rules on text that is not from the seeds (pinned model)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from dealclaims.cli import app
from dealclaims.extract import extract_article
from dealclaims.formats import report_schema
from dealclaims.load import article_from_bytes
from dealclaims.nlp import build_nlp

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


@pytest.mark.parametrize(
    ("text", "entity", "label"),
    [
        (
            "Chile signed a deal with Andes Copper Resources (ACR) on Tuesday.",
            "Andes Copper Resources",
            "ORG",
        ),
        (
            "The pact was signed by Deputy Minister of Mines Roberto Alvarez Soto in Santiago.",
            "Roberto Alvarez Soto",
            "PERSON",
        ),
        ("Acting Deputy Chief of Mission Lena Ortiz attended the signing.", "Lena Ortiz", "PERSON"),
        ("The accord was signed at the President's House in Lusaka.", "President's House", "FAC"),
        ("Deposits lie in Ontario, Quebec, and British Columbia.", "British Columbia", "GPE"),
    ],
)
def test_entity_corrections(nlp, text: str, entity: str, label: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    assert (entity, label) in {(e.text, e.label_) for e in doc.ents}


@pytest.mark.parametrize(
    "text",
    [
        "The MoU was signed on Monday between the two firms.",
        "Officials signed two MoUs and a memorandum of understanding (MoU).",
    ],
)
def test_deal_words_are_never_entities(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in nlp(text).ents if "MoU" in e.text or "memorandum" in e.text.lower()]


def test_slot_rules_on_another_deal(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        b"Zambia Copper Mines (ZCM) and Boreal Metals Group (BMG) signed a joint venture agreement worth about "
        b"$1.2 billion on Tuesday at the President's House in Lusaka.\n"
        b"Boreal Metals Group, a Canadian mining company, is headquartered in Ontario.\n"
        b'"This is a historic day for our industry," Minister of Mines Paul Kabwe said.\n'
    )
    article = article_from_bytes(text, path="zambia.txt")
    claims = extract_article(nlp(article.body), article).claims
    got = {(c.slot, json.dumps(c.value, sort_keys=True)) for c in claims}
    assert ("deal.value", json.dumps({"amount": 1200000000, "currency": "USD"})) in got
    assert ("deal.type", '"joint venture"') in got
    assert ("deal.date", '"tuesday"') in got
    assert ("org.hq", '"Ontario"') in got
    [value] = [c for c in claims if c.slot == "deal.value"]
    assert [q.value for q in value.qualifiers if q.kind == "hedge"] == ["about"]
    [quote] = [c for c in claims if c.slot == "quote"]
    assert quote.attributed_to == "Paul Kabwe"
    for c in claims:
        assert article.text[c.evidence.start : c.evidence.end] == c.evidence.text


def test_seed_json_validates_against_the_schema() -> None:
    report = json.loads((ROOT / "tests/golden/seeds_report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, json.loads(report_schema()))


def test_check_fails_on_an_empty_file_and_names_it(tmp_path: Path) -> None:
    shutil.copy(next((ROOT / "seeds").glob("*.txt")), tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "empty" in result.stderr
    assert "ok good" in result.stdout
    ok = CliRunner().invoke(app, ["check", str(ROOT / "seeds")])
    assert ok.exit_code == 0


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        # dateline and the agency it names
        ("BRAMFORD, Calif., March 4 (Tidewire) - Velmont Corp agreed to buy Quessa Labs.", "BRAMFORD"),
        ("BRAMFORD, Calif., March 4 (Tidewire) - Velmont Corp agreed to buy Quessa Labs.", "Tidewire"),
        # photo credit
        ("Velmont Corp agreed to buy Quessa Labs. (AP Photo/Harriet Lune, File)", "Harriet Lune"),
        ("Photo: Workers at the Quessa Labs plant in Ostrava.\nVelmont Corp said so.", "Photo: Workers"),
        # flag and section label at the start of a line
        ("URGENT: Velmont Corp to buy Quessa Labs.", "URGENT"),
        ("Background:\nVelmont Corp was founded in Ostrava by Ivo Brandl.", "Background"),
        # social handle
        ("Velmont Corp wrote on @VelmontNews that it will buy Quessa Labs.", "@VelmontNews"),
        # byline
        ("By Harriet Lune\nVelmont Corp agreed to buy Quessa Labs on Monday.", "Harriet Lune"),
        # sentence-initial capitalised common noun
        ("Understanding the deal took time. Velmont Corp said its understanding improved.", "Understanding"),
        # fragment ending in a function word
        ("The Board of directors of Velmont Corp approved the plan.", "Board of"),
        # wire abbreviation and time zone after a number
        ("Velmont Corp offered 45 dlrs a share at 1530 GMT for Quessa Labs.", "dlrs"),
        ("Velmont Corp offered 45 dlrs a share at 1530 GMT for Quessa Labs.", "GMT"),
        # ticker
        ("Velmont Corp <VLM> agreed to buy Quessa Labs <QSL> for cash.", "VLM"),
        # a listing in brackets: the exchange and the symbol
        ("Velmont Corporation (NYSE: VLMC) today announced that it will buy Quessa Labs.", "NYSE"),
    ],
)
def test_junk_never_becomes_an_entity(nlp, text: str, junk: str) -> None:  # type: ignore[no-untyped-def]
    ents = {
        e.text.strip() for e in nlp(text).ents if e.label_ in ("ORG", "PERSON", "GPE", "LOC", "FAC", "NORP")
    }
    assert not [e for e in ents if junk in e], ents


@pytest.mark.parametrize(
    ("text", "entity", "label"),
    [
        ("Velmont Corp <VLM> agreed to buy Quessa Labs for cash.", "Velmont Corp", "ORG"),
        (
            "Velmont Corporation (NYSE: VLMC) today announced that it will buy Quessa Labs.",
            "Velmont Corporation",
            "ORG",
        ),
        ("The Brannock-based maker sold shares. Ostrel Tools is Brannock-based too.", "Brannock", "GPE"),
        ("Ostrel Tools moved its office to Brannock, Pennsylvania, last year.", "Brannock", "GPE"),
    ],
)
def test_names_next_to_junk_survive(  # type: ignore[no-untyped-def]
    nlp, text: str, entity: str, label: str
) -> None:
    assert (entity, label) in {(e.text, e.label_) for e in nlp(text).ents}


def test_bracketed_wire_name_is_an_organisation_wherever_repeated(  # type: ignore[no-untyped-def]
    nlp,
) -> None:
    doc = nlp("<Halden Crest Partners> said it bought shares. Halden Crest Partners said the price was fair.")
    assert [e.text for e in doc.ents if e.label_ == "ORG"].count("Halden Crest Partners") == 2


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        (
            "TORONTO, April 2 - Halloway and Prim's Corp said it may cut the rating.",
            "Halloway and Prim's Corp",
        ),
        ("Analysts at Chrysler and Velmont Corp disagreed.", "Velmont Corp"),
    ],
)
def test_partnership_names(nlp, text: str, entity: str) -> None:  # type: ignore[no-untyped-def]
    assert entity in {e.text for e in nlp(text).ents}


def test_sentence_initial_name_used_mid_sentence_stays(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Vantor said it would bid. Analysts expect Vantor to raise the offer.")
    assert "Vantor" in {e.text for e in doc.ents if e.start == 0}


@pytest.mark.parametrize(
    ("text", "entity", "label"),
    [
        # proper nouns the model leaves out before a name that ends in a legal form
        (
            "Traders doubt a rival will beat the 410 mln dlr offer for Brennick Courier Corp by Halden LBO Inc.",
            "Brennick Courier Corp",
            "ORG",
        ),
        # a particle inside a family name after a title
        (
            "Velmont named two Dixley officers -- Vice-Chairman and Finance Director Egon von Harlstein, "
            "and Secretary Ivo Marsh.",
            "Egon von Harlstein",
            "PERSON",
        ),
        # a firm named after its partners, spelled out before its acronym
        (
            "Velmont agreed to sell its unit to a fund run by Brill, Tenney, Halvard and Orme (BTHO) for cash.",
            "Brill, Tenney, Halvard and Orme",
            "ORG",
        ),
        (
            "Bankers Harrow Lambert Inc and Tomas Kell and Sons Inc found it fair.",
            "Tomas Kell and Sons Inc",
            "ORG",
        ),
        # a common noun after an organisation's name is not part of it
        (
            "Conwell said the Velmont Stores board met on Friday to discuss the offer.",
            "Velmont Stores",
            "ORG",
        ),
        # a title word inside a company's name is no title
        (
            "CHICAGO, May 2 - <Velmont Group Corp> said it wrote to Brannock General Corp <BGC> about its offer.",
            "Brannock General Corp",
            "ORG",
        ),
        # a name an organisation owns, modifying a common noun, is no person or place
        ("Halvern sells tools through its Quorra chain of hardware outlets in the north.", "Quorra", "ORG"),
        ("Halvern struggled to merge Brisco Foods into its Tarnmark store business.", "Tarnmark", "ORG"),
        # the proper nouns after "at" an occupation works at
        ("Analysts at Kessel Marrow said the terms looked generous.", "Kessel Marrow", "ORG"),
        # a firm named after its partners, tagged word by word; the dateline's date stays
        (
            "BOSTON, June 3 - Brill, Tenney and Kessel, a Boston investment partnership, said it now holds "
            "212,400 shares of Velmont Inc.",
            "Brill, Tenney and Kessel",
            "ORG",
        ),
        (
            "BOSTON, June 3 - Brill, Tenney and Kessel, a Boston investment partnership, said it now holds "
            "212,400 shares of Velmont Inc.",
            "June 3",
            "DATE",
        ),
        # a list of companies stays a list
        ("Bids came from Velmont Corp, Halden Inc and Brill Corp on Monday.", "Halden Inc", "ORG"),
        # a state written short after its city is a place, not an organisation
        ("Velmont Corp of Brannock, Conn., said it agreed to buy Quessa Labs.", "Conn.", "GPE"),
        (
            "Velmont Corp bid for Quessa Labs, a Brannock, Conn., maker of valves.",
            "Conn.",
            "GPE",
        ),
        # "X, said the fund": a clause after a person's name is no apposition that makes it a firm
        (
            "Orsk's senior partner, Lucia Vellberg, said the bank liked the yields of the port.",
            "Lucia Vellberg",
            "PERSON",
        ),
    ],
)
def test_names_completed_and_typed(nlp, text: str, entity: str, label: str) -> None:  # type: ignore[no-untyped-def]
    assert (entity, label) in {(e.text, e.label_) for e in nlp(text).ents}


def test_partner_tail_joins_the_name_before_and() -> None:
    import spacy
    from spacy.tokens import Span

    from dealclaims.lexicon import load_lexicon
    from dealclaims.nlp.entity_rules import EntityEdits, EntityRules

    doc = spacy.blank("en")("Bankers Tomas Kell and Sons Inc found it fair.")
    doc.ents = [Span(doc, 1, 3, label="PERSON"), Span(doc, 4, 6, label="ORG")]
    edits = EntityEdits()
    EntityRules(load_lexicon())._match_partnerships(doc, doc.ents, edits)
    assert [(s.text, s.label_) for s in edits.add] == [("Tomas Kell and Sons Inc", "ORG")]


@pytest.mark.parametrize(
    "text",
    [
        "Hollen and Prim's said H and P would review the debt of Velmont Corp.",
        "Velmont Corp said the Quessa Labs board approved the plan on Monday.",
    ],
)
def test_letters_and_trailing_nouns_are_no_names(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    ents = [e for e in nlp(text).ents if e.label_ in ("ORG", "PERSON", "GPE")]
    assert not [e for e in ents if len(e.text.replace(".", "")) == 1 or e[-1].is_lower], ents


def test_speaker_glued_after_a_comma_is_split_off() -> None:
    import spacy
    from spacy.tokens import Span

    from dealclaims.lexicon import load_lexicon
    from dealclaims.nlp.entity_rules import EntityEdits, EntityRules

    doc = spacy.blank("en")("Ivo Tarrant agreed. A combined Velmont , Tarrant said it .")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 6, 9, label="ORG")]
    doc[8].dep_, doc[9].pos_ = "nsubj", "VERB"
    edits = EntityEdits()
    EntityRules(load_lexicon())._split_glued_speakers(doc, doc.ents, edits)
    assert (6, 9) in edits.drop
    assert [(s.text, s.label_) for s in edits.add] == [("Velmont", "ORG"), ("Tarrant", "PERSON")]


@pytest.mark.parametrize(
    ("ents", "compounds", "expected"),
    [
        # two names written as one: the second ends in the legal form of the whole
        ([(1, 3, "ORG"), (3, 5, "PERSON")], [], ("Harmon Brill Petrovich Inc", "ORG")),
        # a proper noun the model left out, a compound of the name's head
        ([(2, 5, "PERSON")], [1], ("Harmon Brill Petrovich Inc", "ORG")),
    ],
)
def test_name_heads(
    ents: list[tuple[int, int, str]], compounds: list[int], expected: tuple[str, str]
) -> None:
    import spacy
    from spacy.tokens import Span

    from dealclaims.lexicon import load_lexicon
    from dealclaims.nlp.entity_rules import EntityEdits, EntityRules

    doc = spacy.blank("en")("from Harmon Brill Petrovich Inc today")
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    for i in compounds:
        doc[i].pos_, doc[i].dep_, doc[i].head = "PROPN", "compound", doc[4]
    edits = EntityEdits()
    EntityRules(load_lexicon())._match_name_heads(doc, doc.ents, [], edits)
    assert [(s.text, s.label_) for s in edits.add] == [expected]
