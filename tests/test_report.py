"""report.py: JSON, schema and the fact sheet, on a hand-built Report (no spaCy)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from rich.console import Group

from dealclaims.formats import (
    render_check,
    render_fact_sheet,
    render_json,
    render_plain,
    report_schema,
)
from dealclaims.formats._common import (
    QUOTE_LIMIT,
    display_headline,
    short_ids,
    shorten,
    snippet,
    source_labels,
    visible,
)
from dealclaims.models import Conflict, Report

SECTIONS = [
    "Sources (3) in seeds/",
    "Contested points (1)",
    "Consensus (2 facts stated by 2 or more sources)",
    "Agreement (by fact number)  ✓ states  ~ less specific  ✗ differs  · silent",
    "Single-source claims: 1 (1 place); -v lists them",
    "Who is who",
    "Document warnings",
]


# ---------------------------------------------------------------- JSON


def test_json_is_deterministic_and_ends_with_newline(report: Report) -> None:
    text = render_json(report)
    assert text == render_json(report.model_copy(deep=True))
    assert text.endswith("}\n")


def test_json_has_the_model_dump_content(report: Report) -> None:
    assert json.loads(render_json(report)) == json.loads(report.model_dump_json())


def test_json_keeps_field_order_and_sorts_free_dicts(report: Report) -> None:
    data = json.loads(render_json(report))
    assert list(data) == [
        name for name in Report.model_fields if name != "stories"
    ]  # stories: only when several
    assert list(data["facts"][0]["value"]) == ["amount", "currency", "kind"]
    assert list(data["entities"][1]["titles_by_source"]) == ["dawn", "wire"]


def test_json_validates_against_schema(report: Report) -> None:
    jsonschema.validate(json.loads(render_json(report)), json.loads(report_schema()))


def test_schema_is_sorted_json_schema() -> None:
    text = report_schema()
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert text == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert schema["title"] == "Report"


# ---------------------------------------------------------------- fact sheet


def test_fact_sheet_is_a_group(report: Report) -> None:
    assert isinstance(render_fact_sheet(report), Group)


def test_sections_in_order(report: Report) -> None:
    lines = render_plain(report).splitlines()
    assert lines[0] == "USSM and FWO sign critical-minerals MoU"
    positions = [lines.index(title) for title in SECTIONS]
    assert positions == sorted(positions)


def test_legend_defines_each_label_once_with_title_byline_and_file(report: Report) -> None:
    report.documents[0].title, report.documents[0].byline = "Minerals pact signed", "Ayesha Khan"
    legend = _section(render_plain(report), "Sources (3) in seeds/")
    assert legend.splitlines()[1:4] == [
        "[1] dawn.txt: “Minerals pact signed” by Ayesha Khan",
        "[2] tribune.txt",
        "[3] wire.txt",
    ]


@pytest.mark.parametrize(
    ("outlet", "title", "label"),
    [
        ("Morning Ledger", None, "Morning Ledger"),
        (None, "Minerals pact signed | The Harbour Times", "The Harbour Times"),
        (None, "Minerals pact signed - in full", "[1]"),
        (None, None, "[1]"),
    ],
)
def test_source_label_is_the_outlet_or_the_titles_site_else_a_number(
    report: Report, outlet: str | None, title: str | None, label: str
) -> None:
    report.documents[0].outlet, report.documents[0].title = outlet, title
    assert source_labels(report)["dawn"] == label


def test_consensus_table(report: Report) -> None:
    consensus = _section(render_plain(report), "Consensus (2 facts stated by 2 or more sources)")
    assert "3/3 [1][2][3]" in consensus and "2/3 [1][3]" in consensus  # support and labels on one line
    assert consensus.index("3/3") < consensus.index("2/3")  # support desc
    wide = _section(render_plain(report, width=160), "Consensus (2 facts stated by 2 or more sources)")
    assert "$500 million [approximately · first phase]" in wide  # literal text, not rich markup
    assert "(contested, see c1)" in wide  # its slot holds a conflict
    assert "investment · U.S. Strategic" in consensus and "org_ussm" not in consensus
    assert "Prime Minister House" not in consensus  # support 1 stays out
    assert " f2 " in consensus and " f1 " in consensus  # ids `dealclaims show` accepts


def test_conflict_shows_variants_side_by_side_with_one_snippet_per_source(report: Report) -> None:
    conflicts = _section(render_plain(report), "Contested points (1)")
    assert "c1 investment · U.S. Strategic Metals · qualifier mismatch" in conflicts
    assert "Same amount; only some sources say it covers the first phase." in conflicts
    first = conflicts.splitlines()[3]
    assert "A “$500 million” [first phase]" in first and "B “$500 million”" in first  # side by side
    assert "2/3 [1][3]" in conflicts and "1/3 [2]" in conflicts
    assert "[2] “a $500 million deal”" in conflicts
    assert "…”" in conflicts  # the long quote is shortened


def test_contested_headline_value_is_marked() -> None:
    """The library marks a contested value with its conflict's id; renderers show the short id."""
    report = Report(
        headline="Memorandum of understanding between Acme and Keld · USD 500,000,000 (contested, see "
        "x-12345678) · signed Monday",
        conflicts=[
            Conflict(
                id="x-12345678", slot="deal.value", kind="qualifier_mismatch", variants=[], explanation=""
            )
        ],  # fmt: skip
    )
    assert display_headline(report, {"x-12345678": "x-1234"}) == (
        "Memorandum of understanding between Acme and Keld · USD 500,000,000 (contested, see x-1234)"
        " · signed Monday"
    )


def test_no_conflicts_says_none(report: Report) -> None:
    text = render_plain(report.model_copy(update={"conflicts": []}))
    assert "Contested points: none" in text.splitlines()


