"""formats/: golden Markdown and JSONL of the seeds, HTML structure, and the CLI's --format / -o / show.

Regenerate the golden files only on purpose, after reading the diff:
    DEALCLAIMS_REGEN_GOLDEN=1 python -m pytest tests/test_formats.py
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import document_texts
from dealclaims.cli import app
from dealclaims.formats import (
    FORMATS,
    render,
    render_html,
    render_json,
    render_jsonl,
    render_markdown,
    render_plain,
)
from dealclaims.formats._common import report_items, short_ids
from dealclaims.formats.html import (
    CONSISTENT,
    CONTRADICTS,
    SILENT,
    STATES,
    agreement,
    content_security_policy,
    safe_url,
)
from dealclaims.formats.matrix import agreement_state
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
    assert "| # | Id | Slot | Fact | Support |" in text
    assert "### investment · U.S. Strategic Metals · qualifier mismatch `c1`" in text
    notes = re.findall(r"\[\^(\d+)\]:", text)
    assert notes and all(f"[^{n}]" in text.split("## Evidence")[0] for n in notes)


def test_markdown_escapes_table_breaking_characters(report: Report) -> None:
    report.facts[1].text = "A | B *and* [C]"
    assert "A \\| B \\*and\\* \\[C\\]" in render_markdown(report)


def test_html_is_self_contained_and_accessible(report: Report) -> None:
    page = render_html(report, {"dawn": "x " * 10 + report.facts[1].evidence[0].text})
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page), "no external resources"
    assert "<link" not in page and page.count('<table class="matrix"') == 1
    assert '<th scope="col">[1]</th>' in page and 'scope="row"' in page and "<caption>" in page
    assert '<meta name="viewport"' in page and "@media" in page
    rows = re.findall(r"<tr id=\"fact-", page)
    assert len(rows) == len(report.facts)
    assert '<mark id="ev-dawn-0"' in page


def test_agreement_is_read_through_agreement_state(report: Report) -> None:
    fact = report.facts[0]  # dawn and wire state it; tribune holds the other variant of the conflict
    assert agreement(report, fact) == {"dawn": STATES, "tribune": CONTRADICTS, "wire": STATES}
    assert set(agreement(report, report.facts[1]).values()) == {STATES}
    report.facts[1].sources, report.facts[1].consistent_sources = ["dawn"], ["tribune"]
    report.facts[1].silent_sources = ["wire"]
    assert agreement(report, report.facts[1]) == {"dawn": STATES, "tribune": CONSISTENT, "wire": SILENT}
    assert [agreement_state(report.facts[1], d.id) for d in report.documents] == [
        "states",
        "consistent",
        "silent",
    ]


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
    assert missing.exit_code == 1 and "no fact, conflict or origin with id 'zz'" in missing.stderr
    assert "f-" in missing.stderr and "x-" in missing.stderr and "o-" in missing.stderr  # every id kind


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


# ---------------------------------------------------------------- order, labels, ids in Markdown and HTML


def test_markdown_order_labels_and_spacing(report: Report) -> None:
    text = render_markdown(report)
    order = [
        "- **\\[1\\]**",
        "## Contested points",
        "## Consensus",
        "## Single-source claims",
        "## Who is who",
    ]
    positions = [text.index(mark) for mark in order]
    assert positions == sorted(positions)
    assert "**“$500 million”** \\[first phase\\]" in text  # a space before the qualifiers, outside the bold
    assert "““" not in text and "””" not in text


def test_html_order_sections_and_ids(report: Report) -> None:
    page = render_html(report)
    order = [
        'id="sources-h"',
        'id="conflicts-h"',
        'id="matrix-h"',
        'id="single-h"',
        'id="who-h"',
        'id="docs-h"',
    ]
    positions = [page.index(mark) for mark in order]
    assert positions == sorted(positions)
    assert '<span class="id">c1</span>' in page and "Who is who" in page
    assert "““" not in page and "””" not in page
    assert "word-break:keep-all" in page  # column headers never break mid-word


def test_html_has_shared_origins(seeds: Report) -> None:
    page = render_html(seeds, {})
    assert "Shared origins" in page and page.count('class="origin"') == len(seeds.origins)


# ---------------------------------------------------------------- hostile input (issue 10, items 9 and 10)


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://news.example/a", "https://news.example/a"),
        ("HTTP://news.example/a?b=1&c=2", "HTTP://news.example/a?b=1&c=2"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ('https://x.example/"onmouseover=alert(1)', None),
        ("//evil.example/x", None),
    ],
)
def test_only_http_urls_become_links(url: str, safe: str | None) -> None:
    assert safe_url(url) == safe


def _hostile(report: Report) -> Report:
    report.documents[0].url = "javascript:alert(1)"
    report.documents[0].outlet = "<script>alert(1)</script>"
    report.documents[1].url = "https://news.example/story"
    report.documents[1].title = "Deal </title><script>alert(2)</script>\x1b]0;pwned\x07"
    report.entities[0].name = "<img src=x onerror=alert(3)>"
    report.facts[1].text = "USSM and FWO <b>\u202e</b>"
    return report


def test_html_escapes_input_and_links_only_http(report: Report) -> None:
    page = render_html(_hostile(report), {"dawn": "text <script>alert(4)</script>"})
    assert "javascript:" not in page.split("<script>")[0].lower().replace("javascript:alert(1)</", "")
    assert 'href="javascript' not in page.lower()
    assert page.count("<script>") == 1  # the page's own
    assert "&lt;script&gt;alert(1)" in page and "&lt;img src=x" in page
    assert '<a href="https://news.example/story"' in page
    assert "\x1b" not in page and "\u202e" not in page and "\\x1b]0;pwned\\x07" in page


def test_html_content_security_policy_allows_only_its_own_script(report: Report) -> None:
    page = render_html(report)
    policy = content_security_policy()
    assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in page
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    script = page.split("<script>")[1].split("</script>")[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy


def test_markdown_escapes_input_and_links_only_http(report: Report) -> None:
    text = render_markdown(_hostile(report))
    unescaped = [m.start() for m in re.finditer(r"(?<!\\)<(?!https://)", text)]
    assert unescaped == [] and "javascript:" not in text
    assert "\\<script\\>alert(1)" in text and "\\<img src=x" in text
    assert "<https://news.example/story>" in text
    assert "\x1b" not in text and "\u202e" not in text


def test_show_never_prints_escape_raw(runner: CliRunner, report: Report, tmp_path: Path) -> None:
    report.facts[1].evidence[0] = (
        report.facts[1]
        .evidence[0]
        .model_copy(update={"text": "signed \x1b[2J\x1b]8;;https://evil.example\x07an MoU\u202e with FWO"})
    )
    path = tmp_path / "report.json"
    path.write_text(render_json(report), encoding="utf-8")
    for color in ("never", "always"):
        shown = runner.invoke(app, ["show", str(path), "f2", "--color", color])
        assert shown.exit_code == 0
        assert "\x1b[2J" not in shown.stdout and "\x1b]8" not in shown.stdout and "\u202e" not in shown.stdout
        assert "\\x1b[2J" in shown.stdout


def test_show_accepts_short_ids_and_origins(runner: CliRunner, seeds: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text(render_json(seeds), encoding="utf-8")
    ids = short_ids([*(i.id for i in report_items(seeds)), *(o.id for o in seeds.origins)])
    for full in [seeds.conflicts[0].id, seeds.facts[0].id, seeds.origins[0].id]:
        shown = runner.invoke(app, ["show", str(path), ids[full]])
        assert shown.exit_code == 0, shown.stderr
        assert shown.stdout.startswith(full)
    assert ids[seeds.conflicts[0].id] in render_plain(seeds, width=80)


# ---------------------------------------------------------------- the seeds' sheet at 80 columns (issue 13)


def test_seeds_sheet_at_80_columns_reads_at_a_glance(seeds: Report) -> None:
    lines = render_plain(seeds, width=80).splitlines()
    assert len(lines) <= 160 and max(len(line) for line in lines) <= 80
    first_phase = next(i for i, line in enumerate(lines) if "first phase" in line)
    assert first_phase < 30  # the contested value comes first
    headline = " ".join(lines[:3])
    assert "500 million (contested, see x-" in headline  # the disputed figure is not stated as settled
    assert (
        lines.index("Sources (5) in seeds/")
        < first_phase
        < next(i for i, line in enumerate(lines) if line.startswith("Consensus ("))
    )


def test_seeds_to_a_closed_pipe_prints_nothing_on_stderr(seeds: Report) -> None:
    """``dealclaims reconcile seeds/ | true`` (the report cache is warm from the ``seeds`` fixture)."""
    script = f"{sys.executable} -m dealclaims reconcile seeds/ | (exec 0<&-; true); exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.stderr == "" and done.returncode in (0, 141)
