"""diff.py: added / removed / changed facts and conflicts; the CLI's `diff` and `check --baseline`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from dealclaims.cli import app
from dealclaims.diff import diff_reports, render_diff
from dealclaims.formats import render_json
from dealclaims.models import Fact, Report


def test_same_report_no_changes(report: Report) -> None:
    diff = diff_reports(report, report.model_copy(deep=True))
    assert diff.empty and render_diff(diff) == "no changes in facts or conflicts\n"


def test_support_change_is_a_change_of_the_same_fact(report: Report) -> None:
    new = report.model_copy(deep=True)
    new.facts[1].support, new.facts[1].sources = 2, ["dawn", "wire"]
    diff = diff_reports(report, new)
    assert [c.id for c in diff.changed] == ["f2"] and not diff.added and not diff.removed
    assert diff.changed[0].details == ["support 3 -> 2", "sources -tribune"]


def test_new_value_for_the_same_slot_is_paired_as_changed(report: Report) -> None:
    new = report.model_copy(deep=True)
    new.facts[1] = new.facts[1].model_copy(update={"id": "f9", "text": "USSM and NHA"})
    diff = diff_reports(report, new)
    assert [(c.id, c.kind) for c in diff.changed] == [("f9", "fact")]
    assert "text 'USSM and FWO' -> 'USSM and NHA'" in diff.changed[0].details


def test_added_and_removed(report: Report) -> None:
    new = report.model_copy(deep=True)
    new.conflicts = []
    new.facts.append(
        Fact(id="f7", slot="deal.date", text="Monday", support=2, sources=["dawn", "wire"], evidence=[])
    )
    diff = diff_reports(report, new)
    assert [c.id for c in diff.added] == ["f7"] and [c.id for c in diff.removed] == ["c1"]
    text = render_diff(diff)
    assert text.startswith("1 added, 1 removed, 0 changed\n") and "+ fact f7 deal.date: Monday" in text


def test_render_diff_limit(report: Report) -> None:
    new = report.model_copy(deep=True)
    new.facts, new.conflicts, new.single_source = [], [], []
    assert render_diff(diff_reports(report, new), limit=2).splitlines()[-1] == "… 2 more lines"


def _write(path: Path, report: Report) -> Path:
    path.write_text(render_json(report), encoding="utf-8")
    return path


def test_cli_diff_exit_codes(runner: CliRunner, report: Report, tmp_path: Path) -> None:
    old = _write(tmp_path / "old.json", report)
    same = runner.invoke(app, ["diff", str(old), str(old)])
    assert same.exit_code == 0 and same.stdout == "no changes in facts or conflicts\n"
    changed = report.model_copy(deep=True)
    changed.facts[1].support = 2
    result = runner.invoke(app, ["diff", str(old), str(_write(tmp_path / "new.json", changed))])
    assert result.exit_code == 1 and "~ fact f2" in result.stdout


def test_cli_check_baseline(
    runner: CliRunner, report: Report, stub_pipeline: Callable[[Callable[..., Report]], None], tmp_path: Path
) -> None:
    report.skipped = []
    article = tmp_path / "a.txt"
    article.write_text("Text.", encoding="utf-8")
    baseline = _write(tmp_path / "baseline.json", report)
    stub_pipeline(lambda inputs, settings: report)
    ok = runner.invoke(app, ["check", str(article), "--baseline", str(baseline)])
    assert ok.exit_code == 0 and "no drift" in ok.stdout
    drifted = report.model_copy(deep=True)
    drifted.conflicts = []
    stub_pipeline(lambda inputs, settings: drifted)
    result = runner.invoke(app, ["check", str(article), "--baseline", str(baseline)])
    assert result.exit_code == 1
    assert "drift from baseline" in result.stdout and "- conflict c1" in result.stdout
    assert "refresh the baseline" in result.stdout and "drifted from the baseline" in result.stderr
