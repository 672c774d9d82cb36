"""Report -> a Markdown fact sheet to paste into a note: consensus table, conflicts with quoted variants,
single-source claims, who is who, and footnote-style evidence (``[^1]``) at the end."""

from __future__ import annotations

from collections.abc import Sequence

from dealclaims.formats._common import (
    entity_names,
    qualifier_suffix,
    shorten,
    slot_label,
    source_labels,
    story_reports,
    untold_stories,
)
from dealclaims.models import Conflict, Evidence, Fact, Report

__all__ = ["render_markdown"]

WHO_IS_WHO_TYPES = frozenset({"PERSON", "ORG"})


class _Notes:
    """Numbered footnotes, one per fact or variant, each listing its evidence quotes per source."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.lines: list[str] = []

    def add(self, evidence: Sequence[Evidence]) -> str:
        if not evidence:
            return ""
        quotes = " · ".join(
            f"**{_cell(self.labels.get(e.source, e.source))}**: “{_cell(shorten(e.text))}”" for e in evidence
        )
        self.lines.append(f"[^{len(self.lines) + 1}]: {quotes}")
        return f"[^{len(self.lines)}]"


def render_markdown(report: Report) -> str:
    """The fact sheet as GitHub-flavoured Markdown (tables, footnotes), ending with a newline.

    A report of several stories gets one section per reconciled story (its sections a level deeper), then
    the stories too few sources told; footnotes are numbered through the whole page.
    """
    labels = source_labels(report)
    notes = _Notes(labels)
    parts = [f"# {_cell(report.headline or '(no headline)')}", _sources_line(report, labels)]
    if not report.stories:
        parts += _story(report, labels, notes, "##")
    else:
        for sub in story_reports(report):
            parts += [f"## Story: {_cell(sub.headline or '(no headline)')}", _sources_line(sub, labels)]
            parts += _story(sub, labels, notes, "###")
        untold = [
            f"- {_cell(headline)} ({', '.join(f'`{d}`' for d in ids)})"
            for headline, ids in untold_stories(report)
        ]
        if untold:
            parts += ["## Stories told by too few sources", "\n".join(untold)]
    parts += _warnings(report)
    if notes.lines:
        parts += ["## Evidence", "\n".join(notes.lines)]
    return "\n\n".join(parts) + "\n"


def _story(report: Report, labels: dict[str, str], notes: _Notes, h: str) -> list[str]:
    """The sections of one reconciled report, headed with ``h`` (``##`` or ``###``)."""
    names = entity_names(report)
    parts = _consensus(report, names, labels, notes)
    parts += _conflicts(report.conflicts, names, labels, notes)
    parts += _single_source(report.single_source, names, labels, notes)
    parts += _who_is_who(report)
    # every part opens with its heading, if any: inside a story each heading goes one level deeper
    return [("#" + part if h == "###" and part.startswith("#") else part) for part in parts]


def _sources_line(report: Report, labels: dict[str, str]) -> str:
    shown = [f"[{labels[d.id]}]({d.url})" if d.url else f"`{labels[d.id]}`" for d in report.documents]
    return f"{len(shown)} source{'s' if len(shown) != 1 else ''}: " + ", ".join(shown)


def _consensus(report: Report, names: dict[str, str], labels: dict[str, str], notes: _Notes) -> list[str]:
    facts = sorted(report.facts, key=lambda f: (-f.support, f.slot))
    if not facts:
        return []
    rows = ["| Slot | Fact | Support | Sources |", "|---|---|---:|---|"]
    total = len(report.documents)
    for fact in facts:
        text = _cell(fact.text + qualifier_suffix(fact.qualifiers)) + notes.add(fact.evidence)
        sources = ", ".join(_cell(labels.get(s, s)) for s in fact.sources)
        rows.append(
            f"| {_cell(slot_label(fact.slot, fact.subject, names))} | {text} | {fact.support}/{total} | {sources} |"
        )
    return ["## Consensus facts", "\n".join(rows)]


def _conflicts(
    conflicts: Sequence[Conflict], names: dict[str, str], labels: dict[str, str], notes: _Notes
) -> list[str]:
    if not conflicts:
        return ["## Conflicts", "None."]
    parts = ["## Conflicts"]
    for conflict in conflicts:
        subject = names.get(conflict.subject, conflict.subject) if conflict.subject else None
        title = " · ".join(item for item in (conflict.kind, conflict.slot, subject) if item)
        lines = [f"### {_cell(title)}", "", _cell(conflict.explanation), ""]
        for variant in conflict.variants:
            sources = ", ".join(labels.get(s, s) for s in variant.sources)
            lines.append(
                f"- **“{_cell(variant.text)}”**{_cell(qualifier_suffix(variant.qualifiers))} — {_cell(sources)}"
                + notes.add(variant.evidence)
            )
            if variant.evidence:
                first = variant.evidence[0]
                lines.append(
                    f"  > “{_cell(shorten(first.text))}” — {_cell(labels.get(first.source, first.source))}"
                )
        parts.append("\n".join(lines))
    return parts


def _single_source(
    facts: Sequence[Fact], names: dict[str, str], labels: dict[str, str], notes: _Notes
) -> list[str]:
    if not facts:
        return []
    lines = [
        f"- {_cell(slot_label(f.slot, f.subject, names))}: {_cell(f.text + qualifier_suffix(f.qualifiers))} "
        f"({_cell(', '.join(labels.get(s, s) for s in f.sources))}){notes.add(f.evidence)}"
        for f in facts
    ]
    return ["## Single-source claims", "\n".join(lines)]


def _who_is_who(report: Report) -> list[str]:
    shown = [e for e in report.entities if e.type in WHO_IS_WHO_TYPES or e.aliases]
    if not shown:
        return []
    rows = ["| Name | Type | Titles | Aliases | Sources |", "|---|---|---|---|---:|"]
    for e in shown:
        rows.append(
            f"| {_cell(e.name)} | {e.type} | {_cell(', '.join(e.titles))} | {_cell(', '.join(e.aliases))} "
            f"| {len(e.sources)} |"
        )
    return ["## Who is who", "\n".join(rows)]


def _warnings(report: Report) -> list[str]:
    lines = [f"- `{d.id}`: {_cell(w)}" for d in report.documents for w in d.warnings]
    lines += [f"- `{s.path}`: {_cell(s.reason)}" for s in report.skipped]
    return ["## Document warnings", "\n".join(lines)] if lines else []


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell or list item: one line, pipes and markup characters escaped."""
    flat = " ".join(text.split())
    for char in ("\\", "|", "*", "`", "[", "]", "<", ">"):  # "_" stays: ids like a_b are not emphasis
        flat = flat.replace(char, "\\" + char)
    return flat
