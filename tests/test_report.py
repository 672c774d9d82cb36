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
from dealclaims.formats._common import QUOTE_LIMIT, shorten
from dealclaims.models import Report

SECTIONS = ["Consensus facts", "Conflicts", "Single-source claims", "Who is who", "Document warnings"]


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
    assert lines[:2] == ["USSM and FWO sign critical-minerals MoU", "3 sources: dawn, tribune, wire"]
    positions = [lines.index(title) for title in SECTIONS]
    assert positions == sorted(positions)


def test_consensus_table(report: Report) -> None:
    consensus = _section(render_plain(report), "Consensus facts")
    assert "2/3" in consensus and "3/3" in consensus
    assert consensus.index("3/3") < consensus.index("2/3")  # support desc
    wide = _section(render_plain(report, width=160), "Consensus facts")
    assert "$500 million [approximately · first phase]" in wide  # literal text, not rich markup
    assert "investment · U.S. Strategic" in consensus and "org_ussm" not in consensus
    assert "Prime Minister House" not in consensus  # support 1 stays out


def test_conflict_lists_variants_with_sources(report: Report) -> None:
    conflicts = _section(render_plain(report), "Conflicts")
    assert "qualifier_mismatch · investment · U.S. Strategic Metals" in conflicts
    assert "Same amount; only some sources say it covers the first phase." in conflicts
    assert "  “$500 million” [first phase] — sources (dawn, wire)" in conflicts
    assert "  “$500 million” — source (tribune)" in conflicts
    assert "“a $500 million deal” (tribune)" in conflicts
    assert "…” (dawn)" in conflicts  # the long quote is shortened


def test_no_conflicts_says_none(report: Report) -> None:
    text = render_plain(report.model_copy(update={"conflicts": []}))
    assert "Conflicts: none" in text.splitlines()


def test_empty_sections_are_omitted() -> None:
    text = render_plain(Report(headline="Nothing"))
    assert text.splitlines() == ["Nothing", "0 sources", "", "Conflicts: none"]


def test_single_source_and_who_is_who(report: Report) -> None:
    text = render_plain(report)
    assert "place: Prime Minister House, Islamabad (tribune)" in _section(text, "Single-source claims")
    who = _section(text, "Who is who")
    assert "Natalie Baker" in who and "PERSON" in who and "Chargé d’Affaires" in who and "USSM" in who


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
