"""Group the documents of a folder into stories before reconciling, when it holds many unrelated ones.

Each document is reduced to a set of salient keys: its named organisations, people and places (folded with
``name_key``), the money amounts it states, and the rarer words of its title. Candidate pairs come from an
inverted index on those keys — only documents that share a key are ever compared, and a key shared by more
than ``Settings.story_max_postings`` documents ("U.S.", "said") proposes nothing — so the cost grows with
the corpus, not with its square. A pair is one story when the IDF-weighted share of the keys the two
documents have in common reaches ``Settings.story_similarity``; stories are the connected components
(union-find). Everything is sorted by stable keys, so the grouping does not depend on input order.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from dealclaims.models import Extraction, Settings
from dealclaims.names import name_key
from dealclaims.unionfind import UnionFind

__all__ = ["document_keys", "entity_key", "group_stories", "story_id"]

MIN_SHARED_KEYS = 2
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_LEGAL_FORMS = frozenset(
    {"inc", "corp", "corporation", "co", "company", "ltd", "limited", "plc", "llc", "ag", "sa", "nv"}
)
STORY_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC"})
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'&-]{3,}")
# Title words that say what kind of news it is, not which story.
_TITLE_STOP = frozenset(
    [
        "about",
        "after",
        "against",
        "agrees",
        "also",
        "approves",
        "buys",
        "deal",
        "from",
        "have",
        "into",
        "keeps",
        "more",
        "must",
        "over",
        "plans",
        "raises",
        "said",
        "says",
        "sees",
        "sell",
        "sells",
        "stake",
        "still",
        "take",
        "takes",
        "talks",
        "than",
        "that",
        "their",
        "there",
        "this",
        "total",
        "under",
        "unit",
        "units",
        "until",
        "what",
        "when",
        "will",
        "with",
        "year",
    ]
)


# Flags a desk puts on a headline ("URGENT:", "UPDATE 2-") and calendar words of a date line: they say when
# and how the news was sent, not which story it is.
_HEADLINE_FLAGS = frozenset(
    {"urgent", "breaking", "update", "updated", "exclusive", "corrected", "correction", "refile", "flash"}
)
_CALENDAR = frozenset(
    w.lower()
    for w in [*calendar.month_name, *calendar.month_abbr, *calendar.day_name, *calendar.day_abbr]
    if w
)
_POSSESSIVE = re.compile(r"['’]s?$")
# A ticker in a headline: "<ACME>" (wire style) or "(NYSE: ACME)"; it names the company as surely as its name.
_TICKER = re.compile(r"<([A-Z][A-Z0-9.]{0,5})>|\([A-Z][A-Za-z]+:\s*([A-Z][A-Z0-9.]{0,5})\)")


def document_keys(extraction: Extraction, title: str | None = None) -> set[str]:
    """The salient keys of one document: entity names, money amounts, title words (prefixed by kind)."""
    names = [m.text for m in extraction.mentions if m.label in STORY_LABELS]
    names += [m.acronym for m in extraction.mentions if m.acronym]
    keys = {f"e:{key}" for key in map(entity_key, names) if key and key not in _LEGAL_FORMS}
    for claim in extraction.claims:
        if claim.value_kind == "money" and isinstance(claim.value, dict):
            keys.add(f"m:{claim.value.get('currency')}:{claim.value.get('amount')}")
    keys.update(f"e:{(a or b).lower()}" for a, b in _TICKER.findall(title or ""))
    for word in _TITLE_WORD.findall(_TICKER.sub(" ", title or "")):
        word = _POSSESSIVE.sub("", word.lower())  # "DART'S" = "Dart"
        if (
            word not in _TITLE_STOP
            and word not in _HEADLINE_FLAGS
            and word not in _CALENDAR
            and len(word) > 3
        ):
            keys.add(f"t:{word[:-1] if len(word) > 4 and word.endswith('s') else word}")  # offer = offers
    return keys


def entity_key(name: str) -> str:
    """A looser key than ``name_key``: punctuation and a trailing legal form dropped ("Acme Inc>" = "Acme")."""
    words = _NOT_WORD.sub(" ", name_key(name)).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def group_stories(doc_keys: dict[str, set[str]], settings: Settings | None = None) -> list[list[str]]:
    """Documents (by id) grouped into stories: largest first, then by first id; ids sorted in each."""
    settings = settings or Settings()
    postings = _postings(doc_keys)
    weight = {k: math.log(1 + len(doc_keys) / len(ids)) for k, ids in postings.items()}
    total = {d: sum(weight[k] for k in keys) for d, keys in doc_keys.items()}
    uf: UnionFind[str] = UnionFind()
    for doc in doc_keys:
        uf.find(doc)
    for (a, b), (count, shared) in sorted(
        _shared_weights(postings, weight, settings.story_max_postings).items()
    ):
        if _same_story(count, 2 * shared / (total[a] + total[b]), settings):
            uf.union(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for doc in sorted(doc_keys):
        groups[uf.find(doc)].append(doc)
    return _attach_strays(
        sorted(groups.values(), key=lambda g: (-len(g), g[0])), doc_keys, postings, settings
    )


CORE_SHARE = 0.5  # a story's core keys are held by at least this share of its documents
MIN_CORE_HITS = 2  # with CORE_SHARE of the core keys, when the story has MIN_CORE_KEYS at least
MIN_CORE_KEYS = 4
SURE_CORE_HITS = 3  # with SURE_CORE_SHARE of them
SURE_CORE_SHARE = 0.3


def _attach_strays(
    groups: list[list[str]], doc_keys: dict[str, set[str]], postings: dict[str, list[str]], settings: Settings
) -> list[list[str]]:
    """A document of a smaller group joins a bigger story when it holds half of that story's core keys.

    Pairwise similarity misses a short article, or one written from another angle, whose own keys are mostly
    new (analysts, a union, a rival) but which names what the story's articles keep naming: the parties,
    the amount, the headline words. Those core keys are held by at least ``CORE_SHARE`` of a story's
    documents (three documents at least); a document holding enough of them is that story's (``_joins``). Keys too common to link
    stories are no core keys. Each document is compared only with the stories its keys are core to, so the
    cost stays linear.
    """
    core_of: dict[str, list[int]] = defaultdict(list)
    core_size: dict[int, int] = {}
    for g, group in enumerate(groups):
        if len(group) < 3:
            continue
        held = Counter(k for doc in group for k in doc_keys[doc])
        core = [k for k, n in held.items() if n >= CORE_SHARE * len(group) and n >= 2]
        core = [k for k in core if len(postings[k]) <= settings.story_max_postings]
        core_size[g] = len(core)
        for k in core:
            core_of[k].append(g)
    moved: dict[str, int] = {}
    for group in groups:
        for doc in group:
            hits = Counter(
                t for k in doc_keys[doc] for t in core_of.get(k, []) if len(groups[t]) > len(group)
            )
            best = max(hits, key=lambda t: (hits[t] / core_size[t], -t), default=None)
            if best is not None and _joins(hits[best], core_size[best]):
                moved[doc] = best
    out = [
        sorted([d for d in group if d not in moved] + [d for d, t in moved.items() if t == g])
        for g, group in enumerate(groups)
    ]
    return sorted((g for g in out if g), key=lambda g: (-len(g), g[0]))


def _same_story(count: int, dice: float, settings: Settings) -> bool:
    """Weighted Dice over the salient keys, and two shared keys at least (one name alone is a coincidence).

    Many shared keys lower the bar: articles that name the same six parties, places or amounts are one
    story even when each also names much else (long reports of one deal from different angles).
    """
    if count >= settings.story_strong_keys:
        return dice >= settings.story_strong_similarity
    return count >= MIN_SHARED_KEYS and dice >= settings.story_similarity


def _postings(doc_keys: dict[str, set[str]]) -> dict[str, list[str]]:
    postings: dict[str, list[str]] = defaultdict(list)
    for doc in sorted(doc_keys):
        for key in doc_keys[doc]:
            postings[key].append(doc)
    return postings


def _shared_weights(
    postings: dict[str, list[str]], weight: dict[str, float], max_postings: int
) -> dict[tuple[str, str], tuple[int, float]]:
    """For every pair of documents sharing an informative key: how many keys they share, and their weight.

    Only keys held by 2..max_postings documents propose pairs: at most max_postings² / 2 pairs per key.
    """
    shared: dict[tuple[str, str], tuple[int, float]] = {}
    for key, docs in postings.items():
        if 2 <= len(docs) <= max_postings:
            for i, a in enumerate(docs):
                for b in docs[i + 1 :]:
                    count, total = shared.get((a, b), (0, 0.0))
                    shared[(a, b)] = (count + 1, total + weight[key])
    return shared


def _joins(hits: int, core: int) -> bool:
    """A feed's big stories have many core keys (places, officials named everywhere): a few of them shared
    is not the story; a small story's two core names are, when it has a few more."""
    if hits >= SURE_CORE_HITS and hits >= SURE_CORE_SHARE * core:
        return True
    return hits >= MIN_CORE_HITS and hits >= CORE_SHARE * core and core >= MIN_CORE_KEYS


def story_id(documents: Iterable[str]) -> str:
    """A stable id for a story: its first document id."""
    return "story:" + min(documents)
