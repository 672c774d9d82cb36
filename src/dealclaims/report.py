"""Report -> terminal fact sheet, plain text, JSON and JSON Schema. Nothing here prints: every function
returns a string or a rich renderable, and ``cli.py`` decides where it goes."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_json
from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.constrain import Constrain
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from dealclaims.consensus.agreement import source_agreement
from dealclaims.models import Conflict, Entity, Fact, Qualifier, Report, Variant

__all__ = [
    "render_check",
    "render_fact_sheet",
    "render_json",
    "render_plain",
    "report_schema",
    "shorten",
    "source_labels",
]

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
        return {
            name: _ordered(getattr(value, name))
            for name, field in type(value).model_fields.items()
            if not (field.exclude_if and field.exclude_if(getattr(value, name)))  # as model_dump does
        }
    if isinstance(value, dict):
        return {str(key): _ordered(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_ordered(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_ordered(item) for item in value), key=repr)
    return value


def report_schema() -> str:
    """The JSON Schema of ``Report`` (the JSON contract), indented with sorted keys, ending with a newline."""
    return (
        json.dumps(_inline_root(Report.model_json_schema()), indent=2, sort_keys=True, ensure_ascii=False)
        + "\n"
    )


def _inline_root(schema: dict[str, Any]) -> dict[str, Any]:
    """A story holds a Report, so pydantic puts Report itself in ``$defs``: make it the root again ("#")."""
    defs = dict(schema.get("$defs", {}))
    if schema.get("$ref") != "#/$defs/Report" or "Report" not in defs:
        return schema
    root = defs.pop("Report")
    text = json.dumps({**root, "$defs": defs}).replace('"#/$defs/Report"', '"#"')
    return dict(json.loads(text))


# ---------------------------------------------------------------- check summary


def render_check(report: Report) -> str:
    """One line per loaded document: ``ok <id> (<n> facts, <m> conflicts)``, then its warnings indented.

    Skipped inputs are not listed: the CLI reports them on stderr.
    """
    lines: list[str] = []
    reports = [report, *(story.report for story in report.stories or [] if story.report is not None)]
    facts: Counter[str] = Counter()  # counted per source in one pass: a feed has thousands of documents
    conflicts: Counter[str] = Counter()
    for part in reports:
        facts.update(source for fact in [*part.facts, *part.single_source] for source in set(fact.sources))
        conflicts.update(
            source for c in part.conflicts for source in {s for v in c.variants for s in v.sources}
        )
    for doc in report.documents:
        lines.append(
            f"ok {doc.id} ({_count(facts[doc.id], 'fact')}, {_count(conflicts[doc.id], 'conflict')})"
        )
        lines.extend(f"  warning: {warning}" for warning in doc.warnings)
    return "".join(line + "\n" for line in lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# ---------------------------------------------------------------- fact sheet


def render_plain(report: Report, width: int = PLAIN_WIDTH) -> str:
    """The fact sheet as plain text (no colour, no trailing spaces), ``width`` columns wide.

    The bytes are what rich prints for ``render_fact_sheet``; a line of text that fits is written directly
    (see ``_plain_lines``), because a feed of hundreds of stories has tens of thousands of them.
    """
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    for part in _plain_lines(render_fact_sheet(report, width=width), width):
        if isinstance(part, str):
            buffer.write(part)
        else:
            # A Group of one: print() would merge a bare Text into a new one, dropping its overflow setting.
            console.print(Group(part))  # the parts printed one by one give the bytes of their whole Group
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _plain_lines(renderable: RenderableType, width: int) -> Iterator[RenderableType | str]:
    """The leaves of a fact sheet in order: a one-line ``Text`` that fits in ``width`` columns (indented by
    a left-only ``Padding`` or not) as its line of plain text, anything else as the renderable to print.

    Such a line is what rich would print (no wrap, no cropping, and ``render_plain`` strips the padding);
    ``Group`` and ``Constrain`` are opened up, since at the console's width they change nothing.
    """
    if isinstance(renderable, Group):
        for part in renderable.renderables:
            yield from _plain_lines(part, width)
    elif isinstance(renderable, Constrain) and (renderable.width is None or renderable.width >= width):
        yield from _plain_lines(renderable.renderable, width)
    elif type(renderable) is Padding and (renderable.top, renderable.right, renderable.bottom) == (0, 0, 0):
        line = _fitting_line(renderable.renderable, width - renderable.left)
        yield renderable if line is None else " " * renderable.left + line
    else:
        line = _fitting_line(renderable, width)
        yield renderable if line is None else line


def _fitting_line(renderable: RenderableType, width: int) -> str | None:
    """``renderable``'s plain text and a newline when it is a left-justified one-line Text that fits."""
    if type(renderable) is not Text or renderable.end != "\n" or renderable.justify not in (None, "default"):
        return None
    plain = renderable.plain
    if "\n" in plain or "\t" in plain or cell_len(plain) > width:
        return None
    return plain + "\n"


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


def source_labels(report: Report) -> dict[str, str]:
    """Document id -> how to name it: its outlet when known (``Outlet (id)`` if two share it), else the id."""
    outlets = [doc.outlet for doc in report.documents if doc.outlet]
    labels = {doc.id: doc.id for doc in report.documents}
    for doc in report.documents:
        if doc.outlet:
            labels[doc.id] = doc.outlet if outlets.count(doc.outlet) == 1 else f"{doc.outlet} ({doc.id})"
    return labels


