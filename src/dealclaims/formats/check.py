"""The CI summary of ``dealclaims check``: one line per document, then what was skipped and why."""

from __future__ import annotations

from collections import Counter

from dealclaims.formats._common import count
from dealclaims.models import Report


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
        lines.append(f"ok {doc.id} ({count(facts[doc.id], 'fact')}, {count(conflicts[doc.id], 'conflict')})")
        lines.extend(f"  warning: {warning}" for warning in doc.warnings)
    return "".join(line + "\n" for line in lines)
