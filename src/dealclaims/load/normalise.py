"""Text -> the form spaCy reads, with a map from every normalised offset back to the original."""

from __future__ import annotations

import re

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


_QUOTE_FOLDS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2039": "'", "\u203a": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
}  # fmt: skip


# Invisible characters that split words for the NLP stage: zero-width space and joiners, BOM, word joiner,
# soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\ufeff\u2060\u00ad"


_ODD_SPACES = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2028\u2029"  # every space but " " itself


# A run of spaces (invisibles inside it included) that is not already one plain space, one invisible
# character, or one curly quote.
_VISIBLE = re.compile(rf"[^\s{_INVISIBLE}]")


_SPECIAL = re.compile(
    f"(?: [ {_ODD_SPACES}{_INVISIBLE}]+|[{_ODD_SPACES}][ {_ODD_SPACES}{_INVISIBLE}]*)"
    f"|[{_INVISIBLE}]|[{''.join(_QUOTE_FOLDS)}]"
)


def normalize_text(text: str) -> tuple[str, list[int]]:
    """Straighten quotes, collapse space runs, drop invisible characters: ``(normalised, offsets)``.

    ``normalised[i]`` derives from ``text[offsets[i]]`` and ``offsets[-1] == len(text)``, so
    ``len(offsets) == len(normalised) + 1``. Line breaks, dashes and "…" are kept as they are.
    """
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _SPECIAL.finditer(text):
        start, end = match.span()
        parts.append(text[position:start])
        offsets.extend(range(position, start))
        found = match.group()
        if found in _QUOTE_FOLDS:
            parts.append(_QUOTE_FOLDS[found])
            offsets.append(start)
        elif found not in _INVISIBLE:  # a run of spaces becomes one space at the run's start
            parts.append(" ")
            offsets.append(start)
        position = end
    parts.append(text[position:])
    offsets.extend(range(position, len(text) + 1))
    return "".join(parts), offsets
