"""The deal frame: who does what to whom, read from the dependency parse.

A frame has a trigger (a verb such as buy / acquire / sign / merge / invest, or a noun such as takeover /
bid / agreement / concession) and roles taken from the parse: buyer and target ("X agreed to buy Y", "Y
agreed to be acquired by X", "X's takeover of Y", "a bid for Y"), signatories ("A and B signed", "A signed
... with B", "between A and B"), investor and recipient, bidder. Roles are entities (ORG, or GPE when
governments sign), with coordination followed and appositions left out.

The first two-sided frame of an article is its deal; a later frame with other parties (a rival bid, an
earlier or background deal) becomes ``deal.related`` with its own parties, never this deal's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dealclaims.extract.evidence import doc_text
from dealclaims.lexicon import load_lexicon
from dealclaims.models import Claim
from dealclaims.names import clean_name
from dealclaims.places import is_known_place

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dealclaims.extract.slots import SentenceContext

__all__ = ["DealFrame", "dateline_end", "deal_claims", "find_frames", "frame_kind", "is_related"]

PARTY_LABELS = ("ORG", "GPE")
FIRM_ROLES = {"buyer", "target", "bidder"}
# Trigger lemmas and the kind of deal they name (closed class: the vocabulary of deal-making).
ACQUIRE_VERBS = {"buy": "acquisition", "acquire": "acquisition", "purchase": "acquisition"}
SIGN_VERBS = {"sign", "ink", "seal", "conclude", "finalize", "finalise", "strike", "enter"}
VERB_TRIGGERS = {
    **ACQUIRE_VERBS,
    "take": "acquisition",  # only with the particle "over"
    "merge": "merger",
    "invest": "investment",
    "bid": "bid",
    "tender": "tender offer",
    "offer": "bid",  # "X has offered $40 a share for Y"
    "own": "stake",  # "X, which owns 30 pct of Y": a holding, never the article's own deal by itself
    "hold": "stake",
    **{lemma: "agreement" for lemma in SIGN_VERBS},
}
TARGET_NOUNS = {  # nouns whose "of" object is the target ("X's takeover of Y")
    "acquisition": "acquisition",
    "takeover": "acquisition",
    "purchase": "acquisition",
    "buyout": "buyout",
    "buy-out": "buyout",
}
OFFER_NOUNS = {"bid": "bid", "offer": "bid", "proposal": "bid", "approach": "bid", "tender": "tender offer"}
HOLDING_NOUNS = {"stake": "stake", "holding": "stake", "control": "stake"}  # "X's stake in Y"
PACT_NOUNS = {
    "agreement": "agreement",
    "deal": "deal",
    "pact": "pact",
    "accord": "agreement",
    "memorandum": "memorandum of understanding",
    "mou": "memorandum of understanding",
    "concession": "concession",
    "contract": "contract",
    "merger": "merger",
    "venture": "joint venture",
}
_PRIVATE_DEPS = ("oprd", "acomp", "ccomp", "xcomp", "dobj")
RECEIVER_VERBS = {"receive", "reject", "accept", "consider", "study", "review", "weigh", "spurn", "rebuff"}
KIND_PARENTS = {"buyout": "acquisition"}
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
_FRAME_KEY = "dealclaims_deal_parties"  # doc.user_data: the article's own deal (its first two-sided frame)


@dataclass
class DealFrame:
    """One trigger with its roles (surface entity spans)."""

    trigger: Token
    kind: str
    roles: dict[str, list[Span]] = field(default_factory=dict)

    def add(self, role: str, spans: list[Span]) -> None:
        for span in spans:
            if all(span.start != s.start for spans_ in self.roles.values() for s in spans_):
                self.roles.setdefault(role, []).append(span)

    def parties(self) -> dict[str, str]:
        """Surface name -> entity label of every role filler. In a buyer / target / bidder role a GPE that no
        gazetteer knows is a company the NER mislabelled ("Halvorsen agreed to be acquired")."""
        out = {}
        for role, spans in self.roles.items():
            for span in spans:
                label = span.label_
                if label == "GPE" and role in FIRM_ROLES and not is_known_place(span.text):
                    label = "ORG"
                out[clean_name(span.text)] = label
        return out


def frame_kind(token: Token) -> str | None:
    """The deal kind a token triggers, or None ("take" only as "take over")."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX"):
        if lemma == "take":  # "take over Y", "take Y private"
            if any(c.dep_ in _PRIVATE_DEPS and c.lower_ == "private" for c in token.children):
                return "buyout"
            if not any(c.dep_ == "prt" and c.lower_ == "over" for c in token.children):
                return None
        return VERB_TRIGGERS.get(lemma)
    if token.pos_ in ("NOUN", "PROPN"):
        return (
            TARGET_NOUNS.get(lemma)
            or OFFER_NOUNS.get(lemma)
            or PACT_NOUNS.get(lemma)
            or HOLDING_NOUNS.get(lemma)
        )
    return None


