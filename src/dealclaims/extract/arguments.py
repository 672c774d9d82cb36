"""Who fills a role: the party named by a subject, object, possessor or pronoun (antecedents, names, tickers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dealclaims.extract.tokens import tokens
from dealclaims.lexicon import load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


PARTY_LABELS = ("ORG", "GPE")


STAKE_NOUNS = {
    "pct",
    "percent",
    "%",
    "stock",
    "stake",
    "interest",
    "holding",
    "share",
    "position",
    "all",
    "part",
    "rest",
    "control",
    "majority",
}


_FIRMS_KEY = "dealclaims_firm_names"  # doc.user_data: word tuples of the article's multi-word ORG names


def dateline_end(sent: Span) -> int:
    """The first token after a dateline opening the sentence ("CITY, Region, March 3 (Agency) - "), or the
    sentence start: a dash within the first tokens, right after a date or a parenthesis."""
    doc = sent.doc
    for tok in tokens(sent)[:20]:
        if tok.text in ("-", "—", "–", "--") and tok.i > sent.start and tok.whitespace_:
            prev = doc[tok.i - 1]  # a spaced dash: "March 3 - ", not "60-40"
            if prev.ent_type_ == "DATE" or prev.text == ")" or prev.like_num:
                return tok.i + 1
    return sent.start


def _is_gloss(ent: Span) -> bool:
    """ "(ACR)" right after its long form: the same party again."""
    doc = ent.doc
    return (
        ent.start > 0 and ent.end < len(doc) and doc[ent.start - 1].text == "(" and doc[ent.end].text == ")"
    )


def _subject(verb: Token) -> Token | None:
    """The verb's subject; up the xcomp / conj / acl chain ("X agreed to buy", "X's offer to acquire"), a
    pronoun resolved to the subject above it ("X said it agreed"), a relative to its antecedent."""
    tok: Token | None = verb
    for _ in range(8):
        if tok is None:
            return None
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):  # "an offer to acquire Y"
            owner = next((c for c in tok.head.children if c.dep_ == "poss"), None)
            if owner is not None and owner.pos_ != "PRON":
                return owner
            noun = tok.head
            tok = noun.head if noun.dep_ in ("dobj", "nsubj", "pobj") else None
            if noun.dep_ == "pobj" and tok is not None and tok.dep_ == "prep":
                tok = tok.head  # "entered into an agreement to acquire Y": the verb above the preposition
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.pos_ != "PRON":
            return subj if subj.i >= dateline_end(subj.sent) else _after_dateline(tok)
        if subj is not None and subj.lower_ in _RELATIVES and tok.dep_ == "relcl":
            return tok.head
        if subj is not None and subj.lower_ == "it" and tok.dep_ == "ROOT":
            return subj  # "It also offered to buy Y": the previous sentence's subject (see _entities)
        if subj is None and tok.dep_ == "ROOT" and dateline_end(tok.sent) > tok.sent.start:
            return _after_dateline(tok)  # the parse hung the subject on the dateline
        if subj is None and tok.dep_ not in ("xcomp", "acomp", "conj", "advcl", "relcl"):
            return None
        tok = tok.head if tok.head.i != tok.i else None
    return None


_RELATIVES = {"which", "who", "that"}


_LEGAL_FORMS = {
    "inc",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "plc",
    "ag",
    "sa",
    "nv",
}


_BODY_NOUNS = {"board", "director", "shareholder", "stockholder", "management", "owner", "parent"}


# A part of a company that is bought or sold without its own name: the deal is with its owner.
_UNIT_NOUNS = {"business", "division", "unit", "arm", "operation", "subsidiary"}


def _antecedent(pron: Token) -> Token | None:
    """What "it" / "its" stands for: for "its", the subject of its own clause when that subject is not the
    phrase "its" belongs to; else the nearest non-pronoun subject of a clause above the pronoun's."""
    verb = pron.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if pron.dep_ == "poss":  # "X completed its purchase of Y": its own clause's subject, if not its phrase
        own = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if own is not None and own.pos_ != "PRON" and pron not in own.subtree:
            return own if own.i >= dateline_end(own.sent) else _after_dateline(verb)
    for _ in range(6):
        if verb.head.i == verb.i:
            return None
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.pos_ != "PRON" and subj.i != pron.i:
            return subj if subj.i >= dateline_end(subj.sent) else _after_dateline(verb)
    return None


