"""Names in running text, for the title grammar: which words can be a name, and the person a title belongs to."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from dealclaims.lexicon import load_lexicon
from dealclaims.titles import TitleGrammar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from dealclaims.extract.people import TitlePhrase


def _capitalised_word(tok: Token) -> bool:
    """Before a lower-case title any capitalised word is a name ("Orrin vice president")."""
    return tok.text[:1].isupper() and tok.is_alpha and tok.pos_ in ("PROPN", "NOUN", "ADJ")


def _is_name_word(tok: Token) -> bool:
    return (
        (tok.pos_ == "PROPN" or tok.text[:1].isupper() and tok.pos_ in ("ADJ", "NOUN"))
        and tok.ent_type_ != "PERSON"
        and not _is_portfolio(tok)
    )


def _person_for(
    doc: Doc, phrase: TitlePhrase, people: dict[int, Span], ends: dict[int, Span], grammar: TitleGrammar
) -> Span | None:
    """The person the title names: apposition after a name, a name right after, or ", Name" after it."""
    start = phrase.start
    if start > 1 and doc[start - 1].text in ("'s", "’s") and doc[start - 2].pos_ == "NOUN":
        start -= 2  # "X, the country's energy minister": a common-noun possessor
    if start > 0 and doc[start - 1].lower_ in ("the", "a", "an", "its", "their"):
        start -= 1
    if start > 1 and doc[start - 1].text == ",":
        before = ends.get(start - 1) or _name_ending(doc, start - 1)
        if before is not None:
            return _without_honorifics(before, grammar)  # "Erik Lund, chief executive of Halvorsen"
    i = max(phrase.end, phrase.stop)
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        i += 3  # "Chargé d'Affaires (CDA) Maria Okafor"
    comma = i < len(doc) and doc[i].text == ","
    if comma:
        i += 1
    i = _skip_honorifics(doc, i, grammar)
    person = people.get(i) or _person_inside(doc, i, people) or _name_starting(doc, i)
    if person is not None:
        person = _without_honorifics(person, grammar)
    if person is None or (len(person) == 1 and _is_portfolio(person[0])):
        return None  # "General Partners": a common word is not a name
    if any(t.text.strip(".") in _org_suffixes() for t in person):
        return None  # "General Acquisition Inc": a company, not a general
    if comma and not _ends_apposition(doc, person):
        return None
    return person


def _person_inside(doc: Doc, i: int, people: dict[int, Span]) -> Span | None:
    """A PERSON entity that swallowed the title ("Chairman Ann Vole"): the name is its part after ``i``."""
    if i >= len(doc) or doc[i].ent_type_ != "PERSON" or doc[i].ent_iob_ != "I":
        return None
    j = i
    while j < len(doc) and doc[j].ent_iob_ == "I" and doc[j].ent_type_ == "PERSON":
        j += 1
    return doc[i:j] if j > i and doc[i].text[:1].isupper() else None


def _name_run(tok: Token) -> bool:
    return (
        tok.text[:1].isupper()
        and tok.pos_ in ("PROPN", "X", "NOUN")
        and (tok.is_alpha or "." in tok.text or "-" in tok.text)
        and tok.ent_type_ in ("", "PERSON", "ORG", "NORP", "GPE")
    )


def _plausible_name(span: Span) -> bool:
    """A titled run of capitalised words the model took for an organisation: a name if some word is not a
    common English word and it does not end in a legal-form word ("Erik Lund", not "Halvorsen Steel Corp")."""
    last = span[-1]
    suffixes = _org_suffixes()
    return (
        2 <= len(span) <= 4
        and not all(_is_portfolio(t) for t in span)
        and last.text.strip(".") not in suffixes
        and not any(t.is_sent_start for t in span[1:])
    )


def _name_starting(doc: Doc, i: int) -> Span | None:
    j = i
    while j < len(doc) and j - i < 4 and _name_run(doc[j]):
        if j > i and doc[j].ent_iob_ == "B" and doc[j - 1].ent_type_ == "PERSON":
            break  # the next name begins
        j += 1
    span = doc[i:j]
    return span if j > i and _plausible_name(span) else None


def _name_ending(doc: Doc, end: int) -> Span | None:
    i = end
    while i > 0 and end - i < 4 and _name_run(doc[i - 1]):
        i -= 1
        if doc[i].ent_iob_ == "B" and doc[i].ent_type_ == "PERSON":
            break
    span = doc[i:end]
    return span if i < end and _plausible_name(span) else None


@lru_cache(maxsize=1)
def _org_suffixes() -> frozenset[str]:
    return frozenset(load_lexicon().org_suffixes)


def _ends_apposition(doc: Doc, person: Span) -> bool:
    """ "Halvorsen's chief executive, Erik Lund, said": the name closes the apposition."""
    return person.end >= len(doc) or doc[person.end].is_punct or doc[person.end].pos_ in ("VERB", "AUX")


def _without_honorifics(span: Span, grammar: TitleGrammar) -> Span | None:
    i = _skip_honorifics(span.doc, span.start, grammar)
    return span.doc[i : span.end] if i < span.end else None


def _skip_honorifics(doc: Doc, i: int, grammar: TitleGrammar) -> int:
    for _ in range(2):
        if i < len(doc) and doc[i].lower_ in grammar.honorifics:
            i += 1
        elif i + 1 < len(doc) and f"{doc[i].lower_} {doc[i + 1].lower_}" in grammar.honorifics:
            i += 2
    return i


def _tidy(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).strip(" ,")


def _is_portfolio(tok: Token) -> bool:
    """A common English word ("Treasury", "transport"), not a name ("Halvorsen", "ACX")."""
    word = tok.lower_
    common = _common_words()
    return word in common or (word.endswith("s") and word[:-1] in common)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Nouns and adjectives of the installed English model's lemmatizer index (WordNet-derived)."""
    from spacy.lookups import Lookups
    from spacy.util import get_package_path

    from dealclaims.models import Settings

    try:
        root = Path(str(get_package_path(Settings().model)))
    except Exception:
        return frozenset()
    for path in sorted(root.glob("**/lemmatizer/lookups/lookups.bin")):
        lookups = Lookups().from_disk(path.parent)
        if lookups.has_table("lemma_index"):
            index = lookups.get_table("lemma_index")
            return frozenset(w for pos in ("noun", "adj") for w in index.get(pos, []))
    return frozenset()
