"""The agreement matrix (sources x consensus facts) and the shared origins, as the fact sheet shows them.

``agreement_state`` is the one place that reads how a source stands on a fact; the terminal, plain text,
Markdown and HTML renderers all go through it (or through ``AgreementMatrix``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.text import Text

from dealclaims.consensus.agreement import source_agreement
from dealclaims.formats._common import count, heading, shorten, source_labels, unquoted
from dealclaims.models import Fact, Report

__all__ = ["MARKS", "STATES", "AgreementMatrix", "agreement_state", "consensus_facts"]

STATES = ("states", "consistent", "differs", "silent")
MARKS = {"states": "✓", "consistent": "~", "differs": "✗", "silent": "·"}
MARK_STYLES = {"states": "green", "consistent": "green", "differs": "bold red", "silent": "dim"}
MATRIX_CELL = 3  # columns per fact in the agreement matrix
MATRIX_LABEL = 24  # at most this many columns of a source's name


def consensus_facts(report: Report) -> list[Fact]:
    """The consensus facts in the sheet's order (most support first): the numbers of the agreement matrix."""
    return sorted((f for f in report.facts if f.support >= 2), key=lambda f: (-f.support, f.slot))


def agreement_state(fact: Fact, source: str) -> str:
    """``states`` the value, says it less specifically (``consistent``), ``silent``, or ``differs``: as the
    consensus stage decided (``Fact.agreement``)."""
    return source_agreement(fact, source)


class AgreementMatrix:
    """Sources x consensus facts (✓ states, ~ less specific, ✗ differs, · silent), cut into blocks of columns
    that fit the width it is rendered at; each row ends with how many consensus facts the source leaves out."""

    def __init__(self, report: Report, facts: Sequence[Fact], labels: dict[str, str] | None = None) -> None:
        self.facts = list(facts)
        labels = labels or source_labels(report)
        self.rows = [(shorten(labels.get(d.id, d.id), MATRIX_LABEL), d.id) for d in report.documents]
        self.trust = {d.id: d.trust for d in report.documents}

    def state(self, fact: int, doc: str) -> str:
        return agreement_state(self.facts[fact], doc)

    def lines(self, width: int) -> list[str]:
        """The matrix as lines of at most ``width`` columns."""
        return [line.plain for line in self.text_lines(width)]

    def text_lines(self, width: int) -> list[Text]:
        """The matrix as coloured lines (✗ red, ✓ green, · dim) of at most ``width`` columns."""
        label = max((len(name) for name, _ in self.rows), default=0) + 1
        suffix = {doc: self._suffix(doc) for _, doc in self.rows}
        tail = max((len(t) for t in suffix.values()), default=0)
        per_block = max(1, (width - label - tail) // MATRIX_CELL)
        out: list[Text] = []
        for first in range(0, len(self.facts), per_block):
            block = range(first, min(first + per_block, len(self.facts)))
            last = block.stop == len(self.facts)
            out.append(Text((" " * label + "".join(f"{i + 1:>{MATRIX_CELL}}" for i in block)).rstrip()))
            for name, doc in self.rows:
                line = Text(name.ljust(label), style="cyan")
                for i in block:
                    state = self.state(i, doc)
                    line.append(" " * (MATRIX_CELL - 1))
                    line.append(MARKS[state], style=MARK_STYLES[state])
                if last:
                    line.append(suffix[doc], style="dim")
                line.rstrip()
                out.append(line)
        return out

    def _suffix(self, doc: str) -> str:
        silent = sum(agreement_state(f, doc) == "silent" for f in self.facts)
        trust = self.trust.get(doc)
        return f"  {silent} silent" + (f", trust {trust:.2f}" if trust is not None else "")

    def __rich_console__(self, console: Console, options: Any) -> Any:
        yield from self.text_lines(options.max_width)


def _agreement_section(
    report: Report, names: dict[str, str], labels: dict[str, str] | None = None
) -> list[RenderableType]:
    """The matrix under the consensus table: its columns are the table's numbers."""
    facts = consensus_facts(report)
    if not facts or len(report.documents) < 2:
        return []
    key = Text("Agreement", style="bold underline")
    key.append(" (by fact number)  ", style="bold")
    for state, label in zip(STATES, ("states", "less specific", "differs", "silent"), strict=True):
        key.append(MARKS[state], style=MARK_STYLES[state])
        key.append(f" {label}  ", style="dim")
    key.rstrip()
    return [key, AgreementMatrix(report, facts, labels)]


def _origins_section(
    report: Report,
    names: dict[str, str],
    labels: dict[str, str] | None = None,
    ids: dict[str, str] | None = None,
) -> list[RenderableType]:
    """Each shared origin: its id, who it is attributed to, which sources carry it, and its words."""
    if not report.origins:
        return []
    labels = labels or source_labels(report)
    parts: list[RenderableType] = [heading("Shared origins (copies count once in “indep.”)")]
    for origin in report.origins:
        who = names.get(origin.attributed_to or "", origin.attribution or "unattributed")
        docs = " ".join(labels.get(d, d) for d in origin.documents)
        line = Text.assemble((f"{(ids or {}).get(origin.id, origin.id)} ", "dim"))
        line.append(f"{who} · {count(len(origin.documents), 'source')}: {docs}")
        parts.append(line)
        words = Text(f"“{shorten(unquoted(origin.text), 150)}”", style="dim italic")
        parts.append(Padding(words, (0, 0, 0, 2)))
    return parts
