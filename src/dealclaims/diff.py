"""Two reports -> what changed: facts and conflicts added, removed or changed. Pure; used by
``dealclaims diff`` and by ``dealclaims check --baseline`` (drift from a committed report).

Items are matched by id first (ids hash slot, subject and value, so a changed value is a new id); an
unmatched old item and an unmatched new one with the same kind, slot and subject, one each, are paired up
as "changed" rather than reported as a removal plus an addition.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from dealclaims.errors import InvalidReport
from dealclaims.models import SCHEMA_VERSION, Conflict, Fact, Report, Variant

__all__ = ["Change", "ReportDiff", "diff_reports", "parse_report", "render_diff"]

ItemKind = Literal["fact", "single_source", "conflict"]
DRIFT_LINES = 15  # lines of detail in the one-screen drift explanation


class Change(BaseModel):
    """One item that differs between two reports."""

    kind: ItemKind
    id: str  # the new id when the item still exists, else the old one
    label: str  # slot · subject: text
    details: list[str] = Field(default_factory=list)  # for "changed": what differs, one phrase each


class ReportDiff(BaseModel):
    """What changed from an old report to a new one."""

    added: list[Change] = Field(default_factory=list)
    removed: list[Change] = Field(default_factory=list)
    changed: list[Change] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the two reports agree on every fact and conflict."""
        return not (self.added or self.removed or self.changed)


Item = Fact | Conflict


def parse_report(text: str, name: str) -> Report:
    """A report from its JSON; raises ``InvalidReport`` naming ``name`` when it is not one of this schema."""
    from dealclaims.cache import is_complete_report

    hint = "write one with --format json"
    try:
        report = Report.model_validate_json(text)
    except (ValueError, RecursionError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InvalidReport(f"{name}: not a dealclaims JSON report ({first}); {hint}") from None
    if report.schema_version != SCHEMA_VERSION:
        raise InvalidReport(
            f"{name}: report schema version {report.schema_version!r}, this dealclaims reads "
            f"{SCHEMA_VERSION!r}; {hint}"
        )
    if not is_complete_report(report):
        raise InvalidReport(f"{name}: not a dealclaims JSON report (no schema_version or documents); {hint}")
    return report


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """Facts (consensus and single-source) and conflicts added, removed and changed from ``old`` to ``new``.

    A report of several stories is compared through all its stories' items together.
    """
    diff = ReportDiff()
    olds, news = _stories(old), _stories(new)
    for kind, attribute in (("fact", "facts"), ("single_source", "single_source"), ("conflict", "conflicts")):
        old_items = [i for r in olds for i in getattr(r, attribute)]
        new_items = [i for r in news for i in getattr(r, attribute)]
        _diff_items(kind, old_items, new_items, diff)  # type: ignore[arg-type]
    return diff


def _stories(report: Report) -> list[Report]:
    """The report, or its stories' reports: items are compared whichever story they landed in."""
    if not report.stories:
        return [report]
    return [story.report for story in report.stories if story.report is not None]


def _diff_items(kind: ItemKind, old: Sequence[Item], new: Sequence[Item], diff: ReportDiff) -> None:
    old_by_id, new_by_id = {i.id: i for i in old}, {i.id: i for i in new}
    for item_id in sorted(old_by_id.keys() & new_by_id.keys()):
        details = _differences(old_by_id[item_id], new_by_id[item_id])
        if details:
            diff.changed.append(
                Change(kind=kind, id=item_id, label=_label(new_by_id[item_id]), details=details)
            )
    gone = [old_by_id[i] for i in sorted(old_by_id.keys() - new_by_id.keys())]
    came = [new_by_id[i] for i in sorted(new_by_id.keys() - old_by_id.keys())]
    keys_gone = Counter((i.slot, i.subject) for i in gone)
    keys_came = Counter((i.slot, i.subject) for i in came)
    paired = {key for key in keys_gone if keys_gone[key] == 1 and keys_came.get(key) == 1}
    for before in gone:
        if (before.slot, before.subject) in paired:
            after = next(i for i in came if (i.slot, i.subject) == (before.slot, before.subject))
            details = [f"was: {_label(before)}", *_differences(before, after)]
            diff.changed.append(Change(kind=kind, id=after.id, label=_label(after), details=details))
        else:
            diff.removed.append(Change(kind=kind, id=before.id, label=_label(before)))
    diff.added.extend(
        Change(kind=kind, id=i.id, label=_label(i)) for i in came if (i.slot, i.subject) not in paired
    )


def _label(item: Item) -> str:
    head = f"{item.slot} · {item.subject}" if item.subject else item.slot
    if isinstance(item, Conflict):
        return f"{head}: {item.kind} ({' | '.join(v.text for v in item.variants)})"
    return f"{head}: {item.text} ({item.support} sources)"


def _differences(before: Item, after: Item) -> list[str]:
    """What differs between two versions of one item, in words (empty when they are the same)."""
    out: list[str] = []
    if isinstance(before, Fact) and isinstance(after, Fact):
        if before.support != after.support:
            out.append(f"support {before.support} -> {after.support}")
        out += _set_change("sources", before.sources, after.sources)
        if before.value != after.value:
            out.append(f"value {before.value!r} -> {after.value!r}")
        if before.text != after.text:
            out.append(f"text {before.text!r} -> {after.text!r}")
        if [q.value for q in before.qualifiers] != [q.value for q in after.qualifiers]:
            out.append("qualifiers " + _words(before) + " -> " + _words(after))
    elif isinstance(before, Conflict) and isinstance(after, Conflict):
        if before.kind != after.kind:
            out.append(f"kind {before.kind} -> {after.kind}")
        out += _set_change(
            "variants", [_variant(v) for v in before.variants], [_variant(v) for v in after.variants]
        )
        old_sides = {_variant(v): v.sources for v in before.variants}
        for variant in after.variants:
            if _variant(variant) in old_sides:
                out += _set_change(
                    f"sources of {_variant(variant)!r}", old_sides[_variant(variant)], variant.sources
                )
    return out


def _variant(variant: Variant) -> str:
    """A variant in words with its qualifiers: two variants may share a text and differ only in those."""
    return variant.text + "".join(f" [{q.value}]" for q in variant.qualifiers)


def _words(fact: Fact) -> str:
    return "[" + ", ".join(q.value for q in fact.qualifiers) + "]"


def _set_change(name: str, before: Sequence[str], after: Sequence[str]) -> list[str]:
    lost, gained = sorted(set(before) - set(after)), sorted(set(after) - set(before))
    if not lost and not gained:
        return []
    parts = [f"-{x}" for x in lost] + [f"+{x}" for x in gained]
    return [f"{name} {' '.join(parts)}"]


def render_diff(diff: ReportDiff, limit: int | None = None) -> str:
    """The diff as text: a count line, then ``+``/``-``/``~`` lines (``limit`` caps them), newline-terminated."""
    if diff.empty:
        return "no changes in facts or conflicts\n"
    counts = f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
    lines = [f"+ {c.kind} {c.id} {c.label}" for c in diff.added]
    lines += [f"- {c.kind} {c.id} {c.label}" for c in diff.removed]
    for change in diff.changed:
        lines.append(f"~ {change.kind} {change.id} {change.label}")
        lines += [f"    {detail}" for detail in change.details]
    if limit is not None and len(lines) > limit:
        hidden = len(lines) - limit
        lines = [*lines[:limit], f"… {hidden} more line{'s' if hidden != 1 else ''}"]
    return "".join(line + "\n" for line in [counts, *lines])
