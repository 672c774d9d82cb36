"""Report -> the formats people paste and share: Markdown, JSON Lines, one self-contained HTML file.

Each renderer is a pure function returning a string; ``cli.py`` decides where it goes. ``render`` picks one
by name (the terminal ``table`` and ``json`` formats live in ``report.py``).
"""

from __future__ import annotations

from collections.abc import Mapping

from dealclaims.models import Report
from dealclaims.report import render_json, render_plain
from dealclaims.formats.html import render_html
from dealclaims.formats.jsonl import render_jsonl
from dealclaims.formats.markdown import render_markdown

__all__ = ["FORMATS", "render", "render_html", "render_jsonl", "render_markdown"]

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