def _headline(report: Report) -> list[RenderableType]:
    ids = list(source_labels(report).values())
    sources = f"{_count(len(ids), 'source')}: {', '.join(ids)}" if ids else "0 sources"
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
            f"{_count(len(report.documents), 'document')} in {_count(len(stories), 'story')}".replace(
                "storys", "stories"
            )
        ),
    ]
    for number, story in enumerate(told, 1):
        rule = f"Story {number} of {len(told)} ({_count(len(story.documents), 'source')})"
        parts += [Text(""), Text(rule, style="bold reverse"), render_fact_sheet(story.report, width)]  # type: ignore[arg-type]
    others = [story for story in stories if story.report is None]
    if others:
        parts += [Text(""), _heading(f"Other stories ({len(others)}, too few sources to reconcile)")]
        parts += [Text(f"  {', '.join(story.documents)}: {story.headline}") for story in others]
    if width is not None:
        parts = [Constrain(part, width) for part in parts]
    return Group(*parts)


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
    labels = source_labels(report)
    for fact in facts:
        table.add_row(
            Text(_slot_label(fact.slot, fact.subject, names)),
            _claim_text(fact.text, fact.qualifiers),
            _support_text(fact, total),
            Text(", ".join(labels.get(source, source) for source in fact.sources)),
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
    lines: list[RenderableType] = [_heading("Single-source claims")]
    for fact in facts:
        line = Text(f"{_slot_label(fact.slot, fact.subject, names)}: ")
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


# ---------------------------------------------------------------- support, agreement, shared origins

MARKS = {"states": "✓", "consistent": "~", "differs": "✗", "silent": "·"}
MATRIX_CELL = 3  # columns per fact in the agreement matrix
MATRIX_LABEL = 24  # at most this many columns of a source's name


def _support_text(fact: Fact, total: int) -> Text:
    """``3/5`` and, when copies share an origin, ``2 indep.`` (independent origins) below it."""
    text = Text(f"{fact.support}/{total}")
    if fact.independent_support and fact.independent_support < fact.support:
        text.append(f"\n{fact.independent_support} indep.", style="dim")
    return text


def agreement_state(fact: Fact, source: str) -> str:
    """``states`` the value, says it less specifically (``consistent``), ``silent``, or ``differs``: as the
    consensus stage decided (``Fact.agreement``)."""
    return source_agreement(fact, source)


class AgreementMatrix:
    """Sources x consensus facts (✓ states, ✗ differs, · silent), cut into blocks of columns that fit the
    width it is rendered at; each row ends with how many consensus facts the source leaves out."""

    def __init__(self, report: Report, facts: Sequence[Fact]) -> None:
        self.facts = list(facts)
        labels = source_labels(report)
        self.rows = [(shorten(labels.get(d.id, d.id), MATRIX_LABEL), d.id) for d in report.documents]
        self.trust = {d.id: d.trust for d in report.documents}

    def lines(self, width: int) -> list[str]:
        """The matrix as lines of at most ``width`` columns."""
        label = max((len(name) for name, _ in self.rows), default=0) + 1
        suffix = {doc: self._suffix(doc) for _, doc in self.rows}
        tail = max((len(t) for t in suffix.values()), default=0)
        per_block = max(1, (width - label - tail) // MATRIX_CELL)
        out: list[str] = []
        for first in range(0, len(self.facts), per_block):
            block = range(first, min(first + per_block, len(self.facts)))
            last = block.stop == len(self.facts)
            out.append(" " * label + "".join(f"{i + 1:>{MATRIX_CELL}}" for i in block))
            for name, doc in self.rows:
                cells = "".join(f"{MARKS[agreement_state(self.facts[i], doc)]:>{MATRIX_CELL}}" for i in block)
                out.append((name.ljust(label) + cells + (suffix[doc] if last else "")).rstrip())
        return out

    def _suffix(self, doc: str) -> str:
        silent = sum(agreement_state(f, doc) == "silent" for f in self.facts)
        trust = self.trust.get(doc)
        return f"  {silent} silent" + (f", trust {trust:.2f}" if trust is not None else "")

    def __rich_console__(self, console: Console, options: Any) -> Any:
        for line in self.lines(options.max_width):
            yield Text(line)


def _agreement_section(report: Report, names: dict[str, str]) -> list[RenderableType]:
    facts = sorted((f for f in report.facts if f.support >= 2), key=lambda f: (-f.support, f.slot))
    if not facts or len(report.documents) < 2:
        return []
    legend = [
        Text(
            f"{i:>{MATRIX_CELL}} {_slot_label(f.slot, f.subject, names)}: {shorten(f.text, 60)}",
            overflow="ellipsis",
            no_wrap=True,
        )
        for i, f in enumerate(facts, 1)
    ]
    key = Text(
        f"{MARKS['states']} states  {MARKS['consistent']} less specific  {MARKS['differs']} differs  "
        f"{MARKS['silent']} silent",
        style="dim",
    )
    return [_heading("Agreement"), key, AgreementMatrix(report, facts), *legend]


def _origins_section(report: Report, names: dict[str, str]) -> list[RenderableType]:
    """Each shared origin: who it is attributed to, which documents carry it, and its words."""
    if not report.origins:
        return []
    labels = source_labels(report)
    parts: list[RenderableType] = [_heading("Shared origins")]
    for origin in report.origins:
        who = names.get(origin.attributed_to or "", origin.attribution or "unattributed")
        docs = ", ".join(labels.get(d, d) for d in origin.documents)
        parts.append(Text(f"{origin.id} · {who} · {_count(len(origin.documents), 'source')}: {docs}"))
        words = shorten(origin.text.strip('"“”'))
        parts.append(Padding(Text(f"“{words}”", style="dim italic"), (0, 0, 0, 2)))
    return parts