def find_frames(sent: Span, ents: list[Span]) -> list[DealFrame]:
    """Every deal frame of a sentence, in text order, with the roles the parse gives it."""
    after = dateline_end(sent)
    by_token = {i: e for e in _party_entities(sent, ents) if e.start >= after for i in range(e.start, e.end)}
    frames = []
    for tok in sent:
        kind = frame_kind(tok)
        if kind is None:
            continue
        frame = DealFrame(tok, kind)
        if tok.pos_ in ("VERB", "AUX"):
            _verb_roles(frame, by_token)
        else:
            _noun_roles(frame, by_token)
        _between_roles(frame, by_token)
        frames.append(frame)
    return frames


def _party_entities(sent: Span, ents: list[Span]) -> list[Span]:
    """The sentence's organisations and places, and a name tagged as a person whose words open an
    organisation's name elsewhere in the article ("Caldera" of "Caldera Group Corp"): a firm's short name."""
    from spacy.tokens import Span

    out = [e for e in ents if e.label_ in PARTY_LABELS]
    people = [e for e in ents if e.label_ == "PERSON"]
    if people:
        firms = sent.doc.user_data.get(_FIRMS_KEY)
        if firms is None:  # once per document, not per sentence
            firms = {tuple(w.lower_ for w in e) for e in sent.doc.ents if e.label_ == "ORG" and len(e) > 1}
            sent.doc.user_data[_FIRMS_KEY] = firms
        for e in people:
            words = tuple(w.lower_ for w in e)
            if any(f[: len(words)] == words for f in firms):
                out.append(Span(sent.doc, e.start, e.end, label="ORG"))
    return sorted(out, key=lambda e: e.start)


def dateline_end(sent: Span) -> int:
    """The first token after a dateline opening the sentence ("CITY, Region, March 3 (Agency) - "), or the
    sentence start: a dash within the first tokens, right after a date or a parenthesis."""
    doc = sent.doc
    for tok in sent[: min(len(sent), 20)]:
        if tok.text in ("-", "—", "–", "--") and tok.i > sent.start and tok.whitespace_:
            prev = doc[tok.i - 1]  # a spaced dash: "March 3 - ", not "60-40"
            if prev.ent_type_ == "DATE" or prev.text == ")" or prev.like_num:
                return tok.i + 1
    return sent.start


def _verb_roles(frame: DealFrame, ents: dict[int, Span]) -> None:
    verb = frame.trigger
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    subject_token = _subject(verb)
    subject = _entities(subject_token, ents)
    if subject_token is not None and subject_token.i < dateline_end(verb.sent):
        subject = _first_party_before(verb, ents)  # the parse took the dateline for the subject
    agent = [e for c in _agents(verb) for p in _pobjs(c) for e in _entities(p, ents)]
    objects = [e for c in verb.children if c.dep_ == "dobj" for e in _entities(c, ents)]
    for private in (c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "private"):
        objects += [
            ents[c.i] for c in private.children if c.dep_ == "compound" and c.i in ents
        ]  # "take Y private"
    if frame.kind in ("acquisition", "buyout") and verb.lemma_.lower() != "merge":
        buyer, target = (agent, subject) if passive else (subject, objects)
        frame.add("buyer", buyer)
        frame.add("target", target)
    elif frame.kind in ("bid", "tender offer"):  # "X bid for Y", "X offered $40 a share for Y"
        if passive:  # "holders were offered $40": no bidder named
            return
        frame.add("bidder", subject)
        target = _prep_objects(verb, ("for",), ents)
        for head in (t for t in verb.subtree if t.i != verb.i and _clause_of(t).i == verb.i):
            target = target or _prep_objects(head, ("for",), ents)  # "offered $40 a share for Y"
        frame.add("target", target)
    elif frame.kind == "stake":  # "X owns 12 pct of Y", "X holds 4 mln Y shares"
        frame.add("holder", subject)
        frame.add("company", objects)
    elif frame.kind == "investment":
        frame.add("investor", subject)
        frame.add("recipient", _prep_objects(verb, ("in", "into"), ents))
    else:  # signing and merging: both sides are signatories
        frame.add("signatory", subject + agent or _first_party_before(verb, ents))
        with_ = _prep_objects(verb, ("with",), ents)
        for head in (t for t in verb.subtree if t.i != verb.i and _clause_of(t).i == verb.i):
            with_ = with_ or _prep_objects(head, ("with",), ents)  # "signed an MoU worth $5m with Y"
        frame.add("signatory", with_)


