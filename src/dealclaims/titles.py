"""Titles as a small grammar: ``[ranks] [portfolio] HEAD [of PORTFOLIO] [and TITLE]``, compared by office.

Pure string code (no spaCy), used by the extractor to recognise a head and by reconciliation to compare titles.
A title is a list of offices; an office is a head ("minister", "chief executive"), its ranks ("deputy",
"vice") and its portfolio words ("economy", "transport"). "Economy Minister" and "Minister of Economy" are one
office; "CEO" is "chief executive". Two titles are compatible when every office of the shorter one is an office
of the other with the same head and ranks and a portfolio that one of them refines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

_JOINERS = {"of", "for", "on", "the", "and", "&", "to"}


@dataclass(frozen=True)
class TitleGrammar:
    """The closed classes of ``data/titles.json``."""

    heads: tuple[tuple[str, ...], ...]  # token tuples, longest first
    ranks: frozenset[str]
    soft_ranks: frozenset[str]
    attached_heads: frozenset[str]  # heads that take a modifier to be a title ("general counsel")
    honorifics: frozenset[str]
    synonyms: dict[str, str]

    def head_at(self, words: list[str], i: int) -> int:
        """Length of the longest head starting at ``words[i]`` (lower-case words), or 0."""
        for head in self.by_first.get(words[i], ()) if i < len(words) else ():
            if tuple(words[i : i + len(head)]) == head:
                return len(head)
        return 0

    @cached_property
    def by_first(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Heads by their first word, longest first: one dict lookup per token."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for head in self.heads:
            index.setdefault(head[0], []).append(head)
        return {word: tuple(heads) for word, heads in index.items()}

    def canonical(self, head: str) -> str:
        return self.synonyms.get(head, head)


@lru_cache(maxsize=1)
def load_title_grammar() -> TitleGrammar:
    """Read the packaged title grammar once."""
    raw = resources.files("dealclaims").joinpath("data/titles.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    forms = {tuple(split_words(h)) for h in data["heads"]}
    forms |= {tuple(re.sub(r"(?<=\w)-(?=\w)", " - ", h).split()) for h in data["heads"]}  # spaCy splits "-"
    heads = sorted(forms, key=lambda h: (-len(h), h))
    return TitleGrammar(
        heads=tuple(heads),
        ranks=frozenset(data["ranks"]),
        soft_ranks=frozenset(data["soft_ranks"]),
        attached_heads=frozenset(data["attached_heads"]),
        honorifics=frozenset(data["honorifics"]),
        synonyms={" ".join(split_words(k)): v for k, v in data["synonyms"].items()},
    )


def split_words(text: str) -> list[str]:
    """Lower-case words of a title; hyphens between letters kept ("director-general"), other punctuation gone."""
    text = text.replace("’", "'").lower()
    text = re.sub(r"\([^)]*\)", " ", text)  # "(CDA)" repeats the title
    return re.findall(r"[\w'.-]+", text.replace(",", " "))


@dataclass(frozen=True)
class Office:
    """One office of a title: "first deputy prime minister" -> ranks {first, deputy}, head "prime minister"."""

    head: str
    ranks: frozenset[str]
    portfolio: frozenset[str]  # stems ("econom" of "Economic Affairs" and of "Economy"): one portfolio

    def key(self) -> str:
        parts = [*sorted(self.ranks), self.head]
        if self.portfolio:
            parts += ["of", *sorted(self.portfolio)]
        return " ".join(parts)

    def compatible(self, other: Office, grammar: TitleGrammar) -> bool:
        """Same head and hard ranks, and one portfolio within the other ("transport" in "transport, ports")."""
        hard = self.ranks - grammar.soft_ranks, other.ranks - grammar.soft_ranks
        return (
            self.head == other.head
            and hard[0] == hard[1]
            and (self.portfolio <= other.portfolio or other.portfolio <= self.portfolio)
        )


def parse_offices(title: str, grammar: TitleGrammar | None = None) -> list[Office]:
    """The offices of a written title; words before the first rank or head (a country, an org) are dropped
    when they are not portfolio words next to a head."""
    grammar = grammar or load_title_grammar()
    words = [w.strip(".") if w not in grammar.honorifics else w for w in split_words(title)]
    words = [w for w in words if w]
    offices: list[Office] = []
    ranks: set[str] = set()
    portfolio: set[str] = set()
    i = 0
    while i < len(words):
        n = grammar.head_at(words, i)
        if n:
            head = " ".join(words[i : i + n])
            ranks_here, portfolio_here = set(ranks), set(portfolio)
            i += n
            if i < len(words) and words[i] in ("of", "for", "on"):
                i += 1
                while i < len(words) and not (words[i] == "and" and _starts_office(words, i + 1, grammar)):
                    if words[i] not in _JOINERS:
                        portfolio_here.add(_singular(words[i]))
                    i += 1
            offices.append(_office(head, ranks_here, portfolio_here, grammar))
            ranks, portfolio = set(), set()
            continue
        word = words[i]
        if word in grammar.ranks:
            ranks.add(word)
        elif word not in _JOINERS and word not in grammar.honorifics:
            portfolio.add(_singular(word))
        i += 1
    return offices


def _office(head: str, ranks: set[str], portfolio: set[str], grammar: TitleGrammar) -> Office:
    canonical = grammar.canonical(head)
    if head == "vice president" or canonical.startswith("vice "):
        ranks.add("vice")
    words = canonical.split()
    if len(words) > 1 and words[0] in grammar.ranks and " ".join(words[1:]) in grammar.canonical(words[-1]):
        ranks.add(words[0])
        canonical = " ".join(words[1:])
    stems = {_portfolio_key(w) for w in portfolio} - {""}
    return Office(head=canonical, ranks=frozenset(ranks), portfolio=frozenset(stems))


def _starts_office(words: list[str], i: int, grammar: TitleGrammar) -> bool:
    while i < len(words) and (words[i] in grammar.ranks or words[i] not in _JOINERS):
        if grammar.head_at(words, i):
            return True
        i += 1
    return False


def _portfolio_key(word: str) -> str:
    """A portfolio word for comparison: "Economic Affairs" and "Economy" name one portfolio, so the word is
    cut to its stem (noun and adjective endings) and "affairs" carries no portfolio of its own."""
    if word == "affair":
        return ""
    for suffix in _PORTFOLIO_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:  # "state", "trade" stay whole
            return word[: -len(suffix)]
    return word


_PORTFOLIO_SUFFIXES = (
    "ical",
    "ics",
    "ial",
    "ic",
    "al",
    "ies",
    "y",
    "e",
)  # economic/economy, finance/financial


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def title_key(title: str, grammar: TitleGrammar | None = None) -> str:
    """Canonical comparison key: "CEO" -> "chief executive"; "Economy Minister" and "Minister for Economic
    Affairs" -> "minister of econom" (portfolio stems)."""
    offices = parse_offices(title, grammar)
    if not offices:
        return " ".join(split_words(title))
    return " and ".join(sorted({o.key() for o in offices}))


