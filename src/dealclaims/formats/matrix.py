"""formats/matrix.py"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.text import Text

from dealclaims.consensus.agreement import source_agreement
from dealclaims.formats._common import count, heading, shorten, slot_label, source_labels
from dealclaims.models import Fact, Report

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
            f"{i:>{MATRIX_CELL}} {slot_label(f.slot, f.subject, names)}: {shorten(f.text, 60)}",
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
    return [heading("Agreement"), key, AgreementMatrix(report, facts), *legend]


def _origins_section(report: Report, names: dict[str, str]) -> list[RenderableType]:
    """Each shared origin: who it is attributed to, which documents carry it, and its words."""
    if not report.origins:
        return []
    labels = source_labels(report)
    parts: list[RenderableType] = [heading("Shared origins")]
    for origin in report.origins:
        who = names.get(origin.attributed_to or "", origin.attribution or "unattributed")
        docs = ", ".join(labels.get(d, d) for d in origin.documents)
        parts.append(Text(f"{origin.id} · {who} · {count(len(origin.documents), 'source')}: {docs}"))
        words = shorten(origin.text.strip('"“”'))
        parts.append(Padding(Text(f"“{words}”", style="dim italic"), (0, 0, 0, 2)))
    return parts
