"""One fact or conflict of a report -> its evidence sentences per source, the claim highlighted in each.

Used by ``dealclaims show``. Returns rich ``Text``: bold-reversed highlights on a terminal, ``»…«`` around
them when ``plain`` (piped output, ``NO_COLOR``), so the highlight survives without colour.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text

from dealclaims.errors import DealclaimsError
from dealclaims.formats._common import (
    entity_names,
    qualifier_suffix,
    slot_label,
    source_labels,
    story_reports,
)
from dealclaims.models import Conflict, Evidence, Fact, Report

__all__ = ["ItemNotFound", "find_item", "render_item"]

HIGHLIGHT = "bold reverse"


class ItemNotFound(DealclaimsError):
    """No fact or conflict of the report has the id given (or the prefix matches several)."""


def find_item(report: Report, item_id: str) -> Fact | Conflict:
    """The fact, single-source fact or conflict with ``item_id``, or the only one whose id starts with it."""
    items: list[Fact | Conflict] = []
    for sub in story_reports(report):
        items += [*sub.facts, *sub.single_source, *sub.conflicts]
    exact = [i for i in items if i.id == item_id]
    found = exact or [i for i in items if i.id.startswith(item_id)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ItemNotFound(f"no fact or conflict with id {item_id!r}; list them with `jq -r '.facts[].id'`")
    raise ItemNotFound(f"{item_id!r} matches {len(found)} ids: {', '.join(i.id for i in found[:5])}")


def render_item(report: Report, item: Fact | Conflict, plain: bool = False) -> Text:
    """The item's heading, then per variant and per source the evidence with the claim highlighted."""
    labels = source_labels(report)
    names = {k: v for r in story_reports(report) for k, v in entity_names(r).items()}
    out = Text()
    out.append(f"{item.id}  {slot_label(item.slot, item.subject, names)}\n", style="bold")
    if isinstance(item, Fact):
        out.append(f"{item.text}{qualifier_suffix(item.qualifiers)} — {item.support} sources\n")
        _evidence_lines(out, item.evidence, item.text, labels, plain)
        return out
    out.append(f"{item.kind}: {item.explanation}\n")
    for variant in item.variants:
        out.append(f"\n“{variant.text}”{qualifier_suffix(variant.qualifiers)}\n", style="bold")
        _evidence_lines(out, variant.evidence, variant.text, labels, plain)
    return out


def _evidence_lines(
    out: Text, evidence: Sequence[Evidence], claim: str, labels: dict[str, str], plain: bool
) -> None:
    for ev in evidence:
        out.append(f"  {labels.get(ev.source, ev.source)} ", style="cyan")
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
