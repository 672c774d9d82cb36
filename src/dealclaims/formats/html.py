"""Report -> one self-contained HTML page (inline CSS and JS, no network): headline, agreement matrix,
conflict cards, single-source claims and each article's text with the evidence highlighted.

The agreement matrix has one row per consensus fact and one column per source; a cell says whether the
source states the fact (✓), says it less specifically ((✓)), contradicts it (✗: it holds another variant
of a conflict on the same slot and subject) or is silent (·). Colour and symbol both carry the meaning, so
the page reads in grey too. Every fact and every ✓ links to a ``<mark>`` around its evidence in the article
text below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape

from dealclaims.consensus.agreement import agreement_row
from dealclaims.formats._common import (
    entity_names,
    qualifier_suffix,
    shorten,
    slot_label,
    source_labels,
    story_reports,
    untold_stories,
)
from dealclaims.models import Conflict, Evidence, Fact, Report, Variant

__all__ = ["agreement", "mark_id", "render_html"]

STATES, CONSISTENT, CONTRADICTS, SILENT = "states", "consistent", "contradicts", "silent"
SYMBOLS = {STATES: "✓", CONSISTENT: "(✓)", CONTRADICTS: "✗", SILENT: "·"}
LABELS = {
    STATES: "states",
    CONSISTENT: "says it less specifically",
    CONTRADICTS: "contradicts",
    SILENT: "silent",
}

_CSS = """
:root{--fg:#1b1b1b;--muted:#4a4a4a;--line:#c9c9c9;--ok-bg:#dcefe0;--ok-fg:#0c4a1c;--no-bg:#f8dcdc;
--no-fg:#7a0c0c;--nil-bg:#f1f1f1;--nil-fg:#4a4a4a;--mark:#fff0a8;--focus:#1447b8}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff;
margin:0 auto;max-width:72rem;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.25rem;border-bottom:2px solid var(--line);padding-bottom:.25rem;margin-top:2rem}
h3{font-size:1.05rem;margin:.25rem 0}
a{color:var(--focus)}
a:focus,mark:focus{outline:3px solid var(--focus);outline-offset:2px}
.meta,.legend,caption{color:var(--muted);font-size:.9rem}
caption{text-align:left;caption-side:top;padding:.25rem 0}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left}
thead th{background:#fafafa;font-size:.85rem}
.matrix td{text-align:center;font-weight:700;width:4.5rem}
.matrix thead th[scope=col]{overflow-wrap:anywhere;font-size:.75rem;max-width:7rem}
.matrix th[scope=row]{min-width:14rem}
td.states,td.consistent{background:var(--ok-bg);color:var(--ok-fg)}
td.consistent{font-weight:400}
td.contradicts{background:var(--no-bg);color:var(--no-fg)}
td.silent{background:var(--nil-bg);color:var(--nil-fg)}
td.states a,td.consistent a{color:inherit;text-decoration:none}
.support{color:var(--muted);font-weight:400;font-size:.85rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:1rem}
.card{border:1px solid var(--line);border-left:6px solid var(--no-fg);border-radius:4px;padding:.75rem}
.card blockquote{margin:.25rem 0 .5rem;padding-left:.75rem;border-left:3px solid var(--line);color:var(--muted)}
.variant{margin:.5rem 0}
.doc{border-top:1px solid var(--line);padding-top:.5rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
mark{background:var(--mark);color:inherit;padding:0 .1em;scroll-margin-top:4rem}
mark.active{outline:3px solid var(--focus)}
@media (max-width:40rem){body{padding:.5rem;font-size:15px}h1{font-size:1.25rem}
.cards{grid-template-columns:1fr}th,td{padding:.25rem .3rem}.matrix th[scope=row]{min-width:10rem}}
@media print{a{color:inherit}}
"""

# Outline the evidence a link jumped to; plain DOM, no dependencies.
_JS = """
(function(){
  function show(){
    document.querySelectorAll('mark.active').forEach(function(m){m.classList.remove('active');});
    var id=decodeURIComponent(location.hash.slice(1));
    var target=id?document.getElementById(id):null;
    var mark=target?target.closest('mark'):null;
    if(mark){mark.classList.add('active');}
  }
  window.addEventListener('hashchange',show);
  show();
})();
"""


def render_html(report: Report, texts: Mapping[str, str] | None = None) -> str:
    """The report as one HTML page; ``texts`` (document id -> text) let it show each article with highlights.

    A document without a text (stdin, a file since moved) lists its evidence quotes instead, so every link
    still lands on a highlighted quote.
    """
    texts = texts or {}
    labels = source_labels(report)
    title = report.headline or "(no headline)"
    body = [f"<header><h1>{escape(title)}</h1>{_summary(report)}</header>", "<main>"]
    reports = story_reports(report)
    for index, sub in enumerate(reports):
        # several stories: one section each, headings one level deeper, ids suffixed with the story's index
        h, key = (2, "") if not report.stories else (3, f"-{index + 1}")
        parts = [
            _matrix(sub, entity_names(sub), labels, h, key),
            _conflicts(sub.conflicts, entity_names(sub), labels, h, key),
            _single_source(sub.single_source, entity_names(sub), labels, h, key),
        ]
        if report.stories:
            heading = f'<h2 id="story{key}">Story: {escape(sub.headline or "(no headline)")}</h2>'
            parts = [f'<section class="story" aria-labelledby="story{key}">{heading}', *parts, "</section>"]
        body += parts
    body += [_untold(report), _documents(report, texts, labels, reports), "</main>"]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>dealclaims: {escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + f"\n<script>{_JS}</script>\n</body>\n</html>\n"
    )


def _summary(report: Report) -> str:
    n_docs, n_facts, n_conflicts = len(report.documents), len(report.facts), len(report.conflicts)
    return (
        f'<p class="meta">{n_docs} sources · {n_facts} consensus facts · {n_conflicts} conflicts · '
        f"{len(report.single_source)} single-source claims</p>"
    )


# ---------------------------------------------------------------- agreement matrix


def agreement(report: Report, fact: Fact) -> dict[str, str]:
    """Source id -> ``states`` / ``consistent`` / ``contradicts`` / ``silent`` for one fact, as the consensus
    stage decided it (``Fact.agreement``, see ``consensus.agreement``); ``differs`` is shown as contradicts."""
    row = agreement_row(fact, report.conflicts, [doc.id for doc in report.documents])
    return {doc: CONTRADICTS if state == "differs" else state for doc, state in row.items()}


def _matrix(report: Report, names: dict[str, str], labels: dict[str, str], h: int = 2, key: str = "") -> str:
    heading = f'<section aria-labelledby="matrix-h{key}"><h{h} id="matrix-h{key}">Agreement matrix</h{h}>'
    if not report.facts:
        return f"{heading}<p>No fact is stated by two or more sources.</p></section>"
    head = "".join(f'<th scope="col">{escape(labels.get(d.id, d.id))}</th>' for d in report.documents)
    rows = [_matrix_row(report, fact, names) for fact in report.facts]
    return (
        heading
        + '<p class="legend"><span aria-hidden="true">✓</span> states, <span aria-hidden="true">(✓)</span> says '
        'it less specifically, <span aria-hidden="true">✗</span> contradicts, <span aria-hidden="true">·</span> '
        "silent. Select a fact or a ✓ to jump to its evidence.</p>"
        '<div class="scroll"><table class="matrix"><caption>Consensus facts (rows) against sources '
        f'(columns)</caption><thead><tr><th scope="col">Fact</th>{head}</tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></div></section>"
    )


def _matrix_row(report: Report, fact: Fact, names: dict[str, str]) -> str:
    first: dict[str, Evidence] = {}
    for ev in fact.evidence:
        first.setdefault(ev.source, ev)
    cells = []
    for source, state in agreement(report, fact).items():
        symbol = SYMBOLS[state]
        if state == STATES and source in first:
            symbol = (
                f'<a href="#{mark_id(first[source])}" aria-label="states: evidence in {escape(source)}">✓</a>'
            )
        label = LABELS[state]
        cells.append(f'<td class="{state}" title="{label}" aria-label="{label}">{symbol}</td>')
    target = f' href="#{mark_id(fact.evidence[0])}"' if fact.evidence else ""
    label = escape(slot_label(fact.slot, fact.subject, names))
    text = escape(fact.text + qualifier_suffix(fact.qualifiers))
    return (
        f'<tr id="fact-{_safe(fact.id)}" data-fact="{escape(fact.id)}"><th scope="row">'
        f'<a class="fact-link"{target}>{text}</a><br><span class="support">{label} · {fact.support} sources</span>'
        f"</th>{''.join(cells)}</tr>"
    )


# ---------------------------------------------------------------- conflicts and single-source claims


def _conflicts(
    conflicts: Sequence[Conflict], names: dict[str, str], labels: dict[str, str], h: int = 2, key: str = ""
) -> str:
    heading = f'<section aria-labelledby="conflicts-h{key}"><h{h} id="conflicts-h{key}">Conflicts</h{h}>'
    if not conflicts:
        return f"{heading}<p>None.</p></section>"
    cards = []
    for conflict in conflicts:
        subject = names.get(conflict.subject, conflict.subject) if conflict.subject else None
        title = " · ".join(item for item in (conflict.kind, conflict.slot, subject) if item)
        variants = "".join(
            _variant(v.text + qualifier_suffix(v.qualifiers), v.sources, v.evidence, labels)
            for v in conflict.variants
        )
        cards.append(
            f'<article class="card" id="conflict-{_safe(conflict.id)}" aria-labelledby="h-{_safe(conflict.id)}">'
            f'<h{h + 1} id="h-{_safe(conflict.id)}">{escape(title)}</h{h + 1}><p>{escape(conflict.explanation)}</p>'
            f"{variants}</article>"
        )
    return f'{heading}<div class="cards">{"".join(cards)}</div></section>'


def _variant(text: str, sources: Sequence[str], evidence: Sequence[Evidence], labels: dict[str, str]) -> str:
    who = ", ".join(escape(labels.get(s, s)) for s in sources)
    quotes = "".join(
        f'<blockquote>“{escape(shorten(ev.text))}” — <a href="#{mark_id(ev)}">'
        f"{escape(labels.get(ev.source, ev.source))}</a></blockquote>"
        for ev in evidence
    )
    return f'<div class="variant"><strong>“{escape(text)}”</strong> — {who}{quotes}</div>'


def _single_source(
    facts: Sequence[Fact], names: dict[str, str], labels: dict[str, str], h: int = 2, key: str = ""
) -> str:
    if not facts:
        return ""
    items = "".join(
        f'<li>{escape(slot_label(f.slot, f.subject, names))}: <a href="#{mark_id(f.evidence[0])}">'
        f"{escape(f.text + qualifier_suffix(f.qualifiers))}</a> "
        f"({escape(', '.join(labels.get(s, s) for s in f.sources))})</li>"
        if f.evidence
        else f"<li>{escape(slot_label(f.slot, f.subject, names))}: {escape(f.text)}</li>"
        for f in facts
    )
    heading = f'<h{h} id="single-h{key}">Single-source claims</h{h}>'
    return f'<section aria-labelledby="single-h{key}">{heading}<ul>{items}</ul></section>'


def _untold(report: Report) -> str:
    items = "".join(
        f"<li>{escape(headline)} ({escape(', '.join(ids))})</li>" for headline, ids in untold_stories(report)
    )
    if not items:
        return ""
    heading = '<h2 id="untold-h">Stories told by too few sources</h2>'
    return f'<section aria-labelledby="untold-h">{heading}<ul>{items}</ul></section>'


# ---------------------------------------------------------------- articles with highlighted evidence


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
        meta = [escape(x) for x in (doc.published, doc.byline) if x]
        if doc.url:
            meta.append(f'<a href="{escape(doc.url)}">{escape(doc.url)}</a>')
        meta.append(f"<code>{escape(doc.path)}</code>")
        found = sorted(spans.get(doc.id, set()))
        body = _highlighted(texts[doc.id], doc.id, found) if doc.id in texts else _quotes_only(doc.id, found)
        sections.append(
            f'<section class="doc" id="doc-{_safe(doc.id)}" aria-labelledby="doc-h-{_safe(doc.id)}">'
            f'<h3 id="doc-h-{_safe(doc.id)}">{escape(labels.get(doc.id, doc.id))}</h3>'
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
        out.append(escape(text[position:start]))
        anchors = "".join(f'<span id="ev-{_safe(source)}-{s}"></span>' for s in extra)
        out.append(
            f'<mark id="ev-{_safe(source)}-{start}" tabindex="-1">{anchors}{escape(text[start:end])}</mark>'
        )
        position = end
    out.append(escape(text[position:]))
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
        f'<li><mark id="ev-{_safe(source)}-{start}" tabindex="-1">{escape(quote)}</mark></li>'
        for start, quote in sorted(first.items())
    )
    return f'<p class="meta">Article text not available; its evidence:</p><ul>{items}</ul>'


def _safe(value: str) -> str:
    """A string usable inside an HTML id and a URL fragment."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", value)