def _possessive_pronouns(noun: Token) -> list[Token]:
    """ "its" of a noun phrase, also when the parse hangs it on a modifier ("its 40 dlr per share offer")."""
    left = [t for c in noun.lefts if c.dep_ != "poss" for t in c.subtree]
    return [t for t in [*noun.children, *left] if t.dep_ == "poss" and t.pos_ == "PRON"]


def _possessor(poss: Token, ents: dict[int, Span]) -> list[Span]:
    """The party a possessor names: a name, or "its" resolved in its sentence or else to the sentence before."""
    if poss.pos_ != "PRON":
        return _entities(poss, ents)
    antecedent = _antecedent(poss)
    if antecedent is None:
        return _previous_subject(poss) if poss.lower_ == "its" else []
    return _entities(antecedent, ents)


def _is_anaphor(tok: Token) -> bool:
    """ "it" as a subject, or a bare "the company" / "the group": a back reference to an earlier actor."""
    if tok.lower_ == "it":
        return tok.dep_ in ("nsubj", "nsubjpass")
    org_nouns = {n.lower() for n in load_lexicon().org_nouns}
    children = [c for c in tok.children if c.dep_ != "punct"]
    return (
        tok.pos_ == "NOUN"
        and tok.lemma_.lower() in org_nouns
        and tok.dep_ in ("nsubj", "nsubjpass")
        and [c.lower_ for c in children if c.i < tok.i] == ["the"]
    )


def _previous_subject(tok: Token) -> list[Span]:
    """Wire copy names its actor once and then writes "It said ..." / "The company said ...": the party
    that the subject of the sentence before names (one step back only, never a chain)."""
    sent = tok.sent
    if sent.start == 0:
        return []
    prev = tok.doc[sent.start - 1].sent
    ents = {
        i: e
        for e in prev.ents
        if e.label_ in PARTY_LABELS
        and prev.start <= e.start
        and e.start >= dateline_end(prev)
        and e.end <= prev.end
        for i in range(e.start, e.end)
    }
    subj = _subject(prev.root)
    if subj is None or subj.pos_ == "PRON" or _is_anaphor(subj):
        return []
    return _entities(subj, ents)


def _after_dateline(verb: Token) -> Token | None:
    """The parse took the dateline for the subject: the first name after the dateline, before the verb."""
    for i in range(dateline_end(verb.sent), verb.i):
        tok = verb.doc[i]
        if tok.ent_type_ in PARTY_LABELS or _name_phrase(tok):
            while tok.i + 1 < verb.i and tok.doc[tok.i + 1].ent_iob_ == "I":
                tok = tok.doc[tok.i + 1]  # the entity's last token: its root in a name
            return tok
    return None


def _first_party_before(verb: Token, ents: dict[int, Span]) -> list[Span]:
    """A verb the parse left without a usable subject (a dateline or a long apposition confused it): the
    first organisation of the sentence after any dateline and before the verb, outside parentheses."""
    for i in range(dateline_end(verb.sent), verb.i):
        ent = ents.get(i)
        if ent is not None and ent.label_ == "ORG" and ent.root.i == i and not _is_gloss(ent):
            return [ent]
        if ent is None and (found := _name_phrase(verb.doc[i])):
            return found
    return []


def _agents(verb: Token) -> list[Token]:
    """The "by" of a passive verb, also when the parse hangs it lower ("acquired for $4 billion by X")."""
    direct = [c for c in verb.children if c.dep_ == "agent"]
    if direct:
        return direct
    return [
        t
        for t in verb.subtree
        if t.lower_ == "by"
        and t.dep_ in ("agent", "prep")
        and _clause_of(t).i == verb.i
        and t.head.i != verb.i
    ]


def _clause_of(tok: Token) -> Token:
    """The nearest verb above a token (its clause)."""
    head = tok.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _governing_subject(noun: Token, ents: dict[int, Span]) -> list[Span]:
    """ "X made an offer", "X reached an agreement": the subject of the verb the noun is the object of."""
    if noun.dep_ != "dobj":
        return []
    return _entities(_subject(noun.head), ents)


