"""Report -> one self-contained HTML page (inline CSS and JS, no network), in the fact sheet's order:
headline (contested values marked), the sources' legend, conflict cards, the agreement matrix of the
consensus facts, shared origins, single-source claims, who is who, and each article's text with the
evidence highlighted.

Everything from the input is escaped (``_esc``: HTML and control characters); only http(s) URLs become
links; a Content-Security-Policy allows no script or style but the page's own (by hash).

The agreement matrix has one row per consensus fact and one column per source; a cell says whether the
source states the fact (✓), says it less specifically ((✓)), contradicts it (✗: it holds another variant
of a conflict on the same slot and subject) or is silent (·). Colour and symbol both carry the meaning, so
the page reads in grey too. Every fact and every ✓ links to a ``<mark>`` around its evidence in the article
text below.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from dealclaims.formats._common import (
    all_short_ids,
    display_headline,
    document_outlets,
    entity_names,
    explanation,
    kind_words,
    qualifier_suffix,
    sanitized,
    shorten,
    slot_label,
    snippet,
    source_labels,
    story_reports,
    unquoted,
    untold_stories,
    who_is_who,
)
from dealclaims.formats.html_articles import _documents, mark_id
from dealclaims.formats.html_assets import _CSS, _JS, _esc, _safe, content_security_policy, safe_url
from dealclaims.formats.matrix import agreement_state, consensus_facts
from dealclaims.models import Entity, Evidence, Fact, Origin, Report, Variant

__all__ = ["agreement", "content_security_policy", "mark_id", "render_html", "safe_url"]


STATES, CONSISTENT, CONTRADICTS, SILENT = "states", "consistent", "contradicts", "silent"


SYMBOLS = {STATES: "✓", CONSISTENT: "(✓)", CONTRADICTS: "✗", SILENT: "·"}


LABELS = {
    STATES: "states",
    CONSISTENT: "says it less specifically",
    CONTRADICTS: "contradicts",
    SILENT: "silent",
}


def render_html(report: Report, texts: Mapping[str, str] | None = None) -> str:
    """The report as one HTML page; ``texts`` (document id -> text) let it show each article with highlights.

    A document without a text (stdin, a file since moved) lists its evidence quotes instead, so every link
    still lands on a highlighted quote.
    """
    texts = texts or {}
    report = sanitized(report)
    labels = source_labels(report)
    ids = all_short_ids(report)
    title = display_headline(report, ids)
    body = [f"<header><h1>{_esc(title)}</h1>{_summary(report)}</header>", "<main>", _legend(report, labels)]
    reports = story_reports(report)
    for index, sub in enumerate(reports):
        # several stories: one section each, headings one level deeper, ids suffixed with the story's index
        h, key = (2, "") if not report.stories else (3, f"-{index + 1}")
        names = entity_names(sub)
        parts = [
            _conflicts(sub, names, labels, ids, h, key),
            _matrix(sub, names, labels, h, key),
            _origins(sub.origins, names, labels, ids, h, key),
            _single_source(sub.single_source, names, labels, h, key),
            _who_is_who(who_is_who(sub), len(sub.documents), h, key),
        ]
        if report.stories:
            heading = f'<h2 id="story{key}">Story: {_esc(sub.headline or "(no headline)")}</h2>'
            parts = [f'<section class="story" aria-labelledby="story{key}">{heading}', *parts, "</section>"]
        body += parts
    body += [_untold(report), _documents(report, texts, labels, reports), "</main>"]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>dealclaims: {_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + f"\n<script>{_JS}</script>\n</body>\n</html>\n"
    )


def _summary(report: Report) -> str:
    n_docs, n_facts, n_conflicts = len(report.documents), len(report.facts), len(report.conflicts)
    note = " · one article: nothing to reconcile" if n_docs == 1 else ""
    return (
        f'<p class="meta">{n_docs} sources · {n_conflicts} conflicts · {n_facts} consensus facts · '
        f"{len(report.single_source)} single-source claims{note}</p>"
    )


def _legend(report: Report, labels: dict[str, str]) -> str:
    """Each source's label, defined once: title, byline, date, link (http(s) only) and file."""
    items = []
    outlets = document_outlets(report)
    for doc in report.documents:
        outlet = outlets.get(doc.id, "")
        meta = [
            _esc(outlet) if outlet != labels.get(doc.id) else "",
            f"“{_esc(unquoted(doc.title))}”" if doc.title else "",
            _esc(doc.byline or ""),
            _esc(doc.published or ""),
        ]
        url = safe_url(doc.url)
        if url:
            meta.append(f'<a href="{escape(url, quote=True)}" rel="noreferrer noopener">{_esc(url)}</a>')
        meta.append(f'<a href="#doc-{_safe(doc.id)}"><code>{_esc(doc.path)}</code></a>')
        items.append(
            f'<li><span class="label">{_esc(labels.get(doc.id, doc.id))}</span> '
            + " · ".join(m for m in meta if m)
            + "</li>"
        )
    return (
        '<section aria-labelledby="sources-h"><h2 id="sources-h">Sources</h2>'
        f'<ul class="legend-list">{"".join(items)}</ul></section>'
    )


