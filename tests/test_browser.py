"""The seeds' HTML report in a real headless Chromium (Debian's `chromium`, driven by python playwright).

Skipped, saying why, when chromium or playwright is absent. Uses the golden JSON report, so no spaCy run.
Set DEALCLAIMS_SCREENSHOT=1 to refresh examples/seeds_report.png.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import document_texts
from dealclaims.formats import render_html
from dealclaims.models import Report

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip(
        "chromium is not installed (apt-get install chromium); the HTML browser test is skipped",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def seeds_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    cwd = os.getcwd()
    os.chdir(ROOT)  # document paths are relative: "seeds/..."
    try:
        report = Report.model_validate_json(
            (ROOT / "tests/golden/seeds_report.json").read_text(encoding="utf-8")
        )
        page = render_html(report, document_texts(["seeds"]))
    finally:
        os.chdir(cwd)
    path = tmp_path_factory.mktemp("html") / "seeds_report.html"
    path.write_text(page, encoding="utf-8")
    return report, path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), args=ARGS
        )
        yield chromium
        chromium.close()


def _open(browser: Any, path: Path, width: int = 1200) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    return page, errors


def test_loads_without_console_errors_and_matrix_shape(browser: Any, seeds_html: tuple[Report, Path]) -> None:
    report, path = seeds_html
    page, errors = _open(browser, path)
    assert page.locator("table.matrix tbody tr").count() == len(report.facts)
    assert page.locator("table.matrix thead th[scope=col]").count() == len(report.documents) + 1
    assert page.locator("table.matrix tbody tr").first.locator("td").count() == len(report.documents)
    assert errors == []
    if os.environ.get("DEALCLAIMS_SCREENSHOT"):
        page.screenshot(path=str(ROOT / "examples" / "seeds_report.png"))
    page.close()


@pytest.mark.parametrize("row", [0, 7])
def test_clicking_a_fact_scrolls_to_its_evidence(
    browser: Any, seeds_html: tuple[Report, Path], row: int
) -> None:
    _, path = seeds_html
    page, errors = _open(browser, path)
    link = page.locator("a.fact-link").nth(row)
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    mark = page.locator(f"[id='{target[1:]}']")
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        arg=target[1:],
    )
    assert mark.evaluate("e => e.closest('mark').classList.contains('active')")
    assert errors == []
    page.close()


def test_readable_at_phone_width(browser: Any, seeds_html: tuple[Report, Path]) -> None:
    _, path = seeds_html
    page, _ = _open(browser, path, width=375)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone (only the matrix may)"
    page.close()


def test_hostile_metadata_runs_no_script_and_the_pages_own_script_still_runs(
    browser: Any, seeds_html: tuple[Report, Path], tmp_path: Path
) -> None:
    """A ``javascript:`` URL is no link, an outlet's ``<script>`` is text, and the page's own script runs
    under its Content-Security-Policy (no CSP violation in the console)."""
    report, _ = seeds_html
    hostile = report.model_copy(deep=True)
    hostile.documents[0].url = "javascript:window.__pwned=1"
    hostile.documents[0].outlet = "<img src=x onerror='window.__pwned=2'><script>window.__pwned=3</script>"
    path = tmp_path / "hostile.html"
    path.write_text(render_html(hostile, {}), encoding="utf-8")
    page, errors = _open(browser, path)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("a[href^='javascript']").count() == 0
    link = page.locator("a.fact-link").first
    link.click()
    target = link.get_attribute("href")
    page.wait_for_function(
        "id => document.getElementById(id).closest('mark').classList.contains('active')", arg=target[1:]
    )  # the page's own (hashed) script ran
    assert errors == []
    page.close()