def _prep_objects(head: Token, preps: tuple[str, ...], ents: dict[int, Span]) -> list[Span]:
    return [
        e
        for c in head.children
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps  # "offered $5 for Y": dative
        for p in _pobjs(c)
        for e in _entities(p, ents)
    ]


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def _entities(tok: Token | None, ents: dict[int, Span]) -> list[Span]:
    """The party entities a noun phrase names: its head and conjuncts, or the named maker of "a company
    formed by X"; never an apposition ("X, a unit of Y") or a possessor ("Y's X")."""
    if tok is None:
        return []
    out: list[Span] = []
    if tok.lemma_.lower() in STAKE_NOUNS:  # "a 46 pct interest in Y", "all shares of Y": the company is Y
        named = [ents[c.i] for c in tok.children if c.dep_ in ("compound", "poss") and c.i in ents]
        return _prep_objects(tok, ("in", "of"), ents) or named  # "four mln Y shares", "Y's stock"
    appos = [c.i for c in tok.children if c.dep_ == "appos" and c.i > tok.i and c.i not in ents]
    for t in (tok, *tok.conjuncts):
        if any(a < t.i for a in appos):  # "X, a venture of A and B": B belongs to the apposition
            continue
        t = _before_ticker(t)
        ent = ents.get(t.i)
        if ent is not None and not _is_modifier(ent):
            out.append(ent)
        elif ent is None and _is_anaphor(t):
            out.extend(_previous_subject(t))
        elif ent is None and _in_title(t):
            continue  # "signed by Jane Roe, Managing Director, Acme Ltd": an office is no party
        elif ent is None:
            named = [ents[c.i] for c in t.children if c.dep_ == "nmod" and c.i in ents]  # "Acme Corp <ACM>"
            for poss in (c for c in t.children if c.dep_ == "poss" and t.lemma_ in _BODY_NOUNS | _UNIT_NOUNS):
                named += _possessor(poss, ents)  # "its board", "its coatings division"
            if t.lemma_ in _UNIT_NOUNS:  # "the coatings business of Y": a part of Y, bought from Y
                named += _prep_objects(t, ("of",), ents)
            named = named or _appositive_name(t, ents)
            out.extend(
                named[:1] or _maker(t, ents) or _name_phrase(t) or _untagged_name(t) or _legal_form_name(t)
            )
    return out


def _in_title(tok: Token) -> bool:
    """Whether the token is a person's title listed beside the name ("signed by Jane Roe, Managing Director
    and Chief Executive Officer, Acme Ltd"): a title word the parse coordinates with a person. A name that
    merely ends in a title word ("to buy Halvane General") is not one."""
    from dealclaims.nlp.entity_rules import TITLES_KEY

    if not any(s.start <= tok.i < s.end for s in tok.doc.spans.get(TITLES_KEY, [])):
        return False
    head = tok
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
        if head.ent_type_ == "PERSON":
            return True
    return False


def _appositive_name(tok: Token, ents: dict[int, Span]) -> list[Span]:
    """ "the Odense hydraulics group Vennemark Hydraulik A/S": a firm noun whose apposition names the firm."""
    lexicon = load_lexicon()
    if tok.lemma_.lower() not in {*lexicon.org_nouns, *lexicon.firm_nouns}:
        return []
    named = [e for c in tok.children if c.dep_ == "appos" and c.i > tok.i for e in _entities(c, ents)][:1]
    after = ents.get(tok.i + 1)
    if not named and after is not None and after.start == tok.i + 1:
        named = [
            after
        ]  # "and battery maker Y": the name right after the firm noun, wherever the parse hangs it
    return named


