"""The report as deterministic JSON (sorted keys, stable ids) and the JSON Schema it follows."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_json

from dealclaims.models import Report


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
