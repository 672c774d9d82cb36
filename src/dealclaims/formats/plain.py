"""The fact sheet as plain text at a fixed width: for pipes, files, examples/ and golden files."""

from __future__ import annotations

import io
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.constrain import Constrain
from rich.padding import Padding
from rich.text import Text

from dealclaims.formats.terminal import render_fact_sheet
from dealclaims.models import Report

PLAIN_WIDTH = 100  # columns of the plain-text fact sheet (examples/, golden files)


def render_plain(report: Report, width: int = PLAIN_WIDTH, verbose: bool = False) -> str:
    """The fact sheet as plain text (no colour, no trailing spaces), ``width`` columns wide; ``verbose``
    lists the single-source claims.

    The bytes are what rich prints for ``render_fact_sheet``; a line of text that fits is written directly
    (see ``_plain_lines``), because a feed of hundreds of stories has tens of thousands of them.
    """
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    for part in _plain_lines(render_fact_sheet(report, width=width, verbose=verbose), width):
        if isinstance(part, str):
            buffer.write(part)
        else:
            # A Group of one: print() would merge a bare Text into a new one, dropping its overflow setting.
            console.print(Group(part))  # the parts printed one by one give the bytes of their whole Group
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _plain_lines(renderable: RenderableType, width: int) -> Iterator[RenderableType | str]:
    """The leaves of a fact sheet in order: a one-line ``Text`` that fits in ``width`` columns (indented by
    a left-only ``Padding`` or not) as its line of plain text, anything else as the renderable to print.

    Such a line is what rich would print (no wrap, no cropping, and ``render_plain`` strips the padding);
    ``Group`` and ``Constrain`` are opened up, since at the console's width they change nothing.
    """
    if isinstance(renderable, Group):
        for part in renderable.renderables:
            yield from _plain_lines(part, width)
    elif isinstance(renderable, Constrain) and (renderable.width is None or renderable.width >= width):
        yield from _plain_lines(renderable.renderable, width)
    elif type(renderable) is Padding and (renderable.top, renderable.right, renderable.bottom) == (0, 0, 0):
        line = _fitting_line(renderable.renderable, width - renderable.left)
        yield renderable if line is None else " " * renderable.left + line
    else:
        line = _fitting_line(renderable, width)
        yield renderable if line is None else line


def _fitting_line(renderable: RenderableType, width: int) -> str | None:
    """``renderable``'s plain text and a newline when it is a left-justified one-line Text that fits."""
    if type(renderable) is not Text or renderable.end != "\n" or renderable.justify not in (None, "default"):
        return None
    plain = renderable.plain
    if "\n" in plain or "\t" in plain or cell_len(plain) > width:
        return None
    return plain + "\n"
