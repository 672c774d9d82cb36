"""Report stage: every output of a report, each a pure function returning a string or a rich renderable.

``terminal`` (the rich fact sheet), ``plain`` (the same as text), ``json`` (+ schema), ``jsonl``, ``markdown``,
``html``, ``check`` (the CI summary), ``show`` (one item's evidence) and ``diff`` (two reports compared).
``cli.py`` decides where output goes; nothing here prints. ``render`` picks a file format by name.
"""

from __future__ import annotations

from collections.abc import Mapping

from dealclaims.formats.check import render_check
from dealclaims.formats.html import render_html
from dealclaims.formats.json import render_json, report_schema
from dealclaims.formats.jsonl import render_jsonl
from dealclaims.formats.markdown import render_markdown
from dealclaims.formats.matrix import AgreementMatrix
from dealclaims.formats.plain import PLAIN_WIDTH, render_plain
from dealclaims.formats.terminal import render_fact_sheet
from dealclaims.models import Report

__all__ = [
    "FORMATS",
    "PLAIN_WIDTH",
    "AgreementMatrix",
    "render",
    "render_check",
    "render_fact_sheet",
    "render_html",
    "render_json",
    "render_jsonl",
    "render_markdown",
    "render_plain",
    "report_schema",
]

FORMATS = ("table", "json", "jsonl", "markdown", "html")


def render(report: Report, fmt: str, texts: Mapping[str, str] | None = None, width: int = 100) -> str:
    """``report`` in format ``fmt`` (one of ``FORMATS``); ``texts`` (document id -> text) feed the HTML.

    ``table`` here is the plain-text fact sheet ``width`` columns wide; the CLI draws a coloured one itself
    on a terminal.
    """
    if fmt == "json":
        return render_json(report)
    if fmt == "jsonl":
        return render_jsonl(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report, texts or {})
    if fmt == "table":
        return render_plain(report, width=width)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
