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
        for alias in sorted({canonical, *aliases}):
            patterns.append({"label": "DEAL_TYPE", "pattern": alias.lower(), "id": canonical})
            if " " in alias:  # "tender offers"; a bare plural ("concessions", "mergers") is generic
                patterns.append(_inflected(alias, "DEAL_TYPE", canonical))
    return patterns


def _inflected(phrase: str, label: str, canonical: str) -> Pattern:
    """A token pattern for the phrase with its last word inflected ("tender offers", "concessions"): the
    last word by lemma, excluding the form the phrase pattern already matches."""
    words = phrase.lower().split()
    last = words[-1]
    tokens: list[dict[str, Any]] = [{"LOWER": w} for w in words[:-1]]
    tokens.append({"LEMMA": last, "LOWER": {"NOT_IN": [last]}})
    return {"label": label, "pattern": tokens, "id": canonical}