def _legal_form_name(tok: Token) -> list[Span]:
    """A firm's name the NER missed because its legal form broke into tokens ("Vennemark Hydraulik A/S": the
    parse heads it on "S"): the capitalised words before the form (cleanco knows the forms), labelled ORG."""
    from spacy.tokens import Span

    from dealclaims.names import legal_basename

    words = [c for c in tok.lefts if c.dep_ in ("compound", "nmod", "punct")]
    if not words or not tok.text[:1].isupper():
        return []
    start = words[0].i
    phrase = tok.doc[start : tok.i + 1].text
    base = legal_basename(phrase)
    if not base or base == phrase or not phrase.startswith(base):
        return []
    end = start
    while end <= tok.i and tok.doc[start : end + 1].text != base:
        end += 1
    name = tok.doc[start : end + 1]
    if end >= tok.i or not all(w.text[:1].isupper() for w in name):
        return []
    return [Span(tok.doc, start, end + 1, label="ORG")]


def _name_phrase(tok: Token) -> list[Span]:
    """A company name the NER missed: a proper-noun phrase ending in a legal form ("Acme Widgets Corp"),
    read off the parse (the head and its compound modifiers), labelled ORG."""
    from spacy.tokens import Span

    if tok.pos_ != "PROPN" or tok.text.strip(".").lower() not in _legal_forms():
        return []
    start = tok.i
    while start > 0 and _name_word(tok.doc[start - 1]) and tok.doc[start - 1].head.i >= tok.i:
        start -= 1
    if start == tok.i:
        return []
    return [Span(tok.doc, start, tok.i + 1, label="ORG")]


def _before_ticker(tok: Token) -> Token:
    """A wire ticker after a name ("Acme Corp <ACM>") that the parse took for the head: the name's last
    word before the "<"."""
    doc = tok.doc
    if tok.text == ">" and tok.i >= 2:
        start = tok.i - 2
    elif tok.is_upper and tok.i >= 1:
        start = tok.i - 1
    else:
        return tok
    if start < 1 or doc[start].text != "<" or doc[start - 1].pos_ != "PROPN":
        return tok  # "<Acme Corp>": a name in brackets is the name itself
    return doc[start - 1]


def _untagged_name(tok: Token) -> list[Span]:
    """A proper-noun phrase in a party's place that the NER left untagged ("Caldera is likely seeking to buy
    Halvorsen <HAL>"): its head and compound words, labelled ORG. Words tagged as anything else (a person, a
    date) or written in capitals only (a ticker or a headline) are not names of a firm."""
    from spacy.tokens import Span

    if tok.pos_ != "PROPN" or tok.ent_type_ or tok.dep_ == "compound" or not tok.text[:1].isupper():
        return []
    start = tok.i
    while start > 0 and _name_word(tok.doc[start - 1]) and not tok.doc[start - 1].ent_type_:
        start -= 1
    words = tok.doc[start : tok.i + 1]
    if any(w.pos_ != "PROPN" for w in words) or all(w.is_upper for w in words):
        return []
    return [Span(tok.doc, start, tok.i + 1, label="ORG")]


def _name_word(tok: Token) -> bool:
    """A word of a name before its head: a compound modifier with letters ("<" of a ticker is not)."""
    return tok.dep_ == "compound" and any(ch.isalnum() for ch in tok.text)


def _legal_forms() -> set[str]:
    return {s.strip(".").lower() for s in load_lexicon().org_suffixes}


def _maker(tok: Token, ents: dict[int, Span]) -> list[Span]:
    """ "a company to be formed by X", "a subsidiary of X": the named entity behind an organisation noun."""
    if tok.lemma_.lower() not in {n.lower() for n in load_lexicon().org_nouns}:
        return []
    later = [c for c in tok.head.head.children if c.dep_ == "advcl" and 0 < c.i - tok.i <= 4]
    for child in [*tok.children, *later]:  # "by a company to be formed by X" (often hung on the verb)
        if child.dep_ in ("acl", "relcl", "advcl"):
            for agent in (c for c in child.children if c.dep_ == "agent"):
                return [ents[p.i] for p in _pobjs(agent) if p.i in ents]
        if child.dep_ == "prep" and child.lower_ == "of" and tok.pos_ == "NOUN":
            return [ents[p.i] for p in _pobjs(child) if p.i in ents]
    return []


def _is_modifier(ent: Span) -> bool:
    """ "US-based": an entity that only qualifies another word (possessors are never a role's head)."""
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return nxt is not None and nxt.text == "-"
