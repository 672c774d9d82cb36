"""Entity spans that are never entities: datelines, tickers, credits, flags, labels, fragments and common words."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import ORTH  # type: ignore[import-not-found]
from spacy.tokens import Doc, Span

from dealclaims.names import is_legal_form, legal_basename

_STATE_ABBREVIATION = re.compile(r"^[A-Z][a-z]{1,4}\.(?:-based)?$")


@lru_cache(maxsize=8192)
def _is_legal_form(word: str) -> bool:
    """ "Inc.", "Co.": cleanco strips it from a company name."""
    return bool(word) and legal_basename(f"Acme {word}").strip() == "Acme"


_LEADING_POS = {"ADV", "SCONJ", "CCONJ", "INTJ", "DET", "PRON", "AUX"}


_FUNCTION_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PART", "PRON", "AUX"}


_DASHES = {"-", "--", "—", "–"}


def junk_reason(
    ent: Span, zone: set[int], agencies: set[str], lower_words: set[str], symbols: set[int]
) -> str | None:
    """Why an entity span is junk ("ticker", "credit", ...), "trim" for a removable lead word, or None."""
    doc, first, last = ent.doc, ent[0], ent[-1]
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if all(t.i in zone for t in ent) or ent.text in agencies:
        return "dateline"  # "SAN JOSE, Calif., March 4 (Wire) -" and the agency it names
    if any(t.i in symbols for t in ent):
        return "ticker"  # "Ostrel-Hart <OSH> Corp": OSH is a stock symbol
    if any("/" in t.text or t.text in (":", "|") for t in ent) or (before is not None and before.text == "/"):
        return "credit"  # "Photo: ...", "(Name/Outlet)"
    if any(t.text.startswith(("@", "#")) for t in ent) or (before is not None and before.text in ("@", "#")):
        return "handle"
    if (
        after is not None
        and after.text == ":"
        and (ent.start == 0 or "\n" in doc[ent.start - 1].text_with_ws)
    ):
        return "label"  # "URGENT:", "Background:" at the start of a line
    if (
        before is not None
        and before.lower_ == "by"
        and (before.i == 0 or "\n" in doc[before.i - 1].text_with_ws)
    ):
        return "byline"
    if not first.text[:1].isupper() and not any(t.text[:1].isupper() for t in ent):
        return "lowercase"  # "dlrs", "pct"
    if before is not None and before.like_num and ent.text.isupper() and len(ent) == 1:
        return "unit"  # "1530 GMT", "48 DLRS"
    if len(ent.text.replace(".", "")) == 1:
        return "letter"  # "T" of "B and T": one letter is no name
    if last.pos_ in _FUNCTION_POS and last.is_lower and last.is_alpha:
        if len(ent) > 2 and is_legal_form(doc[ent.end - 2].text):
            return "trim_end"  # "Pellam Inc of Boston": the name ends at its legal form
        return "fragment"  # "Board of", "Steel to"
    if (
        len(ent) > 1
        and last.pos_ == "NOUN"
        and last.is_lower
        and last.is_alpha
        and not is_legal_form(last.text)
    ):
        return "trim_end"  # "Velmont board": a common noun after the name is not part of it
    if len(ent) == 1 and first.is_sent_start and first.lower_ in lower_words:
        return "common"  # "Understanding", "Greenmail" at the start of a sentence
    if len(ent) > 1 and first.is_sent_start and (first.pos_ in _LEADING_POS or first.lower_ in lower_words):
        return "trim"  # "Earlier Velmont Stores"
    return None


def _trim_leading(ent: Span) -> Span | None:
    i = ent.start
    while i < ent.end and (ent.doc[i].pos_ in _LEADING_POS or i == ent.start and ent.doc[i].pos_ != "PROPN"):
        i += 1
    return ent.doc[i : ent.end] if i < ent.end else None


def words_of(doc: Doc) -> list[str]:
    """The tokens' texts, read from the doc's array: scanning them makes no ``Token`` object per token."""
    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array(ORTH).tolist()] if len(doc) else []


def _tickers(doc: Doc, words: list[str]) -> list[Span]:
    """ "Velmont Stores <VLS>", "Velmont Stores (NYSE: VLS)": the symbol spans, labelled with the symbol."""
    out = []
    for i, word in enumerate(words[:-2]):
        inner = words[i + 1]
        if word == "<" and words[i + 2] == ">" and inner.replace(".", "").isalnum() and inner.isupper():
            out.append(Span(doc, i, i + 3, label=inner))
        elif word == "(" and i + 4 < len(words) and words[i + 2] == ":" and words[i + 4] == ")":
            symbol = words[i + 3]  # "(NYSE: TLMC)": a listing, the exchange and the symbol
            if inner.isupper() and symbol.replace(".", "").isalnum() and symbol.isupper():
                out.append(Span(doc, i, i + 5, label=symbol))
    return out


def _dateline_tokens(doc: Doc, words: list[str]) -> set[int]:
    """Tokens of datelines: a line opening in capitals ("NEW YORK, March 9 (Wire) -") up to its dash."""
    out: set[int] = set()
    # a token's trailing whitespace is one space at most: a line ends in a token's own text
    starts = [0] + [i + 1 for i, word in enumerate(words[:-1]) if "\n" in word or word.isspace()]
    for start in starts:
        if start >= len(doc) or not (
            words[start].isalpha() and words[start].isupper() and len(words[start]) > 1
        ):
            continue
        for tok in doc[start : start + 16]:
            if tok.text in _DASHES:
                out.update(range(start, tok.i))
                break
            if "\n" in tok.text_with_ws:
                break
    return out