def test_empty_sections_are_omitted() -> None:
    text = render_plain(Report(headline="Nothing"))
    assert text.splitlines() == ["Nothing", "", "0 sources", "", "Contested points: none"]


def test_single_source_claims_are_counted_and_listed_with_verbose(report: Report) -> None:
    assert "Prime Minister House" not in render_plain(report)
    listed = _section(render_plain(report, verbose=True), "Single-source claims (1)")
    assert "f3 place: Prime Minister House, Islamabad [2]" in listed


def test_who_is_who(report: Report) -> None:
    who = _section(render_plain(report), "Who is who")
    assert "Natalie Baker" in who and "PERSON" in who and "Chargé d’Affaires" in who and "USSM" in who


def test_one_article_has_nothing_to_reconcile(report: Report) -> None:
    one = report.model_copy(update={"documents": report.documents[:1]})
    text = render_plain(one)
    assert "One article: nothing to reconcile" in text
    assert "Contested points" not in text and "Differences within the article (1)" in text
    assert "f3 place: Prime Minister House, Islamabad [2]" not in text  # tribune is not the one article
    assert "Claims (1)" in text and "-v lists them" not in text  # listed without -v


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("esc \x1b[31mred", "esc \\x1b[31mred"),
        ("osc \x1b]8;;https://x.example\x07link", "osc \\x1b]8;;https://x.example\\x07link"),
        ("bidi \u202egnp.exe", "bidi \\u202egnp.exe"),
        ("c1 \x9b2J", "c1 \\x9b2J"),
        ("tab\tand newline\n", "tab\tand newline\n"),
    ],
)
def test_visible_escapes_control_characters(text: str, expected: str) -> None:
    assert visible(text) == expected


def test_fact_sheet_never_prints_escape_sequences(report: Report) -> None:
    report.documents[0].title = "Pact \x1b]0;owned\x07 signed \u202e"
    report.entities[0].name = "Evil\x1b[2J Corp"
    report.skipped[0].path = "seeds/bad\x1b[31m.txt"
    text = render_plain(report, width=200, verbose=True)
    assert "\x1b" not in text and "\u202e" not in text
    assert "Pact \\x1b]0;owned\\x07 signed \\u202e" in text and "Evil\\x1b[2J Corp" in text


@pytest.mark.parametrize(
    ("sentence", "claim", "limit", "expected"),
    [
        ("Acme will pay $5 million.", "$5 million", 60, "Acme will pay $5 million."),
        (
            "After many months of talks in three capitals the board of Acme finally agreed to pay $5 million for Keld.",
            "$5 million",
            40,
            "…agreed to pay $5 million for Keld.",  # near the end: the room goes before it
        ),
        (
            "The first phase of the deal is worth about $5 million according to people familiar with it.",
            "first phase … about $5 million",
            50,
            "…first phase of the deal is worth about $5…",  # longer than the room: starts at the claim
        ),
        (
            "Words without the claim at all in them, long enough to cut.",
            "$9 billion",
            30,
            "Words without the claim at…",
        ),
    ],
)
def test_snippet_is_centred_on_the_claim_and_never_cut_before_it(
    sentence: str, claim: str, limit: int, expected: str
) -> None:
    assert snippet(sentence, claim, limit) == expected


def test_short_ids_are_unique_prefixes() -> None:
    ids = short_ids(["f-abcdef1234", "f-abcd991234", "x-0011223344", "o-0011223344"])
    assert ids == {"f-abcdef1234": "f-abcde", "f-abcd991234": "f-abcd9", "x-0011223344": "x-0011",
                   "o-0011223344": "o-0011"}  # fmt: skip


def test_warnings_list_documents_and_skipped(report: Report) -> None:
    warnings = _section(render_plain(report), "Document warnings")
    assert "wire: repaired mojibake" in warnings
    assert "seeds/broken.bin: binary file" in warnings


def test_unknown_subject_id_is_shown_as_is(report: Report) -> None:
    report.facts[0].subject = "org_unknown"
    assert "investment · org_unknown" in render_plain(report, width=200)


@pytest.mark.parametrize("width", [60, 100])
def test_plain_fits_width_without_trailing_spaces(report: Report, width: int) -> None:
    lines = render_plain(report, width=width).splitlines()
    assert all(len(line) <= width and line == line.rstrip() for line in lines)


def test_check_summary(report: Report) -> None:
    assert render_check(report).splitlines() == [
        "ok dawn (2 facts, 1 conflict)",
        "ok tribune (2 facts, 1 conflict)",
        "ok wire (2 facts, 1 conflict)",
        "  warning: repaired mojibake",
    ]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 160, "short"),
        ("  spread\n over   lines ", 160, "spread over lines"),
        ("one two three four", 10, "one two…"),
        ("abcdefghijklmnop", 10, "abcdefghi…"),
    ],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected


def test_shorten_default_limit() -> None:
    assert len(shorten("word " * 100)) <= QUOTE_LIMIT


def _section(text: str, title: str) -> str:
    """The lines of one section, from its title to the next blank line."""
    lines = text.splitlines()
    start = lines.index(title)
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return "\n".join(lines[start:end])


def test_an_outlet_several_sources_share_is_numbered_and_named_in_the_legend(report: Report) -> None:
    for doc in report.documents:
        doc.outlet = "Harbour Wire"
    report.documents[2].outlet = "Morning Ledger"
    assert source_labels(report) == {"dawn": "[1]", "tribune": "[2]", "wire": "Morning Ledger"}
    legend = _section(render_plain(report), "Sources (3) in seeds/")
    assert "[1]            dawn.txt (Harbour Wire)" in legend and "Morning Ledger tribune" not in legend
