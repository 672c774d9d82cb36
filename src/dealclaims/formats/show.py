"""One fact, conflict or shared origin of a report -> its evidence sentences per source, complete, the claim
highlighted in each.

Used by ``dealclaims show``. Returns rich ``Text``: bold-reversed highlights on a terminal, ``»…«`` around
them when ``plain`` (piped output, ``NO_COLOR``), so the highlight survives without colour. Control
characters from the report are escaped (``sanitized``): a report never drives the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text

from dealclaims.errors import ItemNotFound
from dealclaims.formats._common import (
    entity_names,
    explanation,
    qualifier_suffix,
    report_items,
    sanitized,
    slot_label,
    source_labels,
    story_reports,
)
from dealclaims.models import Conflict, Evidence, Fact, Origin, Report

__all__ = ["ItemNotFound", "find_item", "render_item"]

HIGHLIGHT = "bold reverse"


ID_KINDS = "fact ids start with f-, conflict ids with x-, shared-origin ids with o-"


def find_item(report: Report, item_id: str) -> Fact | Conflict | Origin:
    """The fact, single-source fact, conflict or shared origin with ``item_id``, or the only one whose id
    starts with it (the short ids the fact sheet prints)."""
    items: list[Fact | Conflict | Origin] = [*report_items(report)]
    items += [o for sub in story_reports(report) for o in sub.origins]
    exact = [i for i in items if i.id == item_id]
    found = exact or [i for i in items if i.id.startswith(item_id)] if item_id else []
    if len(found) == 1:
        return found[0]
    if not found:
        raise ItemNotFound(
            f"no fact, conflict or origin with id {item_id!r} ({ID_KINDS}); the fact sheet shows them "
            "next to each line, or list them with `jq -r '.facts[].id, .conflicts[].id, .origins[].id'`"
        )
    raise ItemNotFound(f"{item_id!r} matches {len(found)} ids: {', '.join(i.id for i in found[:5])}")


def render_item(report: Report, item: Fact | Conflict | Origin, plain: bool = False) -> Text:
    """The item's heading, then per variant and per source the evidence with the claim highlighted."""
    report = sanitized(report)
    item = sanitized(item)
    labels = source_labels(report)
    names = {k: v for r in story_reports(report) for k, v in entity_names(r).items()}
    out = Text()
    if isinstance(item, Origin):
        who = names.get(item.attributed_to or "", item.attribution or "unattributed")
        out.append(f"{item.id}  shared origin · {who} · {len(item.documents)} sources\n", style="bold")
        out.append(f"{item.text}\n")
        for passage in item.passages:
            _evidence_lines(out, [passage.evidence], item.text, labels, plain)
        return out
    out.append(f"{item.id}  {slot_label(item.slot, item.subject, names)}\n", style="bold")
    if isinstance(item, Fact):
        out.append(f"{item.text}{qualifier_suffix(item.qualifiers)} — {item.support} sources\n")
        _evidence_lines(out, item.evidence, item.text, labels, plain)
        return out
    out.append(f"{item.kind}: {explanation(item, names)}\n")
    for variant in item.variants:
        out.append(f"\n“{variant.text}”{qualifier_suffix(variant.qualifiers)}\n", style="bold")
        _evidence_lines(out, variant.evidence, variant.text, labels, plain)
    return out


def _evidence_lines(
    out: Text, evidence: Sequence[Evidence], claim: str, labels: dict[str, str], plain: bool
) -> None:
    for ev in evidence:
        label = labels.get(ev.source, ev.source)
        out.append(f"  {label} " + (f"{ev.source} " if label != ev.source else ""), style="cyan")
        out.append(f"[{ev.start}:{ev.end}]\n", style="dim")
        out.append("    ")
        out.append_text(_highlight(" ".join(ev.text.split()), claim, plain))
        out.append("\n")


def _highlight(sentence: str, claim: str, plain: bool) -> Text:
    """``sentence`` with the claim's words marked where they occur (case-insensitive), else as it is.

    A merged claim ("first phase … $500 million / worth USD 500 million") is looked for piece by piece.
    """
    pieces = [p.strip() for p in re.split(r" / |…", claim) if len(p.strip()) >= 3] or [claim]
    spans = sorted(
        m.span() for piece in pieces for m in re.finditer(re.escape(piece), sentence, flags=re.IGNORECASE)
    )
    text, position = Text(), 0
    for start, end in spans:
        if start < position:
            continue  # overlaps the previous highlight
        text.append(sentence[position:start])
        text.append(
            f"»{sentence[start:end]}«" if plain else sentence[start:end], style="" if plain else HIGHLIGHT
        )
        position = end
    text.append(sentence[position:])
    return text