def agreement(report: Report, fact: Fact) -> dict[str, str]:
    """Source id -> ``states`` / ``consistent`` / ``contradicts`` / ``silent`` for one fact.

    Read through ``matrix.agreement_state``, the one place that decides how a source stands on a fact.
    """
    return {doc.id: _STATE_NAMES[agreement_state(fact, doc.id)] for doc in report.documents}


_STATE_NAMES = {"states": STATES, "consistent": CONSISTENT, "differs": CONTRADICTS, "silent": SILENT}


def _matrix(report: Report, names: dict[str, str], labels: dict[str, str], h: int = 2, key: str = "") -> str:
    heading = f'<section aria-labelledby="matrix-h{key}"><h{h} id="matrix-h{key}">Agreement matrix</h{h}>'
    if not report.facts:
        return f"{heading}<p>No fact is stated by two or more sources.</p></section>"
    head = "".join(f'<th scope="col">{_esc(labels.get(d.id, d.id))}</th>' for d in report.documents)
    rows = [_matrix_row(report, fact, names) for fact in consensus_facts(report)]
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
                f'<a href="#{mark_id(first[source])}" aria-label="states: evidence in {_esc(source)}">✓</a>'
            )
        label = LABELS[state]
        cells.append(f'<td class="{state}" title="{label}" aria-label="{label}">{symbol}</td>')
    target = f' href="#{mark_id(fact.evidence[0])}"' if fact.evidence else ""
    label = _esc(slot_label(fact.slot, fact.subject, names))
    text = _esc(fact.text + qualifier_suffix(fact.qualifiers))
    return (
        f'<tr id="fact-{_safe(fact.id)}" data-fact="{_esc(fact.id)}"><th scope="row">'
        f'<a class="fact-link"{target}>{text}</a><br><span class="support">{label} · {fact.support} sources</span>'
        f"</th>{''.join(cells)}</tr>"
    )


def _conflicts(
    report: Report,
    names: dict[str, str],
    labels: dict[str, str],
    ids: dict[str, str],
    h: int = 2,
    key: str = "",
) -> str:
    conflicts = report.conflicts
    title = "Differences within the article" if len(report.documents) == 1 else "Contested points"
    heading = f'<section aria-labelledby="conflicts-h{key}"><h{h} id="conflicts-h{key}">{title}</h{h}>'
    if not conflicts:
        return f"{heading}<p>None.</p></section>"
    cards = []
    total = len(report.documents)
    for conflict in conflicts:
        head = f"{slot_label(conflict.slot, conflict.subject, names)} · {kind_words(conflict.kind)}"
        variants = "".join(_variant(v, labels, total) for v in conflict.variants)
        cid = _safe(conflict.id)
        cards.append(
            f'<article class="card" id="conflict-{cid}" aria-labelledby="h-{cid}">'
            f'<h{h + 1} id="h-{cid}">{_esc(head)} <span class="id">{_esc(ids.get(conflict.id, conflict.id))}</span>'
            f"</h{h + 1}><p>{_esc(explanation(conflict, names))}</p>{variants}</article>"
        )
    return f'{heading}<div class="cards">{"".join(cards)}</div></section>'


