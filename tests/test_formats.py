"""formats/: golden Markdown and JSONL of the seeds, HTML structure, and the CLI's --format / -o / show.

Regenerate the golden files only on purpose, after reading the diff:
    DEALCLAIMS_REGEN_GOLDEN=1 python -m pytest tests/test_formats.py
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import document_texts
from dealclaims.cli import app
from dealclaims.formats import FORMATS, render, render_html, render_json, render_jsonl, render_markdown
from dealclaims.formats.html import CONSISTENT, CONTRADICTS, SILENT, STATES, agreement
from dealclaims.models import Report

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture
def calls(report: Report, stub_pipeline: Callable[[Callable[..., Report]], None]) -> list[object]:
    """build_report returns the fixture report."""
    seen: list[object] = []

    def build_report(inputs: object, settings: object) -> Report:
        seen.append(inputs)
        return report

    stub_pipeline(build_report)
    return seen


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text("Northwind and Keld sign an MoU.\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seeds() -> Report:
    from dealclaims.pipeline import build_report

    cwd = os.getcwd()
    os.chdir(ROOT)  # document paths in the report are as given: "seeds/..."
    try:
        return build_report(["seeds"])
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(
    ("name", "renderer"), [("seeds_report.md", render_markdown), ("seeds_report.jsonl", render_jsonl)]
)
def test_golden(seeds: Report, name: str, renderer: Callable[[Report], str]) -> None:
    rendered = renderer(seeds)
    if os.environ.get("DEALCLAIMS_REGEN_GOLDEN"):
        (GOLDEN / name).write_text(rendered, encoding="utf-8")
    assert rendered == (GOLDEN / name).read_text(encoding="utf-8"), (
        f"{name} changed: review, then regenerate it"
    )


def test_jsonl_has_one_typed_line_per_item(seeds: Report) -> None:
    lines = [json.loads(line) for line in render_jsonl(seeds).splitlines()]
    kinds = [line["type"] for line in lines]
    assert kinds[0] == "report"
    assert kinds.count("fact") == len(seeds.facts) and kinds.count("conflict") == len(seeds.conflicts)
    assert kinds.count("entity") == len(seeds.entities) and kinds.count("document") == len(seeds.documents)


def test_markdown_has_a_table_conflicts_and_footnotes(report: Report) -> None:
    text = render_markdown(report)
    assert text.startswith("# USSM and FWO sign critical-minerals MoU\n")
    assert "| Slot | Fact | Support | Sources |" in text
    assert "### qualifier\\_mismatch" not in text and "### qualifier_mismatch · investment" in text
    notes = re.findall(r"\[\^(\d+)\]:", text)
    assert notes and all(f"[^{n}]" in text.split("## Evidence")[0] for n in notes)


def test_markdown_escapes_table_breaking_characters(report: Report) -> None:
    report.facts[1].text = "A | B *and* [C]"
    assert "A \\| B \\*and\\* \\[C\\]" in render_markdown(report)


def test_html_is_self_contained_and_accessible(report: Report) -> None:
    page = render_html(report, {"dawn": "x " * 10 + report.facts[1].evidence[0].text})
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page), "no external resources"
    assert "<link" not in page and page.count("<table") == 1
    assert '<th scope="col">dawn</th>' in page and 'scope="row"' in page and "<caption>" in page
    assert '<meta name="viewport"' in page and "@media" in page
    rows = re.findall(r"<tr id=\"fact-", page)
    assert len(rows) == len(report.facts)
    assert '<mark id="ev-dawn-0"' in page


def test_agreement_states_contradicts_silent(report: Report) -> None:
    fact = report.facts[0]  # dawn and wire state it; tribune holds the other variant of the conflict
    assert agreement(report, fact) == {"dawn": STATES, "tribune": CONTRADICTS, "wire": STATES}
    assert set(agreement(report, report.facts[1]).values()) == {STATES}
    report.facts[1].sources, report.facts[1].consistent_sources = ["dawn"], ["tribune"]
    assert agreement(report, report.facts[1]) == {"dawn": STATES, "tribune": CONSISTENT, "wire": SILENT}


def test_outlet_replaces_the_file_id_when_known(report: Report) -> None:
    report.documents[0].outlet = "Morning Ledger"
    assert "Morning Ledger" in render_markdown(report) and "Morning Ledger" in render_html(report)
    assert json.loads(render_json(report))["documents"][0]["id"] == "dawn"


def test_render_rejects_an_unknown_format(report: Report) -> None:
    assert FORMATS == ("table", "json", "jsonl", "markdown", "html")
    with pytest.raises(ValueError, match="unknown format"):
        render(report, "pdf")


def test_seeds_html_has_a_mark_for_every_link(seeds: Report) -> None:
    page = render_html(seeds, document_texts(["seeds"]))
    ids = set(re.findall(r' id="([^"]+)"', page))
    targets = set(re.findall(r' href="#([^"]+)"', page))
    assert targets and targets <= ids


# ---------------------------------------------------------------- CLI


@pytest.mark.parametrize(
    ("fmt", "start"), [("markdown", "# USSM"), ("jsonl", '{"type": "report"'), ("html", "<!DOCTYPE html>")]
)
def test_cli_format(runner: CliRunner, calls: list, article: Path, fmt: str, start: str) -> None:  # type: ignore[type-arg]
    result = runner.invoke(app, ["reconcile", str(article), "--format", fmt])
    assert result.stdout.startswith(start)
    assert result.exit_code == 1  # the fixture report has a skipped file


def test_cli_output_format_from_the_extension(
    runner: CliRunner, calls: list, article: Path, tmp_path: Path
) -> None:  # type: ignore[type-arg]
    out = tmp_path / "sheet.md"
    result = runner.invoke(app, ["reconcile", str(article), "-o", str(out), "--quiet"])
    assert out.read_text(encoding="utf-8").startswith("# USSM") and result.stdout == ""
    assert result.stderr == "" and result.exit_code == 1  # --quiet: the skipped file is not listed


def test_cli_json_shortcut_wins(runner: CliRunner, calls: list, article: Path) -> None:  # type: ignore[type-arg]
    result = runner.invoke(app, ["reconcile", str(article), "--json", "--format", "markdown"])
    assert json.loads(result.stdout)["headline"].startswith("USSM")


def test_cli_show_fact_and_conflict(runner: CliRunner, report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text(render_json(report), encoding="utf-8")
    fact = runner.invoke(app, ["show", str(path), "f2"])
    assert fact.exit_code == 0 and "signatories" in fact.stdout and "dawn" in fact.stdout
    assert "»FWO«" not in fact.stdout and "signed an MoU with FWO" in fact.stdout
    conflict = runner.invoke(app, ["show", str(path), "c1"])
    assert (
        conflict.exit_code == 0
        and "qualifier_mismatch" in conflict.stdout
        and "»$500 million«" in conflict.stdout
    )
    missing = runner.invoke(app, ["show", str(path), "zz"])
    assert missing.exit_code == 1 and "no fact or conflict with id 'zz'" in missing.stderr


def test_cli_show_rejects_a_file_that_is_not_a_report(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text('{"facts": 3}', encoding="utf-8")
    result = runner.invoke(app, ["show", str(path), "f1"])
    assert result.exit_code == 1 and "not a dealclaims JSON report" in result.stderr


# ---------------------------------------------------------------- Python API


def test_reconcile_api_maps_options_and_reports_progress(tmp_path: Path) -> None:
    import dealclaims

    for name, place in (("a", "Oslo"), ("b", "Bergen")):
        (tmp_path / f"{name}.txt").write_text(
            f"Northwind Mining and Keld Metals signed a memorandum of understanding in {place} on Monday, "
            "the companies said in a joint statement.\n",
            encoding="utf-8",
        )
    seen: list[tuple[int, int]] = []
    report = dealclaims.reconcile(
        tmp_path, cache=False, progress=lambda done, total: seen.append((done, total))
    )
    assert isinstance(report, Report) and [d.id for d in report.documents] == ["a", "b"]
    assert seen[-1] == (2, 2)


def test_reconcile_api_rejects_unknown_options() -> None:
    import dealclaims

    with pytest.raises(TypeError, match="claim_similarty"):
        dealclaims.reconcile("seeds", claim_similarty=80)
    assert callable(dealclaims.reconcile)  # still the function after the submodule is imported
    import dealclaims.consensus.facts as module  # noqa: F401

    assert callable(dealclaims.reconcile)
