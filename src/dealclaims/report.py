"""Report -> terminal fact sheet, plain text, JSON and JSON Schema. Nothing here prints: every function
returns a string or a rich renderable, and ``cli.py`` decides where it goes."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_json
from rich import box
from rich.console import Console, Group, RenderableType
from rich.constrain import Constrain
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .models import Conflict, Entity, Fact, Qualifier, Report, Variant

__all__ = ["render_check", "render_fact_sheet", "render_json", "render_plain", "report_schema", "shorten"]

QUOTE_LIMIT = 160  # characters of evidence shown under a conflict variant
# Consensus table column limits: the Fact column gets the room (source ids are long but need not be in a row).
SLOT_WIDTH = 28
SOURCES_WIDTH = 24
PLAIN_WIDTH = 100  # columns of the plain-text fact sheet (examples/, golden files)
WHO_IS_WHO_TYPES = frozenset({"PERSON", "ORG"})  # other entity types are listed only when they have aliases


# ---------------------------------------------------------------- JSON


def render_json(report: Report) -> str:
    """The report as indented JSON, ending with a newline.

    Model fields keep their declared order; free-form dicts (``titles_by_source``, dict values) are sorted by
    key, so the same report always gives the same bytes.
    """
    return to_json(_ordered(report), indent=2).decode("utf-8") + "\n"


def _ordered(value: Any) -> Any:
    """``value`` with pydantic models as dicts in field order and every other dict sorted by key."""
    if isinstance(value, BaseModel):
        return {name: _ordered(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {str(key): _ordered(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_ordered(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_ordered(item) for item in value), key=repr)
    return value


def report_schema() -> str:
    """The JSON Schema of ``Report`` (the JSON contract), indented with sorted keys, ending with a newline."""
    return json.dumps(Report.model_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- check summary


def render_check(report: Report) -> str:
    """One line per loaded document: ``ok <id> (<n> facts, <m> conflicts)``, then its warnings indented.

    Skipped inputs are not listed: the CLI reports them on stderr.
    """
    lines: list[str] = []
    for doc in report.documents:
        facts = sum(doc.id in fact.sources for fact in [*report.facts, *report.single_source])
        conflicts = sum(any(doc.id in v.sources for v in c.variants) for c in report.conflicts)
        lines.append(f"ok {doc.id} ({_count(facts, 'fact')}, {_count(conflicts, 'conflict')})")
        lines.extend(f"  warning: {warning}" for warning in doc.warnings)
    return "".join(line + "\n" for line in lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# ---------------------------------------------------------------- fact sheet


def render_plain(report: Report, width: int = PLAIN_WIDTH) -> str:
    """The fact sheet as plain text (no colour, no trailing spaces), ``width`` columns wide."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    console.print(render_fact_sheet(report, width=width))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def render_fact_sheet(report: Report, width: int | None = None) -> Group:
    """The fact sheet: headline, consensus facts, conflicts, single-source claims, who is who, warnings.

    Empty sections are left out, except conflicts: "Conflicts: none" is always said. ``width`` caps the
    sheet's width (the console's width otherwise).
    """
    names = {entity.id: entity.name for entity in report.entities}
    names |= {f"{entity.id}#office": f"{entity.name}'s office" for entity in report.entities}
    parts: list[RenderableType] = [*_headline(report)]
    for section in (
        _consensus_section(report, names),
        _conflicts_section(report.conflicts, names),
        _single_source_section(report.single_source, names),
        _who_is_who_section(report.entities),
        _warnings_section(report),
    ):
        if section:
            parts += [Text(""), *section]
    if width is not None:
        parts = [Constrain(part, width) for part in parts]
    return Group(*parts)


def _headline(report: Report) -> list[RenderableType]:
    ids = [doc.id for doc in report.documents]
    sources = f"{_count(len(ids), 'source')}: {', '.join(ids)}" if ids else "0 sources"
    return [Text(report.headline or "(no headline)", style="bold"), Text(sources)]


def _heading(title: str) -> Text:
    return Text(title, style="bold underline")


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
    for fact in facts:
        table.add_row(
            Text(_slot_label(fact.slot, fact.subject, names)),
            _claim_text(fact.text, fact.qualifiers),
            Text(f"{fact.support}/{total}"),
            Text(", ".join(fact.sources)),
        )
    return [_heading("Consensus facts"), table]


def _conflicts_section(conflicts: Sequence[Conflict], names: dict[str, str]) -> list[RenderableType]:
    if not conflicts:
        return [Text("Conflicts: none", style="bold")]
    parts: list[RenderableType] = [_heading("Conflicts")]
    for conflict in conflicts:
        subject = names.get(conflict.subject, conflict.subject) if conflict.subject else None
        title = " · ".join(item for item in (conflict.kind, conflict.slot, subject) if item)
        parts += [Text(title, style="bold yellow"), Text(conflict.explanation)]
        parts += [line for variant in conflict.variants for line in _variant_lines(variant)]
    return parts


def _variant_lines(variant: Variant) -> list[RenderableType]:
    """``  “text” [qualifiers] — sources (a, b)`` and, below it, its first evidence quote.

    Padding (not leading spaces) keeps wrapped lines indented.
    """
    label = "source" if len(variant.sources) == 1 else "sources"
    line = Text()
    line.append(f"“{variant.text}”", style="bold")
    line.append_text(_qualifier_suffix(variant.qualifiers))
    line.append(f" — {label} ({', '.join(variant.sources)})")
    lines: list[RenderableType] = [Padding(line, (0, 0, 0, 2))]
    if variant.evidence:
        first = variant.evidence[0]
        quote = Text(f"“{shorten(first.text)}” ({first.source})", style="dim italic")
        lines.append(Padding(quote, (0, 0, 0, 6)))
    return lines


def _single_source_section(facts: Sequence[Fact], names: dict[str, str]) -> list[RenderableType]:
    if not facts:
        return []
    lines: list[RenderableType] = [_heading("Single-source claims")]
    for fact in facts:
        line = Text(f"{_slot_label(fact.slot, fact.subject, names)}: ")
        line.append_text(_claim_text(fact.text, fact.qualifiers))
        line.append(f" ({', '.join(fact.sources)})", style="dim")
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
    return [_heading("Who is who"), table]


def _warnings_section(report: Report) -> list[RenderableType]:
    lines = [f"{doc.id}: {warning}" for doc in report.documents for warning in doc.warnings]
    lines += [f"{skipped.path}: {skipped.reason}" for skipped in report.skipped]
    if not lines:
        return []
    return [_heading("Document warnings"), *(Text(line) for line in lines)]


# ---------------------------------------------------------------- small helpers


def _slot_label(slot: str, subject: str | None, names: dict[str, str]) -> str:
    """``slot`` or ``slot · Subject Name`` (subjects are entity ids; unknown ids are shown as they are)."""
    return f"{slot} · {names.get(subject, subject)}" if subject else slot


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


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters (with "…")."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"