def _variant(variant: Variant, labels: dict[str, str], total: int) -> str:
    """The variant, ``2/5 [1][3]``, and one snippet per source centred on the claim's words."""
    who = " ".join(_esc(labels.get(s, s)) for s in variant.sources)
    seen: set[str] = set()
    quotes = []
    for ev in variant.evidence:
        if ev.source in seen:
            continue
        seen.add(ev.source)
        quotes.append(
            f"<blockquote>“{_esc(snippet(unquoted(ev.text), variant.text, 220))}” — "
            f'<a href="#{mark_id(ev)}">{_esc(labels.get(ev.source, ev.source))}</a></blockquote>'
        )
    qualifiers = _esc(qualifier_suffix(variant.qualifiers))
    support = f"{len(set(variant.sources))}/{total}"
    return (
        f'<div class="variant"><strong>“{_esc(unquoted(variant.text))}”</strong>{qualifiers} — {support} {who}'
        f"{''.join(quotes)}</div>"
    )


def _origins(
    origins: Sequence[Origin],
    names: dict[str, str],
    labels: dict[str, str],
    ids: dict[str, str],
    h: int = 2,
    key: str = "",
) -> str:
    """Text two or more sources share nearly word for word: one copy counts once in "indep."."""
    if not origins:
        return ""
    items = "".join(
        f'<div class="origin" id="origin-{_safe(o.id)}"><p><span class="id">{_esc(ids.get(o.id, o.id))}</span> '
        f"{_esc(names.get(o.attributed_to or '', o.attribution or 'unattributed'))} · "
        f"{len(o.documents)} sources: {' '.join(_esc(labels.get(d, d)) for d in o.documents)}</p>"
        f"<blockquote>“{_esc(shorten(unquoted(o.text), 400))}”</blockquote></div>"
        for o in origins
    )
    heading = f'<h{h} id="origins-h{key}">Shared origins</h{h}>'
    return f'<section aria-labelledby="origins-h{key}">{heading}{items}</section>'


def _who_is_who(entities: Sequence[Entity], total: int, h: int = 2, key: str = "") -> str:
    shown = list(entities)
    if not shown:
        return ""
    rows = "".join(
        f'<tr><th scope="row">{_esc(e.name)}</th><td>{_esc(e.type)}</td><td>{_esc(", ".join(e.titles))}</td>'
        f"<td>{_esc(', '.join(e.aliases))}</td><td>{len(e.sources)}/{total}</td></tr>"
        for e in shown
    )
    heading = f'<h{h} id="who-h{key}">Who is who</h{h}>'
    return (
        f'<section aria-labelledby="who-h{key}">{heading}<div class="scroll"><table class="who"><thead><tr>'
        '<th scope="col">Name</th><th scope="col">Type</th><th scope="col">Titles</th>'
        '<th scope="col">Aliases</th><th scope="col">Sources</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _single_source(
    facts: Sequence[Fact], names: dict[str, str], labels: dict[str, str], h: int = 2, key: str = ""
) -> str:
    if not facts:
        return ""
    items = "".join(
        f'<li>{_esc(slot_label(f.slot, f.subject, names))}: <a href="#{mark_id(f.evidence[0])}">'
        f"{_esc(f.text + qualifier_suffix(f.qualifiers))}</a> "
        f"({_esc(', '.join(labels.get(s, s) for s in f.sources))})</li>"
        if f.evidence
        else f"<li>{_esc(slot_label(f.slot, f.subject, names))}: {_esc(f.text)}</li>"
        for f in facts
    )
    heading = f'<h{h} id="single-h{key}">Single-source claims</h{h}>'
    return f'<section aria-labelledby="single-h{key}">{heading}<ul>{items}</ul></section>'


def _untold(report: Report) -> str:
    items = "".join(
        f"<li>{_esc(headline)} ({_esc(', '.join(ids))})</li>" for headline, ids in untold_stories(report)
    )
    if not items:
        return ""
    heading = '<h2 id="untold-h">Stories told by too few sources</h2>'
    return f'<section aria-labelledby="untold-h">{heading}<ul>{items}</ul></section>'
