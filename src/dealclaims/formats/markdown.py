"""Report -> a Markdown fact sheet to paste into a note, in the fact sheet's order: headline (contested
values marked), the sources' legend, contested points with one snippet per source, the consensus table,
shared origins, single-source claims, who is who, and footnote-style evidence (``[^1]``) at the end.

Everything from the input goes through ``_cell`` (markup and control characters escaped); only http(s)
URLs become links."""

from __future__ import annotations

from collections.abc import Sequence

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
    visible,
    who_is_who,
)
from dealclaims.formats.html import safe_url
from dealclaims.formats.matrix import consensus_facts
from dealclaims.models import Evidence, Fact, Qualifier, Report

__all__ = ["render_markdown"]


class _Notes:
    """Numbered footnotes, one per fact or variant, each listing its evidence quotes per source."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.lines: list[str] = []

    def add(self, evidence: Sequence[Evidence]) -> str:
        if not evidence:
            return ""
        quotes = " · ".join(
            f"**{_cell(self.labels.get(e.source, e.source))}**: “{_cell(shorten(unquoted(e.text)))}”"
            for e in evidence
        )
        self.lines.append(f"[^{len(self.lines) + 1}]: {quotes}")
        return f"[^{len(self.lines)}]"


def render_markdown(report: Report) -> str:
    """The fact sheet as GitHub-flavoured Markdown (tables, footnotes), ending with a newline.

    A report of several stories gets one section per reconciled story (its sections a level deeper), then
    the stories too few sources told; footnotes are numbered through the whole page.
    """
    report = sanitized(report)
    labels = source_labels(report)
    ids = all_short_ids(report)
    notes = _Notes(labels)
    parts = [f"# {_cell(display_headline(report, ids))}", *_legend(report, labels)]
    if not report.stories:
        parts += _story(report, labels, ids, notes, "##")
    else:
        for sub in story_reports(report):
            parts += [f"## Story: {_cell(sub.headline or '(no headline)')}"]
            parts += _story(sub, labels, ids, notes, "###")
        untold = [
            f"- {_cell(headline)} ({', '.join(f'`{_code(d)}`' for d in ids_)})"
            for headline, ids_ in untold_stories(report)
        ]
        if untold:
            parts += ["## Stories told by too few sources", "\n".join(untold)]
    parts += _warnings(report)
    if notes.lines:
        parts += ["## Evidence", "\n".join(notes.lines)]
    return "\n\n".join(parts) + "\n"


def _story(report: Report, labels: dict[str, str], ids: dict[str, str], notes: _Notes, h: str) -> list[str]:
    """The sections of one reconciled report, headed with ``h`` (``##`` or ``###``)."""
    names = entity_names(report)
    parts = _conflicts(report, names, labels, ids, notes)
    parts += _consensus(report, names, labels, ids, notes)
    parts += _origins(report, names, labels, ids)
    parts += _single_source(report.single_source, names, labels, notes)
    parts += _who_is_who(report)
    # every part opens with its heading, if any: inside a story each heading goes one level deeper
    return [("#" + part if h == "###" and part.startswith("#") else part) for part in parts]


def _legend(report: Report, labels: dict[str, str]) -> list[str]:
    """``- **[1]** “Title” · byline · [url](url) · `file` ``: each label defined once."""
    lines = []
    outlets = document_outlets(report)
    for doc in report.documents:
        outlet = outlets.get(doc.id, "")
        meta = [_cell(outlet) if outlet != labels.get(doc.id) else ""]
        meta += [f"“{_cell(unquoted(doc.title))}”" if doc.title else "", _cell(doc.byline or "")]
        url = safe_url(doc.url)
        if url:
            meta.append(f"<{_link(url)}>")
        meta.append(f"`{_code(doc.path)}`")
        lines.append(f"- **{_cell(labels.get(doc.id, doc.id))}** " + " · ".join(m for m in meta if m))
    count = len(report.documents)
    return [f"{count} source{'s' if count != 1 else ''}:", "\n".join(lines)] if lines else ["0 sources"]


def _sources(ids: list[str], labels: dict[str, str]) -> str:
    shown = [labels.get(s, s) for s in ids]
    numbered = all(label.startswith("[") and label.endswith("]") for label in shown)
    return _cell(("" if numbered else ", ").join(shown))


def _qualified(text: str, qualifiers: list[Qualifier]) -> str:
    """``**“…”** \\[approximately · first phase\\]``: a space before the qualifiers, never inside the bold."""
    suffix = qualifier_suffix(qualifiers).strip()
    return f"**“{_cell(unquoted(text))}”**" + (f" {_cell(suffix)}" if suffix else "")


def _consensus(
    report: Report, names: dict[str, str], labels: dict[str, str], ids: dict[str, str], notes: _Notes
) -> list[str]:
    facts = consensus_facts(report)
    if not facts:
        return []
    rows = ["| # | Id | Slot | Fact | Support |", "|---:|---|---|---|---|"]
    total = len(report.documents)
    for n, fact in enumerate(facts, 1):
        text = _cell(fact.text + qualifier_suffix(fact.qualifiers)) + notes.add(fact.evidence)
        support = f"{fact.support}/{total} {_sources(fact.sources, labels)}"
        if fact.independent_support and fact.independent_support < fact.support:
            support += f" ({fact.independent_support} indep.)"
        rows.append(
            f"| {n} | `{_code(ids.get(fact.id, fact.id))}` | {_cell(slot_label(fact.slot, fact.subject, names))} "
            f"| {text} | {support} |"
        )
    return ["## Consensus", "\n".join(rows)]


def _conflicts(
    report: Report, names: dict[str, str], labels: dict[str, str], ids: dict[str, str], notes: _Notes
) -> list[str]:
    title = "Differences within the article" if len(report.documents) == 1 else "Contested points"
    if not report.conflicts:
        return [f"## {title}", "None."]
    parts = [f"## {title}"]
    total = len(report.documents)
    for conflict in report.conflicts:
        head = f"{slot_label(conflict.slot, conflict.subject, names)} · {kind_words(conflict.kind)}"
        lines = [
            f"### {_cell(head)} `{_code(ids.get(conflict.id, conflict.id))}`",
            "",
            _cell(explanation(conflict, names)),
            "",
        ]
        for variant in conflict.variants:
            support = f"{len(set(variant.sources))}/{total} {_sources(variant.sources, labels)}"
            lines.append(
                f"- {_qualified(variant.text, variant.qualifiers)} — {support}" + notes.add(variant.evidence)
            )
            seen: set[str] = set()
            for ev in variant.evidence:
                if ev.source not in seen:
                    seen.add(ev.source)
                    quote = _cell(snippet(unquoted(ev.text), variant.text, 200))
                    lines.append(f"  > {_cell(labels.get(ev.source, ev.source))}: “{quote}”  ")
        parts.append("\n".join(lines))
    return parts


def _origins(report: Report, names: dict[str, str], labels: dict[str, str], ids: dict[str, str]) -> list[str]:
    if not report.origins:
        return []
    lines = []
    for o in report.origins:
        who = names.get(o.attributed_to or "", o.attribution or "unattributed")
        lines.append(
            f"- `{_code(ids.get(o.id, o.id))}` {_cell(who)} · {len(o.documents)} sources: "
            f"{_sources(o.documents, labels)} — “{_cell(shorten(unquoted(o.text), 200))}”"
        )
    return ["## Shared origins", "\n".join(lines)]


def _single_source(
    facts: Sequence[Fact], names: dict[str, str], labels: dict[str, str], notes: _Notes
) -> list[str]:
    if not facts:
        return []
    lines = [
        f"- {_cell(slot_label(f.slot, f.subject, names))}: {_cell(f.text + qualifier_suffix(f.qualifiers))} "
        f"{_sources(f.sources, labels)}{notes.add(f.evidence)}"
        for f in facts
    ]
    return ["## Single-source claims", "\n".join(lines)]


def _who_is_who(report: Report) -> list[str]:
    shown = who_is_who(report)
    if not shown:
        return []
    rows = ["| Name | Type | Titles | Aliases | Sources |", "|---|---|---|---|---:|"]
    for e in shown:
        rows.append(
            f"| {_cell(e.name)} | {_cell(e.type)} | {_cell(', '.join(e.titles))} | {_cell(', '.join(e.aliases))} "
            f"| {len(e.sources)} |"
        )
    return ["## Who is who", "\n".join(rows)]


def _warnings(report: Report) -> list[str]:
    lines = [f"- `{_code(d.id)}`: {_cell(w)}" for d in report.documents for w in d.warnings]
    lines += [f"- `{_code(s.path)}`: {_cell(s.reason)}" for s in report.skipped]
    return ["## Document warnings", "\n".join(lines)] if lines else []


def _code(text: str) -> str:
    """Text safe inside a `code span`: one line, no backtick (it would end the span), no control character."""
    return " ".join(visible(text).split()).replace("`", "'")


def _link(url: str) -> str:
    """An http(s) URL safe inside ``<…>``: characters that would end or break it percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in "<> `|\\" else c for c in url)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell or list item: one line, pipes and markup characters escaped."""
    flat = " ".join(visible(text).split())
    for char in ("\\", "|", "*", "`", "[", "]", "<", ">", "&"):  # "_" stays: ids like a_b are not emphasis
        flat = flat.replace(char, "\\" + char)
    return flat