def _noun_roles(frame: DealFrame, ents: dict[int, Span]) -> None:
    noun = frame.trigger
    lemma = noun.lemma_.lower()
    owner = [e for c in noun.children if c.dep_ in ("poss", "compound") for e in _entities(c, ents)]
    for pron in _possessive_pronouns(noun):
        owner += _possessor(pron, ents)  # "X said it valued its proposed buyout of Y"
    by = _prep_objects(noun, ("by", "from"), ents)
    if lemma in HOLDING_NOUNS:  # "X's 12 pct stake in Y", "X sought control of Y"
        frame.add("holder", owner + _governing_subject(noun, ents))
        frame.add("company", _prep_objects(noun, ("in", "of"), ents))
    elif lemma in TARGET_NOUNS:
        frame.add("buyer", owner + by)
        frame.add("target", _prep_objects(noun, ("of", "for"), ents))
    elif lemma in OFFER_NOUNS:
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in RECEIVER_VERBS:  # "Y received an offer"
            frame.add("target", _governing_subject(noun, ents))
            frame.add("bidder", owner + by)
            return
        frame.add("bidder", owner + by + _governing_subject(noun, ents))
        target = _prep_objects(noun, ("for", "to"), ents)
        for comp in (c for c in noun.children if c.dep_ in ("acl", "xcomp", "relcl") and frame_kind(c)):
            target += [
                e
                for c in comp.children
                if c.dep_ in ("dobj", "appos", "compound")
                for e in _entities(c, ents)
            ]
        if not target and noun.dep_ == "dobj":  # "made an offer to Y", "made a proposal for Y"
            target = _prep_objects(noun.head, ("for", "to"), ents)
        frame.add("target", target)
    else:  # a pact: "the merger of X and Y", "an agreement with Y" reached by X
        frame.add("signatory", owner + _prep_objects(noun, ("of",), ents) if lemma == "merger" else owner)
        with_ = _prep_objects(noun, ("with",), ents)
        if with_:
            frame.add("signatory", _governing_subject(noun, ents) + with_)


def _between_roles(frame: DealFrame, ents: dict[int, Span]) -> None:
    """ "an agreement between A and B", "signed ... between A and B": both are signatories. The parse often
    hangs "between" on a nearby noun, so the coordination after it is read off the surface."""
    sent = frame.trigger.sent
    for tok in sent:
        if tok.lower_ == "between" and _clause_of(tok).i in {
            frame.trigger.i,
            frame.trigger.head.i,
            _clause_of(frame.trigger).i,
        }:
            found = _coordination_after(tok, ents)
            if len(found) >= 2:
                frame.roles = {"signatory": found}
                return


_STOP_WORDS = {
    "at",
    "on",
    "to",
    "for",
    "in",
    ",",
    ";",
    ".",
    "which",
    "that",
    "who",
    "was",
    "were",
    "is",
    "are",
}


