"""Span-ruler patterns built from the lexicon: titles, commodities and deal types are data, not code."""

from __future__ import annotations

from typing import Any

from dealclaims.lexicon import Lexicon

Pattern = dict[str, Any]


def title_patterns(lexicon: Lexicon) -> list[Pattern]:
    """TITLE phrase patterns, matched case-sensitively: a capitalised title is what stands next to a name."""
    return [{"label": "TITLE", "pattern": title, "id": title} for title in lexicon.titles]


def term_patterns(lexicon: Lexicon) -> list[Pattern]:
    """COMMODITY, COMMODITY_CLASS and DEAL_TYPE phrase patterns, matched on lower-case text."""
    patterns: list[Pattern] = []
    for canonical, aliases in sorted(lexicon.commodities.items()):
        patterns += [
            {"label": "COMMODITY", "pattern": a.lower(), "id": canonical}
            for a in sorted({canonical, *aliases})
        ]
    patterns += [
        {"label": "COMMODITY_CLASS", "pattern": c.lower(), "id": c} for c in lexicon.commodity_categories
    ]
    for canonical, aliases in sorted(lexicon.deal_types.items()):
        patterns += [
            {"label": "DEAL_TYPE", "pattern": a.lower(), "id": canonical}
            for a in sorted({canonical, *aliases})
        ]
    return patterns