def compatible_titles(a: str, b: str, grammar: TitleGrammar | None = None) -> bool:
    """True when neither title contradicts the other: every office of the one with fewer offices is an
    office of the other ("chief executive" and "President and Chief Executive Officer")."""
    grammar = grammar or load_title_grammar()
    oa, ob = parse_offices(a, grammar), parse_offices(b, grammar)
    if not oa or not ob:
        return title_key(a, grammar) == title_key(b, grammar)
    small, big = (oa, ob) if len(oa) <= len(ob) else (ob, oa)
    return all(any(s.compatible(o, grammar) for o in big) for s in small)


def title_refines(specific: str, general: str, grammar: TitleGrammar | None = None) -> bool:
    """True when ``specific`` names the same offices with a wider portfolio ("Minister of Trade and Industry"
    refines "Trade Minister"). A title with an extra office ("President and CEO") does not refine "CEO": it
    is a different statement that the conflict detector finds compatible."""
    grammar = grammar or load_title_grammar()
    os_, og = parse_offices(specific, grammar), parse_offices(general, grammar)
    if not os_ or len(os_) != len(og) or title_key(specific, grammar) == title_key(general, grammar):
        return False
    return all(any(g.compatible(s, grammar) and g.portfolio <= s.portfolio for s in os_) for g in og)
