"""One remark across sources: quoted in full, quoted in part, or reported as indirect speech.

``same_remark`` decides whether two quote claims are the same remark. Words found verbatim (the whole quote,
or a long enough part of the longer one) are one remark whoever they are given to, so one quote given to two
people meets itself and becomes an ``attribution_mismatch``; the same words in another order, and reported
speech, are one remark only with the same speaker.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz

from dealclaims.models import INDIRECT_SPEECH, Claim, Settings

__all__ = ["QUOTE_PARAPHRASE_MIN_WORDS", "QUOTE_PART_MIN_WORDS", "is_indirect", "quote_score", "same_remark"]


def is_indirect(claim: Claim) -> bool:
    """A quote claim read from reported speech (extract/quotes.py), not between quotation marks."""
    return INDIRECT_SPEECH in claim.qualifiers


QUOTE_PART_MIN_WORDS = 8  # a part of a quote this long, found inside a longer quote, is that quote
QUOTE_PARAPHRASE_MIN_WORDS = 6  # shorter word sets match too much by chance


def quote_score(a: str, b: str, *, score_cutoff: float | None = None, **_: Any) -> float:
    score = max(fuzz.partial_ratio(a, b), fuzz.token_set_ratio(a, b))
    return score if score_cutoff is None or score >= score_cutoff else 0.0


def same_remark(a: Claim, b: Claim, text_a: str, text_b: str, settings: Settings) -> bool:
    """Verbatim (whole, or a long enough part of the longer quote) whoever it is given to, so that one quote
    given to two people meets itself as an ``attribution_mismatch``; the same words in another order or
    reported speech only from the same speaker (token-set ratio)."""
    short, long = sorted((text_a, text_b), key=len)
    words = len(short.split())
    same_speaker = a.subject is not None and a.subject == b.subject
    cutoff = settings.quote_similarity
    if is_indirect(a) or is_indirect(b):
        return same_speaker and words >= QUOTE_PARAPHRASE_MIN_WORDS and quote_score(short, long) >= cutoff
    if fuzz.partial_ratio(short, long) >= cutoff and (
        words >= QUOTE_PART_MIN_WORDS or len(short) >= 0.5 * len(long)
    ):
        return True
    return (
        same_speaker and words >= QUOTE_PARAPHRASE_MIN_WORDS and fuzz.token_set_ratio(short, long) >= cutoff
    )
