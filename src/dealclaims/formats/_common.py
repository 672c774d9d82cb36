"""Helpers the renderers share: entity names for subjects, slot labels, qualifier suffixes."""

from __future__ import annotations

from collections.abc import Sequence

from dealclaims.models import Qualifier, Report

__all__ = ["entity_names", "qualifier_suffix", "slot_label", "story_reports", "untold_stories"]


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
