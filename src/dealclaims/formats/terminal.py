"""formats/terminal.py"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.constrain import Constrain
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from dealclaims.formats._common import count, heading, shorten, slot_label, source_labels
from dealclaims.formats.matrix import _agreement_section, _origins_section, _support_text
from dealclaims.models import Conflict, Entity, Fact, Qualifier, Report, Variant

__all__ = ["render_fact_sheet"]


# Consensus table column limits: the Fact column gets the room (source ids are long but need not be in a row).
SLOT_WIDTH = 28


SOURCES_WIDTH = 24


WHO_IS_WHO_TYPES = frozenset({"PERSON", "ORG"})  # other entity types are listed only when they have aliases


def render_fact_sheet(report: Report, width: int | None = None) -> Group:
    """The fact sheet: headline, consensus facts, conflicts, single-source claims, who is who, warnings.

    Empty sections are left out, except conflicts: "Conflicts: none" is always said. ``width`` caps the
    sheet's width (the console's width otherwise).
    """
    if report.stories is not None:
        return _stories_sheet(report, width)
    names = {entity.id: entity.name for entity in report.entities}
    names |= {f"{entity.id}#office": f"{entity.name}'s office" for entity in report.entities}
    parts: list[RenderableType] = [*_headline(report)]
    for section in (
        _consensus_section(report, names),
        _agreement_section(report, names),
        _origins_section(report, names),
        _conflicts_section(report.conflicts, names | source_labels(report)),  # names for sources too
        _single_source_section(report.single_source, names | source_labels(report)),
        _who_is_who_section(report.entities),
        _warnings_section(report),
    ):
        if section:
            parts += [Text(""), *section]
    if width is not None:
        parts = [Constrain(part, width) for part in parts]
    return Group(*parts)


def _headline(report: Report) -> list[RenderableType]:
    ids = list(source_labels(report).values())
    sources = f"{count(len(ids), 'source')}: {', '.join(ids)}" if ids else "0 sources"
    parts: list[RenderableType] = [Text(report.headline or "(no headline)", style="bold"), Text(sources)]
    if report.unreconciled:  # documents of other stories, each told by too few sources
        others = ", ".join(f"{d.id} ({d.title})" if d.title else d.id for d in report.unreconciled)
        parts.append(Text(f"Not reconciled, about other stories: {others}", style="dim"))
    return parts


def _stories_sheet(report: Report, width: int | None) -> Group:
    """A folder of several stories: one fact sheet per story with enough sources, then the others listed."""
    stories = report.stories or []
    told = [story for story in stories if story.report is not None]
    parts: list[RenderableType] = [
        Text(report.headline, style="bold"),
        Text(
            f"{count(len(report.documents), 'document')} in {count(len(stories), 'story')}".replace(
                "storys", "stories"
            )
        ),
    ]
    for number, story in enumerate(told, 1):
        rule = f"Story {number} of {len(told)} ({count(len(story.documents), 'source')})"
        parts += [Text(""), Text(rule, style="bold reverse"), render_fact_sheet(story.report, width)]  # type: ignore[arg-type]
    others = [story for story in stories if story.report is None]
    if others:
        parts += [Text(""), heading(f"Other stories ({len(others)}, too few sources to reconcile)")]
        parts += [Text(f"  {', '.join(story.documents)}: {story.headline}") for story in others]
    if width is not None:
        parts = [Constrain(part, width) for part in parts]
    return Group(*parts)


def _consensus_section(report: Report, names: dict[str, str]) -> list[RenderableType]:
    facts = sorted((f for f in report.facts if f.support >= 2), key=lambda f: (-f.support, f.slot))
    if not facts:
        return []
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Slot", max_width=SLOT_WIDTH)
    table.add_column("Fact")
    table.add_column("Support", justify="right", no_wrap=True)
    table.add_column("Sources", max_width=SOURCES_WIDTH)
    total = len(report.documents)
    labels = source_labels(report)
    for fact in facts:
        table.add_row(
            Text(slot_label(fact.slot, fact.subject, names)),
            _claim_text(fact.text, fact.qualifiers),
            _support_text(fact, total),
            Text(", ".join(labels.get(source, source) for source in fact.sources)),
        )
    return [heading("Consensus facts"), table]


def _conflicts_section(conflicts: Sequence[Conflict], names: dict[str, str]) -> list[RenderableType]:
    if not conflicts:
        return [Text("Conflicts: none", style="bold")]
    parts: list[RenderableType] = [heading("Conflicts")]
    for conflict in conflicts:
        subject = names.get(conflict.subject, conflict.subject) if conflict.subject else None
        title = " · ".join(item for item in (conflict.kind, conflict.slot, subject) if item)
        parts += [Text(title, style="bold yellow"), Text(conflict.explanation)]
        parts += [line for variant in conflict.variants for line in _variant_lines(variant, names)]
    return parts


def _variant_lines(variant: Variant, names: dict[str, str] | None = None) -> list[RenderableType]:
    """``  “text” [qualifiers] — sources (a, b)`` and, below it, its first evidence quote.

    Padding (not leading spaces) keeps wrapped lines indented.
    """
    label = "source" if len(variant.sources) == 1 else "sources"
    line = Text()
    line.append(f"“{variant.text}”", style="bold")
    line.append_text(_qualifier_suffix(variant.qualifiers))
    line.append(f" — {label} ({', '.join((names or {}).get(s, s) for s in variant.sources)})")
    if variant.confidence is not None:
        line.append(f" · confidence {variant.confidence:.2f}", style="cyan")
    lines: list[RenderableType] = [Padding(line, (0, 0, 0, 2))]
    if variant.evidence:
        first = variant.evidence[0]
        source = (names or {}).get(first.source, first.source)  # the outlet when known
        quote = Text(f"“{shorten(first.text)}” ({source})", style="dim italic")
        lines.append(Padding(quote, (0, 0, 0, 6)))
    return lines


def _single_source_section(facts: Sequence[Fact], names: dict[str, str]) -> list[RenderableType]:
    if not facts:
        return []
    lines: list[RenderableType] = [heading("Single-source claims")]
    for fact in facts:
        line = Text(f"{slot_label(fact.slot, fact.subject, names)}: ")
        line.append_text(_claim_text(fact.text, fact.qualifiers))
        line.append(f" ({', '.join(names.get(s, s) for s in fact.sources)})", style="dim")
        lines.append(line)
    return lines


def _who_is_who_section(entities: Iterable[Entity]) -> list[RenderableType]:
    shown = [e for e in entities if e.type in WHO_IS_WHO_TYPES or e.aliases]
    if not shown:
        return []
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for column in ("Name", "Type", "Titles", "Aliases", "Sources"):
        table.add_column(column, justify="right" if column == "Sources" else "left")
    for entity in shown:
        table.add_row(
            Text(entity.name),
            Text(entity.type),
            Text(", ".join(entity.titles)),
            Text(", ".join(entity.aliases)),
            Text(str(len(entity.sources))),
        )
    return [heading("Who is who"), table]


def _warnings_section(report: Report) -> list[RenderableType]:
    lines = [f"{doc.id}: {warning}" for doc in report.documents for warning in doc.warnings]
    lines += [f"{skipped.path}: {skipped.reason}" for skipped in report.skipped]
    if not lines:
        return []
    return [heading("Document warnings"), *(Text(line) for line in lines)]


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
