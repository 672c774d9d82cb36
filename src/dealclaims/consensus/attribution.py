"""Who a sentence is attributed to ("according to X", "X said", "a statement from X"): the origin of a passage."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dealclaims.models import Claim, Evidence

if TYPE_CHECKING:
    pass


Resolver = Callable[[str], "str | None"]


_NAME = r"(?P<x>(?:the |a )?[A-Z][\w.’'&-]*(?:\s+(?:[A-Z][\w.’'&-]*|embassy|office|ministry|of|in|for))*)"


_PRONOUNS = {"it", "he", "she", "they", "we", "this", "that", "the", "a"}


# (rank, pattern): a lower rank names the origin more directly. Group "x" is the named source, if any.
_ATTRIBUTIONS: list[tuple[int, re.Pattern[str]]] = [
    (
        0,
        re.compile(
            r"\b(?i:statement|release|announcement)\s+(?:issued\s+|released\s+|published\s+)?"
            r"(?:by|from)\s+" + _NAME
        ),
    ),
    (1, re.compile(r"\b(?i:according to|as per)\s+" + _NAME)),
    (2, re.compile(r"\b(?:a|the) (?:press )?release\b|\bstated the release\b", re.IGNORECASE)),
    # not "the government in <Capital> said": a name after a preposition is not the speaker
    (
        3,
        re.compile(
            r"(?<!\bin )(?<!\bof )(?<!\bat )(?<!\bfrom )"
            + _NAME
            + r"\s+(?:said|says|stated|announced|noted|added|told)\b"
        ),
    ),
    (3, re.compile(r"\b(?:said|stated|announced)\s+" + _NAME)),
]


QUOTE_RANK = 4  # the speaker of a quote that covers the sentence


@dataclass(frozen=True)
class Attribution:
    """Whom a sentence attributes what it says to: the phrase as written and the entity id, if resolvable."""

    text: str
    entity: str | None
    rank: int


def attribute_sentence(text: str, resolve: Resolver) -> Attribution | None:
    """The most direct attribution a sentence makes ("according to X", "a statement from X", "X said")."""
    best: Attribution | None = None
    for rank, pattern in _ATTRIBUTIONS:
        for match in pattern.finditer(text):
            named = match.groupdict().get("x")
            phrase = (named or match.group(0)).strip()
            if phrase.lower() in _PRONOUNS:
                continue
            entity, phrase = _resolve_phrase(phrase, resolve) if named else (None, phrase)
            found = Attribution(text=phrase, entity=entity, rank=rank)
            if best is None or (found.entity is not None, -found.rank) > (
                best.entity is not None,
                -best.rank,
            ):
                best = found
    return best


def _resolve_phrase(phrase: str, resolve: Resolver) -> tuple[str | None, str]:
    """(entity id, the words that name it): the phrase cut before "in"/"for", then whole; each from its
    first word, then its word suffixes ("Envoy Ana Ruiz" -> "Ana Ruiz")."""
    words = phrase.rstrip(".,;:").split()
    if words and words[0].lower() in ("the", "a"):
        words = words[1:]
    cut = next((i for i, w in enumerate(words) if w in ("in", "for") and i > 0), len(words))
    for candidate in (words[:cut], words):  # "the embassy in Lima" is the embassy before it is Lima
        for start in range(len(candidate)):
            hit = resolve(" ".join(candidate[start:]))
            if hit:
                return hit, " ".join(candidate[start:]) if start else phrase.rstrip(".,;:")
    return None, phrase.rstrip(".,;:")


def attribute_sentences(
    sentences: Iterable[Evidence], quotes: Iterable[Claim], resolve: Resolver
) -> dict[tuple[str, int], Attribution]:
    """Attribution of each sentence, keyed by (source, start); a quote's speaker when the words name none.

    ``quotes`` are quote claims before resolution: their ``subject`` is the speaker as written.
    """
    by_source: dict[str, list[tuple[Claim, str]]] = defaultdict(list)
    for q in quotes:
        speaker = resolve(q.subject) if q.subject else None
        if speaker:
            by_source[q.source].append((q, speaker))
    out: dict[tuple[str, int], Attribution] = {}
    for sent in sentences:
        found = attribute_sentence(sent.text, resolve)
        if found is None or found.entity is None:
            hit = next(((q, who) for q, who in by_source[sent.source] if _overlaps(q.evidence, sent)), None)
            if hit is not None:
                found = Attribution(text=str(hit[0].subject), entity=hit[1], rank=QUOTE_RANK)
        if found is not None:
            out[(sent.source, sent.start)] = found
    return out


def _overlaps(a: Evidence, b: Evidence) -> bool:
    return a.source == b.source and a.start < b.end and b.start < a.end


def annotate_claims(
    claims: Iterable[Claim],
    sentences: Iterable[Evidence],
    attributions: Mapping[tuple[str, int], Attribution],
    entities: Collection[str] = (),
) -> list[Claim]:
    """Each claim's evidence gets ``attributed_to``: the entity its sentence attributes it to, if any.

    A quote keeps its own speaker when that is one of ``entities`` (or "<id>#office").
    """
    by_source: dict[str, list[Evidence]] = defaultdict(list)
    for s in sorted(sentences, key=lambda e: (e.source, e.start)):
        by_source[s.source].append(s)
    starts = {source: [s.start for s in sents] for source, sents in by_source.items()}
    out = []
    for c in claims:
        # the sentence starting at or before the claim (bisect: long documents stay cheap)
        k = bisect.bisect_right(starts.get(c.source, []), c.evidence.start) - 1
        sent = by_source[c.source][k] if k >= 0 and _overlaps(c.evidence, by_source[c.source][k]) else None
        found = attributions.get((sent.source, sent.start)) if sent else None
        entity = found.entity if found else None
        if entity and entity.split("#")[0] == c.subject:
            entity = None  # "Minister Ana Ruiz said": her title is the writer's claim, not hers
        if c.slot == "quote" and c.attributed_to and c.attributed_to.split("#")[0] in entities:
            entity = c.attributed_to
        out.append(c.model_copy(update={"evidence": c.evidence.model_copy(update={"attributed_to": entity})}))
    return out
