"""The fact sheet as rich renderables, in the order an analyst reads: the headline (contested values marked),
the sources' legend, the contested points, the consensus with its agreement matrix and shared origins,
single-source claims (a count unless ``verbose``), who is who, warnings.

Every string from the input goes through ``sanitized`` first: control characters never reach a terminal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath

from rich import box
from rich.console import Group, RenderableType
from rich.constrain import Constrain
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from dealclaims.consensus.agreement import NOT_DISAGREEMENTS
from dealclaims.formats._common import (
    all_short_ids,
    count,
    display_headline,
    document_outlets,
    entity_names,
    explanation,
    heading,
    kind_words,
    sanitized,
    shorten,
    slot_label,
    snippet,
    source_labels,
    unquoted,
    who_is_who,
)
from dealclaims.formats.matrix import _agreement_section, _origins_section, consensus_facts
from dealclaims.models import Conflict, Entity, Fact, Qualifier, Report, Variant

__all__ = ["render_fact_sheet"]

SLOT_WIDTH = 22  # columns of the consensus table's Slot column
FACT_LIMIT = 100  # characters of a fact's text on the sheet (quotes are complete in `show`)
SNIPPETS_PER_VARIANT = 4  # one per source, up to this many; `show` lists them all
VARIANT_COLUMN_MIN = 26  # narrower than this, a conflict's variants are stacked instead of side by side
DEFAULT_WIDTH = 100


class Sheet:
    """What every section needs: the report (sanitized), names, source labels, short ids, the width."""

    def __init__(
        self,
        report: Report,
        width: int,
        labels: dict[str, str] | None,
        ids: dict[str, str] | None,
        verbose: bool,
    ) -> None:
        self.report = report
        self.width = width
        self.verbose = verbose
        self.names = entity_names(report)
        self.labels = labels or source_labels(report)
        self.ids = ids or all_short_ids(report)

    def sources(self, ids: Sequence[str]) -> str:
        """The labels of ``ids`` on one line: ``[1][3]`` (numbered labels) or ``Dawn, Reuters``."""
        shown = [self.labels.get(s, s) for s in ids]
        numbered = all(label.startswith("[") and label.endswith("]") for label in shown)
        return ("" if numbered else ", ").join(shown)


def render_fact_sheet(
    report: Report,
    width: int | None = None,
    verbose: bool = False,
    labels: dict[str, str] | None = None,
    legend: bool = True,
    ids: dict[str, str] | None = None,
) -> Group:
    """The fact sheet of ``report``; ``width`` caps its width (the console's otherwise).

    ``verbose`` lists the single-source claims instead of counting them; ``labels`` (document id -> label)
    and ``ids`` (id -> short id) are the ones a report of several stories shares; ``legend`` False leaves
    out the sources' legend.
    """
    report = sanitized(report)
    if report.stories is not None:
        return _stories_sheet(report, width, verbose)
    sheet = Sheet(report, width or DEFAULT_WIDTH, labels, ids, verbose)
    parts: list[RenderableType] = [Text(display_headline(report, sheet.ids), style="bold")]
    if report.unreconciled:  # documents of other stories, each told by too few sources
        others = ", ".join(f"{d.id} ({d.title})" if d.title else d.id for d in report.unreconciled)
        parts.append(Text(f"Not reconciled, about other stories: {others}", style="dim"))
    sections = [
        _legend(sheet) if legend else [],
        _one_source_note(report),
        _conflicts_section(sheet),
        _consensus_section(sheet),
        _agreement_section(report, sheet.names, sheet.labels),
        _origins_section(report, sheet.names, sheet.labels, sheet.ids),
        _single_source_section(sheet),
        _who_is_who_section(who_is_who(report), len(report.documents)),
        _warnings_section(report),
    ]
    for section in sections:
        if section:
            parts += [Text(""), *section]
    if width is not None:
        parts = [Constrain(part, width) for part in parts]
    return Group(*parts)


def _legend(sheet: Sheet) -> list[RenderableType]:
    """``[1] file: "title" by byline`` per source, one line each: the labels used everywhere below."""
    docs = sheet.report.documents
    if not docs:
        return [Text("0 sources")]
    pad = max(len(sheet.labels.get(d.id, d.id)) for d in docs)
    outlets = document_outlets(sheet.report)
    folders = {str(PurePath(d.path).parent) for d in docs}
    folder = folders.pop() if len(folders) == 1 and len(docs) > 1 else None  # said once, in the heading
    title = f"Sources ({len(docs)})" + (f" in {folder}/" if folder not in (None, ".") else "")
    lines: list[RenderableType] = [heading(title)]
    for doc in docs:
        line = Text.assemble((f"{sheet.labels.get(doc.id, doc.id):<{pad}} ", "cyan"))
        line.append(PurePath(doc.path).name if folder is not None else doc.path)
        outlet = outlets.get(doc.id)
        if outlet and outlet != sheet.labels.get(doc.id):
            line.append(f" ({outlet})")
        if doc.title:
            line.append(f": “{shorten(unquoted(doc.title), 200)}”")
        if doc.byline:
            line.append(f" by {shorten(doc.byline, 60)}")
        line.no_wrap, line.overflow = True, "ellipsis"
        lines.append(line)
    return lines


def _one_source_note(report: Report) -> list[RenderableType]:
    if len(report.documents) != 1:
        return []
    return [Text("One article: nothing to reconcile; its claims are listed below.")]


# ---------------------------------------------------------------- contested points


def _conflicts_section(sheet: Sheet) -> list[RenderableType]:
    conflicts = sheet.report.conflicts
    title = "Differences within the article" if len(sheet.report.documents) == 1 else "Contested points"
    if not conflicts:
        return [Text(f"{title}: none", style="bold")]
    parts: list[RenderableType] = [heading(f"{title} ({len(conflicts)})")]
    for number, conflict in enumerate(conflicts):
        parts += ([Text("")] if number else []) + _conflict(sheet, conflict)
    return parts


def _conflict(sheet: Sheet, conflict: Conflict) -> list[RenderableType]:
    head = Text.assemble((f"{sheet.ids.get(conflict.id, conflict.id)} ", "dim"))
    head.append(slot_label(conflict.slot, conflict.subject, sheet.names), style="bold yellow")
    head.append(f" · {kind_words(conflict.kind)}", style="yellow")
    parts: list[RenderableType] = [
        head,
        Padding(Text(explanation(conflict, sheet.names), style="dim"), (0, 0, 0, 2)),
    ]
    columns = len(conflict.variants)
    column = (sheet.width - 2) // max(1, columns) - 2
    if 2 <= columns <= 3 and column >= VARIANT_COLUMN_MIN:
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0), expand=True)
        for _ in conflict.variants:
            table.add_column(ratio=1)
        limit = max(40, 2 * column - 4)
        table.add_row(*(_variant_cell(sheet, v, chr(65 + i), limit) for i, v in enumerate(conflict.variants)))
        parts.append(Padding(table, (0, 0, 0, 2)))
    else:
        limit = max(40, sheet.width - 10)
        parts += [Padding(_variant_cell(sheet, v, chr(65 + i % 26), limit), (0, 0, 0, 2))
                  for i, v in enumerate(conflict.variants)]  # fmt: skip
    return parts


def _variant_cell(sheet: Sheet, variant: Variant, letter: str, limit: int) -> Text:
    """``A “value” [qualifiers]``, ``2/5: [3] [5]``, then one snippet per source (its decisive words)."""
    total = len(sheet.report.documents)
    shown = variant.text.split(" / ")[0]  # each source's own words are in its snippet below
    cell = Text.assemble((f"{letter} ", "bold"))
    cell.append(f"“{shorten(unquoted(shown), FACT_LIMIT)}”", style="bold")
    cell.append_text(_qualifier_suffix(variant.qualifiers))
    cell.append(f"\n{len(set(variant.sources))}/{total} ")
    cell.append(sheet.sources(variant.sources), style="cyan")
    if variant.confidence is not None:
        cell.append(f" · confidence {variant.confidence:.2f}", style="cyan")
    seen: set[str] = set()
    for ev in variant.evidence:
        if ev.source in seen:
            continue
        seen.add(ev.source)
        if len(seen) > SNIPPETS_PER_VARIANT:
            cell.append(f"\n+{len(set(variant.sources)) - SNIPPETS_PER_VARIANT} more", style="dim")
            break
        cell.append(f"\n{sheet.labels.get(ev.source, ev.source)} ", style="cyan")
        cell.append(f"“{snippet(unquoted(ev.text), variant.text, limit)}”", style="italic")
    return cell


# ---------------------------------------------------------------- consensus, single-source claims


def _consensus_section(sheet: Sheet) -> list[RenderableType]:
    facts = consensus_facts(sheet.report)
    if not facts:
        return []
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Id", no_wrap=True, style="dim")
    table.add_column("Fact", ratio=1, min_width=20)
    table.add_column("Support", max_width=max(16, sheet.width // 3))
    total = len(sheet.report.documents)
    for n, fact in enumerate(facts, 1):
        text = Text.assemble((f"{slot_label(fact.slot, fact.subject, sheet.names)}: ", "dim"))
        text.append_text(_claim_text(shorten(fact.text, FACT_LIMIT), fact.qualifiers))
        conflict = _marking_conflict(fact, sheet.report.conflicts)
        if conflict is not None:
            label = "changed over time" if conflict.kind in NOT_DISAGREEMENTS else "contested"
            text.append(f" ({label}, see {sheet.ids.get(conflict.id, conflict.id)})", style="yellow")
        support = Text(f"{fact.support}/{total} ")
        support.append(sheet.sources(fact.sources), style="cyan")
        if fact.independent_support and fact.independent_support < fact.support:
            support.append(f"\n{fact.independent_support} indep.", style="dim")
        table.add_row(str(n), sheet.ids.get(fact.id, fact.id), text, support)
    return [heading(f"Consensus ({count(len(facts), 'fact')} stated by 2 or more sources)"), table]


def _marking_conflict(fact: Fact, conflicts: Sequence[Conflict]) -> Conflict | None:
    """The conflict a consensus line points to: one of its block whose variants hold the fact's value, a
    disagreement before a timeline ("changed over time" is no dispute); else any conflict of its block."""
    block = [c for c in conflicts if (c.slot, c.subject) == (fact.slot, fact.subject)]
    holding = [c for c in block if any(v.value == fact.value for v in c.variants)] or block
    return min(holding, key=lambda c: c.kind in NOT_DISAGREEMENTS, default=None)


def _single_source_section(sheet: Sheet) -> list[RenderableType]:
    facts = sheet.report.single_source
    if not facts:
        return []
    one_article = len(sheet.report.documents) == 1  # its claims are the whole story: always listed
    if not sheet.verbose and not one_article:
        families = Counter(f.slot.split(".")[0] for f in facts)
        ranked = sorted(families.items(), key=lambda x: (-x[1], x[0]))
        kinds = ", ".join(f"{n} {family}" for family, n in ranked[:3]) + (", …" if len(ranked) > 3 else "")
        return [Text(f"Single-source claims: {len(facts)} ({kinds}); -v lists them")]
    title = "Claims" if one_article else "Single-source claims"
    lines: list[RenderableType] = [heading(f"{title} ({len(facts)})")]
    for fact in facts:
        line = Text.assemble((f"{sheet.ids.get(fact.id, fact.id)} ", "dim"))
        line.append(f"{slot_label(fact.slot, fact.subject, sheet.names)}: ")
        line.append_text(_claim_text(shorten(fact.text, FACT_LIMIT), fact.qualifiers))
        if not one_article:
            line.append(f" {sheet.sources(fact.sources)}", style="cyan")
        lines.append(line)
    return lines


# ---------------------------------------------------------------- who is who, warnings


def _who_is_who_section(entities: Sequence[Entity], total: int) -> list[RenderableType]:
    """One line per person or organisation: name, type, titles, aliases, how many sources name it."""
    shown = list(entities)
    if not shown:
        return []
    pad = min(28, max(len(e.name) for e in shown))
    lines: list[RenderableType] = [heading("Who is who")]
    for e in shown:
        line = Text.assemble((f"{shorten(e.name, pad):<{pad}} ", "bold"))
        line.append(f"{e.type:<6} {len(e.sources)}/{total}", style="dim")
        details = [", ".join(e.titles)] if e.titles else []
        details += [f"aka {', '.join(e.aliases)}"] if e.aliases else []
        if details:
            line.append("  " + "; ".join(details))
        line.no_wrap, line.overflow = True, "ellipsis"
        lines.append(line)
    return lines


def _warnings_section(report: Report) -> list[RenderableType]:
    lines = [f"{doc.id}: {warning}" for doc in report.documents for warning in doc.warnings]
    lines += [f"{skipped.path}: {skipped.reason}" for skipped in report.skipped]
    if not lines:
        return []
    return [heading("Document warnings"), *(Text(" ".join(line.split())) for line in lines)]


# ---------------------------------------------------------------- several stories


def _stories_sheet(report: Report, width: int | None, verbose: bool) -> Group:
    """A folder of several stories: one fact sheet per story with enough sources (each with the legend of
    its own sources, labels numbered through the folder), then the others listed."""
    stories = report.stories or []
    told = [story for story in stories if story.report is not None]
    labels = source_labels(report)
    ids = all_short_ids(report)  # unique across the stories: `show` searches them all
    stories_word = "story" if len(stories) == 1 else "stories"
    parts: list[RenderableType] = [
        Text(report.headline, style="bold"),
        Text(f"{count(len(report.documents), 'document')} in {len(stories)} {stories_word}"),
    ]
    for number, story in enumerate(told, 1):
        rule = f"Story {number} of {len(told)} ({count(len(story.documents), 'source')})"
        sub = story.report
        assert sub is not None  # told stories have a report
        parts += [
            Text(""),
            Text(rule, style="bold reverse"),
            render_fact_sheet(sub, width, verbose, labels, ids=ids),
        ]
    others = [story for story in stories if story.report is None]
    if others:
        parts += [Text(""), heading(f"Other stories ({len(others)}, too few sources to reconcile)")]
        parts += [Text(f"  {', '.join(story.documents)}: {story.headline}") for story in others]
    if width is not None:
        parts = [Constrain(part, width) for part in parts]
    return Group(*parts)


def _claim_text(text: str, qualifiers: Sequence[Qualifier]) -> Text:
    """The claim in words followed by its qualifiers, e.g. ``$500 million [approximately · first phase]``."""
    result = Text(text)
    result.append_text(_qualifier_suffix(qualifiers))
    return result


def _qualifier_suffix(qualifiers: Sequence[Qualifier]) -> Text:
    # Text, never markup: "[approximately]" would otherwise be parsed as a rich style tag.
    if not qualifiers:
        return Text("")
    return Text(f" [{' · '.join(q.value for q in qualifiers)}]", style="cyan")
