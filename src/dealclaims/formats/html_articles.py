"""The HTML report's articles section: each document's text with the evidence of every claim highlighted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from dealclaims.formats.html_assets import _esc, _safe, safe_url
from dealclaims.models import Evidence, Fact, Report, Variant


def mark_id(evidence: Evidence) -> str:
    """The HTML id of the ``<mark>`` around an evidence span (overlapping spans share their group's id)."""
    return f"ev-{_safe(evidence.source)}-{evidence.start}"


def _documents(
    report: Report, texts: Mapping[str, str], labels: dict[str, str], reports: Sequence[Report]
) -> str:
    spans: dict[str, set[tuple[int, int, str]]] = {}
    items: list[Fact | Variant] = []
    for sub in reports:
        items += [*sub.facts, *sub.single_source, *(v for c in sub.conflicts for v in c.variants)]
    for item in items:
        for ev in item.evidence:
            spans.setdefault(ev.source, set()).add((ev.start, ev.end, ev.text))
    sections = []
    for doc in report.documents:
        meta = [_esc(x) for x in (doc.published, doc.byline) if x]
        url = safe_url(doc.url)
        if url:
            meta.append(f'<a href="{escape(url, quote=True)}" rel="noreferrer noopener">{_esc(url)}</a>')
        meta.append(f"<code>{_esc(doc.path)}</code>")
        found = sorted(spans.get(doc.id, set()))
        body = _highlighted(texts[doc.id], doc.id, found) if doc.id in texts else _quotes_only(doc.id, found)
        sections.append(
            f'<section class="doc" id="doc-{_safe(doc.id)}" aria-labelledby="doc-h-{_safe(doc.id)}">'
            f'<h3 id="doc-h-{_safe(doc.id)}">{_esc(labels.get(doc.id, doc.id))} <code>{_esc(doc.path)}</code></h3>'
            f'<p class="meta">{" · ".join(meta)}</p>{body}</section>'
        )
    return f'<section aria-labelledby="docs-h"><h2 id="docs-h">Articles</h2>{"".join(sections)}</section>'


def _highlighted(text: str, source: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """``text`` escaped, each group of overlapping evidence spans wrapped in one ``<mark>``.

    Every span's id is the id of the mark that starts its group, and ``mark_id`` of a span inside a group
    also resolves: extra empty anchors carry the other start offsets.
    """
    out: list[str] = []
    position = 0
    for start, end, extra in _groups(spans):
        out.append(_esc(text[position:start]))
        anchors = "".join(f'<span id="ev-{_safe(source)}-{s}"></span>' for s in extra)
        out.append(
            f'<mark id="ev-{_safe(source)}-{start}" tabindex="-1">{anchors}{_esc(text[start:end])}</mark>'
        )
        position = end
    out.append(_esc(text[position:]))
    return f'<div class="text">{"".join(out)}</div>'


def _groups(spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, list[int]]]:
    """Sorted spans merged where they overlap: ``(start, end, other start offsets in the group)``."""
    groups: list[tuple[int, int, list[int]]] = []
    for start, end, _ in sorted(spans):
        if groups and start < groups[-1][1]:
            first, last, extra = groups[-1]
            if start != first and start not in extra:
                extra.append(start)
            groups[-1] = (first, max(last, end), extra)
        else:
            groups.append((start, end, []))
    return groups


def _quotes_only(source: str, spans: Sequence[tuple[int, int, str]]) -> str:
    first = {start: quote for start, _, quote in reversed(spans)}  # one mark per start offset: ids are unique
    items = "".join(
        f'<li><mark id="ev-{_safe(source)}-{start}" tabindex="-1">{_esc(quote)}</mark></li>'
        for start, quote in sorted(first.items())
    )
    return f'<p class="meta">Article text not available; its evidence:</p><ul>{items}</ul>'