def _coordination_after(between: Token, ents: dict[int, Span]) -> list[Span]:
    """Party entities of "between X and Y", up to the end of the coordination (parentheses skipped)."""
    doc = between.doc
    end, depth = between.i + 1, 0
    while end < between.sent.end and end - between.i < 16:
        tok = doc[end]
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0 and (tok.lower_ in _STOP_WORDS or tok.pos_ in ("VERB", "AUX")):
            break
        end += 1
    out: list[Span] = []
    for i in range(between.i + 1, end):
        ent = ents.get(i)
        if ent is None or ent.root.i != i or _is_modifier(ent) or _is_gloss(ent):
            continue
        if not (ent.end < len(doc) and doc[ent.end].text in ("'s", "’s")):  # "Y's X": X is the party
            out.append(ent)
    return out


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
            tok = tok.head.head if tok.head.dep_ in ("dobj", "nsubj", "pobj") else None
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.pos_ != "PRON":
            return subj if subj.i >= dateline_end(subj.sent) else _after_dateline(tok)
        if subj is not None and subj.lower_ in _RELATIVES and tok.dep_ == "relcl":
            return tok.head
        if subj is not None and subj.lower_ == "it" and tok.dep_ == "ROOT":
            return subj  # "It also offered to buy Y": the previous sentence's subject (see _entities)
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


def _antecedent(pron: Token) -> Token | None:
    """What "it" / "its" stands for: the nearest non-pronoun subject of a clause above the pronoun's."""
    verb = pron.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
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
        elif ent is None:
            named = [ents[c.i] for c in t.children if c.dep_ == "nmod" and c.i in ents]  # "Acme Corp <ACM>"
            for poss in (c for c in t.children if c.dep_ == "poss" and t.lemma_ in _BODY_NOUNS):
                named += _possessor(poss, ents)  # "its board"
            out.extend(named[:1] or _maker(t, ents) or _name_phrase(t) or _untagged_name(t))
    return out


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


# ---------------------------------------------------------------- claims


def deal_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """deal.type for the sentence's deal words, deal.parties / deal.countries for the article's own deal,
    deal.related for any other deal (rival bid, earlier or background deal) with its own parties."""
    frames = find_frames(ctx.sent, ctx.ents)
    terms = ctx.deal_terms()
    if not terms and not frames:
        return
    related = is_related(ctx)
    two_sided = [f for f in frames if _sides(f) >= 2]
    if related:
        yield from _related_claims(ctx, two_sided, terms)
        return
    yield from _type_claims(ctx, frames)
    for frame in two_sided:
        parties = frame.parties()
        labels = set(parties.values())
        if len(labels) != 1:  # a firm and a country are parties at different levels: skip
            continue
        key = ":".join([_FRAME_KEY, *sorted(labels)])  # firms and states: separate levels
        own = ctx.doc.user_data.get(key)
        if frame.kind == "stake":  # a holding is evidence of a deal between the two, never the deal itself
            yield ctx.claim(
                "deal.related", {"type": "stake", "parties": sorted(parties)}, ctx.text.strip(), "related"
            )
            continue
        if own is None and not _is_other(frame):
            own = ctx.doc.user_data[key] = sorted(parties)
        if own is None or not _same_parties(sorted(parties), own) or _is_other(frame):
            value = {"type": frame.kind, "parties": sorted(parties)}
            yield ctx.claim("deal.related", value, ctx.text.strip(), "related")
            continue
        slot = "deal.parties" if labels == {"ORG"} else "deal.countries"
        yield ctx.claim(slot, sorted(parties), " and ".join(sorted(parties)), "entities")
        return


def is_related(ctx: SentenceContext) -> bool:
    """Another deal than the article's: a trade deal, "a second MoU", or a past deal ("Last fall, X offered
    to acquire Y"; "In 2029 ..."). A dateline's date ("NEW YORK, April 13 -") is not a past-deal marker."""
    for term in ctx.deal_terms():
        before = {t.lower_ for t in ctx.doc[max(term.start - 3, ctx.sent.start) : term.start]}
        if term.id_ == "trade deal" or before & _RELATED_MARKERS:
            return True
    return any(_is_past_marker(ctx, e) for e in ctx.ents if e.label_ == "DATE")


