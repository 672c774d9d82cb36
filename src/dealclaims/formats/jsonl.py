"""Report -> JSON Lines: one object per line with a ``type`` key, for ``jq -c`` and line-based tools.

Line order: ``report`` (headline and schema version), then ``document``, ``story`` (only when the documents
tell several stories), ``fact``, ``single_source``, ``conflict``, ``entity`` (each with a ``story`` key when
there are several) and ``skipped`` lines, each in the report's own (stable) order. An entity's own
``type`` field (ORG, PERSON...) is written as ``entity_type``, since ``type`` names the kind of line.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from dealclaims.models import Report

__all__ = ["render_jsonl"]


def render_jsonl(report: Report) -> str:
    """The report as JSON Lines; every line is a complete JSON object and the text ends with a newline."""
    lines: list[dict[str, Any]] = [
        {"type": "report", "schema_version": report.schema_version, "headline": report.headline}
    ]
    lines += [_line("document", doc) for doc in report.documents]
    stories = report.stories or []
    for story in stories:
        lines.append(
            {
                "type": "story",
                "id": story.id,
                "headline": story.headline,
                "documents": story.documents,
                "reconciled": story.report is not None,
            }
        )
    subs = [(report, None)] if not stories else [(s.report, s.id) for s in stories if s.report is not None]
    for sub, story_id in subs:
        for kind, items in (("fact", sub.facts), ("single_source", sub.single_source),
                            ("conflict", sub.conflicts), ("entity", sub.entities)):  # fmt: skip
            # with several stories, each line says which story it belongs to
            lines.extend(_line(kind, item) | ({"story": story_id} if story_id else {}) for item in items)
    lines += [_line("skipped", item) for item in report.skipped]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def _line(kind: str, item: BaseModel) -> dict[str, Any]:
    """``{"type": kind, ...fields}``; an entity's own ``type`` (ORG, PERSON...) becomes ``entity_type``."""
    fields = _plain(item)
    if "type" in fields:
        fields[f"{kind}_type"] = fields.pop("type")
    return {"type": kind, **fields}


def _plain(value: Any) -> Any:
    """Models as dicts in field order, free-form dicts sorted by key: the same report gives the same bytes."""
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {str(key): _plain(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
