"""Helpers the renderers share: entity names for subjects, slot labels, qualifier suffixes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text

from dealclaims.models import Qualifier, Report

__all__ = [
    "QUOTE_LIMIT",
    "count",
    "entity_names",
    "heading",
    "qualifier_suffix",
    "shorten",
    "slot_label",
    "source_labels",
    "story_reports",
    "untold_stories",
]

QUOTE_LIMIT = 160  # characters of evidence shown under a conflict variant


def entity_names(report: Report) -> dict[str, str]:
    """Entity id -> display name, ``<id>#office`` -> "Name's office"."""
    names = {entity.id: entity.name for entity in report.entities}
    return names | {f"{entity.id}#office": f"{entity.name}'s office" for entity in report.entities}


def slot_label(slot: str, subject: str | None, names: dict[str, str]) -> str:
    """``slot`` or ``slot · Subject Name``."""
    return f"{slot} · {names.get(subject, subject)}" if subject else slot


def qualifier_suffix(qualifiers: Sequence[Qualifier]) -> str:
    """`` [approximately · first phase]`` or ``""``."""
    return f" [{' · '.join(q.value for q in qualifiers)}]" if qualifiers else ""


def story_reports(report: Report) -> list[Report]:
    """The reports to render: ``report`` itself, or one per story reconciled on its own (``report.stories``)."""
    if not report.stories:
        return [report]
    return [story.report for story in report.stories if story.report is not None]


def untold_stories(report: Report) -> list[tuple[str, list[str]]]:
    """``(headline, document ids)`` of the stories told by too few sources to be reconciled."""
    return [(s.headline, s.documents) for s in report.stories or [] if s.report is None]


def source_labels(report: Report) -> dict[str, str]:
    """Document id -> how to name it: its outlet when known (``Outlet (id)`` if two share it), else the id."""
    outlets = [doc.outlet for doc in report.documents if doc.outlet]
    labels = {doc.id: doc.id for doc in report.documents}
    for doc in report.documents:
        if doc.outlet:
            labels[doc.id] = doc.outlet if outlets.count(doc.outlet) == 1 else f"{doc.outlet} ({doc.id})"
    return labels


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters (with "…")."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def heading(title: str) -> Text:
    return Text(title, style="bold underline")