_RELATED_MARKERS = {"second", "another", "separate", "earlier", "previous", "similar", "two"}
_PAST_WORDS = re.compile(
    r"\b(?:last (?:year|month|fall|autumn|spring|summer|winter|decade)|ago|previous|prior|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _is_past_marker(ctx: SentenceContext, ent: Span) -> bool:
    """A date opening the sentence that puts it in the past: "Last year, ...", "In 2029, ..."."""
    doc = ent.doc
    if ent.start - ctx.sent.start > 2:
        return False
    after = {t.text for t in doc[ent.end : min(ent.end + 3, len(doc))]}
    if after & {"-", "—", "–", "("}:  # a dateline
        return False
    return bool(_PAST_WORDS.search(ent.text))


def _same_parties(a: list[str], b: list[str]) -> bool:
    """The same parties spelled differently in one article ("U.S. Acme Corp" / "Acme"): every name of
    each side has a name on the other whose words contain its words."""

    def words(name: str) -> set[str]:
        return set(re.sub(r"[^\w\s]", "", name.lower()).split())

    def initials(name: str) -> set[str]:
        every = re.sub(r"[^\w\s]", "", name).split()
        kept = [w for w in every if w.lower() not in _LEGAL_FORMS]
        return {"".join(w[0] for w in ws).lower() for ws in (every, kept) if len(ws) > 1}

    def same(x: str, y: str) -> bool:
        wx, wy = words(x), words(y)
        return wx <= wy or wy <= wx or x.lower().replace(".", "") in initials(y)

    def covered(xs: list[str], ys: list[str]) -> bool:
        return all(any(same(x, y) or same(y, x) for y in ys) for x in xs)

    return covered(a, b) and covered(b, a)


def _is_other(frame: DealFrame) -> bool:
    """ "a rival bid", "a competing offer", "an earlier agreement": a frame marked as another deal."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in _OTHER_MARKERS for c in frame.trigger.children)


_OTHER_MARKERS = {"rival", "competing", "counter", "separate", "earlier", "previous", "prior", "failed"}


def _sides(frame: DealFrame) -> int:
    """How many sides the frame names: buyer and target, bidder and target, investor and recipient, or two
    signatories. A frame with one side ("the acquisitions of A and B") names no deal's parties."""
    roles = {role: {clean_name(s.text) for s in spans} for role, spans in frame.roles.items()}
    if "signatory" in roles:
        return len(roles["signatory"])
    named = [names for names in roles.values() if names]
    everyone = set().union(*named) if named else set()
    return len(named) if len(everyone) >= 2 else 0


def _type_claims(ctx: SentenceContext, frames: list[DealFrame]) -> Iterator[Claim]:
    """The kinds of deal the sentence names: its deal words and the verbs of frames with a target. A deal word
    that describes a party ("X, a joint venture of A and B") or sits in a quotation is not this deal's kind."""
    kinds = {t.id_ for t in ctx.deal_terms() if t.root.dep_ != "appos" and not _in_quote(t)}
    kinds |= {
        f.kind for f in frames if f.trigger.pos_ == "VERB" and (f.roles.get("target") or _names_firm(f))
    }
    kinds |= {KIND_PARENTS[k] for k in kinds if k in KIND_PARENTS}  # a buyout is also an acquisition
    for kind in sorted(kinds - {"investment", "trade deal", "bid"}):
        yield ctx.claim("deal.type", kind, kind, "type")


def _names_firm(frame: DealFrame) -> bool:
    """ "to acquire the company", "to buy Acme <ACM>": the object is a firm the NER did not tag."""
    org_nouns = {n.lower() for n in load_lexicon().org_nouns}
    return any(
        c.dep_ in ("dobj", "nsubjpass") and (c.pos_ == "PROPN" or c.lemma_.lower() in org_nouns)
        for c in frame.trigger.children
    )


def _in_quote(span: Span) -> bool:
    """Inside a quotation in its paragraph: an odd number of quote marks before it."""
    text = doc_text(span.doc)[: span.start_char]
    paragraph = text[text.rfind("\n") + 1 :]
    straight = paragraph.count('"') % 2 == 1
    return straight or paragraph.count("\u201c") > paragraph.count("\u201d")


def _related_claims(ctx: SentenceContext, frames: list[DealFrame], terms: list[Span]) -> Iterator[Claim]:
    kind = next((t.id_ for t in terms if t.id_ not in ctx.lexicon.deal_type_generic), None)
    parties = frames[0].parties() if frames else {}
    value = {"type": kind or (frames[0].kind if frames else "deal"), "parties": sorted(parties)}
    yield ctx.claim("deal.related", value, ctx.text.strip(), "related")
