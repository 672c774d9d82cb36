"""The goods a deal or a company handles, and the facility a deal builds, read from the parse.

- ``deal.commodities`` / ``org.focus``: the coordinated objects of a verb of handling goods (export, ship,
  handle, refine, produce, supply ...), of such a noun ("exports of X, Y and Z", "container and grain traffic")
  or of an agent noun ("a producer of X"). "such as" / "including" lists name the members of a category. The
  clause's subject decides the slot: a company -> ``org.focus`` for it; a facility or the deal itself ("the
  terminal", "the partnership") -> ``deal.commodities``. A member is a lower-cased noun lemma with its
  classifying modifiers ("liquefied natural gas"), or the lexicon's canonical commodity when it names one.
- ``place.resources``: "Y's reserves of X and Z".
- ``deal.facility``: a facility noun that is the object of build / operate / develop ... or of their nouns
  ("the construction of a deep-water container terminal"), with its classifying modifiers.

The verb and noun classes are closed-class data in the lexicon (``goods_*``, ``facility_*``); no list of goods.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from dealclaims.extract.amounts import _nearest_subject
from dealclaims.lexicon import Lexicon
from dealclaims.models import Claim
from dealclaims.names import clean_name

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dealclaims.extract.slots import SentenceContext

__all__ = ["commodity_claims", "facility_claims", "goods_of", "is_tech_compound"]

GENERIC = ["critical minerals"]  # the value of a category named without members (consensus.facts.GENERIC_SET)
DEAL_NOUNS = {"deal", "agreement", "partnership", "project", "concession", "venture", "contract", "pact"}
EXAMPLE_WORDS = {"including", "like", "notably", "especially", "mainly", "chiefly"}
SKIP_LABELS = {
    "PERSON",
    "ORG",
    "GPE",
    "DATE",
    "TIME",
    "MONEY",
    "PERCENT",
    "CARDINAL",
    "QUANTITY",
    "NORP",
    "FAC",
}
CLASSIFYING_SUFFIXES = ("ic", "al", "ical", "ar", "ous")
FUTURE_AUX = {"will", "would", "shall", "'ll"}
CLIMB_DEPS = {"xcomp", "advcl", "pcomp", "conj", "prep", "pobj", "acl", "dobj"}


def is_tech_compound(span: Span) -> bool:
    """ "lithium-ion batteries": the commodity word names a technology, not the material."""
    doc = span.doc
    return (
        span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ in {"ion", "based"}
    )


# ---------------------------------------------------------------- deal.commodities, org.focus, place.resources


def commodity_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """Goods claims of one sentence: one claim per (slot, subject), members merged over its triggers."""
    lex = ctx.lexicon
    found: dict[tuple[str, str | None], list[str]] = {}
    for tok in ctx.tokens:
        trigger = _goods_trigger(tok, lex)
        if trigger is None:
            continue
        goods = goods_of(tok, ctx, strong=trigger == "strong")
        if not goods:
            continue
        slot, subject = _slot_for(tok.head if tok.dep_ == "compound" else tok, ctx)
        if slot is None or (slot != "org.focus" and goods == GENERIC):
            continue
        merged = found.setdefault((slot, subject), [])
        merged.extend(g for g in goods if g not in merged)
    for (slot, subject), goods in found.items():
        value = sorted(g for g in goods if g != GENERIC[0]) or GENERIC
        yield ctx.claim(slot, value, ", ".join(value), "names", subject=subject)


def _goods_trigger(tok: Token, lex: Lexicon) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        return "strong" if lemma in lex.goods_verbs else "weak" if lemma in lex.goods_weak_verbs else None
    if tok.pos_ == "NOUN":
        if lemma in lex.resource_nouns:
            return "resource"
        if lemma in lex.goods_nouns:
            return "strong"
        if lemma in lex.goods_weak_nouns or lemma in lex.goods_agents or tok.lower_ in lex.goods_agents:
            return "weak"
    return None


def goods_of(trigger: Token, ctx: SentenceContext, strong: bool = True) -> list[str]:
    """The goods a trigger governs: its objects with their conjuncts, or the members an example list gives."""
    heads = _objects(trigger)
    members = [m for h in heads for m in _examples(h)] or _examples(trigger)
    items = members or [x for h in heads for x in _conjuncts(h) if x.i != trigger.i]
    names: list[str] = []
    category = False
    for item in items:
        name = _goods_name(item, ctx)
        if name == "":
            category = True
        elif name is not None and name not in names:
            names.append(name)
    evidence = category or any(_term_at(i, ctx, "COMMODITY") for i in items)
    if names and not strong and not evidence and len(names) < 2:
        return []  # "produce savings": one plain noun after a weak verb is not goods
    return names or (GENERIC if category else [])


def _objects(trigger: Token) -> list[Token]:
    if trigger.pos_ == "VERB" and trigger.dep_ == "compound" and trigger.head.pos_ == "NOUN":
        return [trigger.head]  # "specialises in refining copper": the parser made the verb a modifier
    if trigger.pos_ == "VERB":
        objs = [c for c in trigger.children if c.dep_ == "dobj"]
        if not objs:  # "producing and recycling X": the object hangs on the last conjunct
            objs = [
                c
                for conj in trigger.conjuncts
                for c in conj.children
                if c.dep_ == "dobj" and conj.i > trigger.i
            ]
        return objs
    objs = [
        p
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]
    mods = [c for c in trigger.children if c.dep_ in ("compound", "nmod") and c.i < trigger.i]
    if (
        mods and trigger.dep_ == "conj"
    ):  # "gold, copper and lithium reserves": the parser coordinates the head
        first = trigger
        while first.dep_ == "conj":
            first = first.head
        mods = [t for t in _conjuncts(first) if t.i < trigger.i] + mods
    return objs + mods


def _conjuncts(tok: Token) -> list[Token]:
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        if t not in out:
            out.append(t)
            todo.extend(c for c in t.children if c.dep_ == "conj")
    return sorted(out, key=lambda t: t.i)


def _examples(head: Token) -> list[Token]:
    """Members of "X such as A, B and C" / "X, including A and B" hanging on ``head``."""
    out: list[Token] = []
    for c in head.children:
        is_such = (
            c.lower_ == "as"
            and any(g.lower_ == "such" for g in c.children)
            or (c.lower_ == "as" and c.i > 0 and c.doc[c.i - 1].lower_ == "such")
        )
        if c.lower_ in EXAMPLE_WORDS or is_such:
            for obj in c.children:
                if obj.dep_ in ("pobj", "dobj"):
                    out.extend(_conjuncts(obj))
    return out


def _term_at(tok: Token, ctx: SentenceContext, label: str) -> Span | None:
    return next((t for t in ctx.terms if t.label_ == label and t.start <= tok.i < t.end), None)


def _goods_name(tok: Token, ctx: SentenceContext) -> str | None:
    """The member's name: the lexicon's commodity, "" for a category ("critical minerals"), a noun lemma with
    its classifying modifiers, or None when the token names no goods (a pronoun, a name, an amount)."""
    term = _term_at(tok, ctx, "COMMODITY")
    if term is not None and not is_tech_compound(term):
        mods = _modifiers(term, ctx.lexicon)
        return " ".join([*mods, term.id_ or term.text.lower()])  # "liquefied" + "natural gas"
    if _term_at(tok, ctx, "COMMODITY_CLASS") is not None:
        return ""
    if tok.pos_ in ("PRON", "NUM", "DET", "ADP", "AUX", "PUNCT", "PROPN") or tok.ent_type_ in SKIP_LABELS:
        return None
    if any(
        c.dep_ in ("poss", "nummod") or c.lower_ in ("the", "this", "that", "its", "their")
        for c in tok.children
    ):
        return None  # "its regional volumes", "21 million tonnes": not a kind of goods
    if tok.lemma_.lower() in ctx.lexicon.commodity_categories:
        return ""
    words = [*_modifiers(tok, ctx.lexicon), tok.lemma_.lower() if tok.pos_ == "NOUN" else tok.lower_]
    return " ".join(words)


def _modifiers(head: Token | Span, lex: Lexicon) -> list[str]:
    """Classifying modifiers right before ``head`` (a noun or a term): nouns ("container"), participles
    ("liquefied"), relational adjectives ("natural", "metallic") and hyphenated words ("deep-water");
    evaluative words end the run."""
    doc, out = head.doc, list[str]()
    first = head[0] if not hasattr(head, "i") else head
    i = first.i - 1
    allowed = {t.i for t in head} if not hasattr(head, "i") else {first.i}
    while i >= first.sent.start:
        start = i
        while start - 1 >= first.sent.start and not doc[start - 1].whitespace_ and doc[start - 1].text != ",":
            start -= 1  # a hyphenated word is several tokens with no space between
        group = doc[start : i + 1]
        if not any(t.head.i in allowed for t in group) or not _classifying(group, lex):
            break
        out.insert(0, group.text.lower())
        allowed.update(t.i for t in group)
        i = start - 1
    return out


def _classifying(group: Span, lex: Lexicon) -> bool:
    words = [t for t in group if t.text not in ("-", "–")]
    if not words or any(t.lower_ in ("of", "the", "and", "or") or t.ent_type_ for t in words):
        return False
    if len(words) > 1:
        return True  # "deep-water", "poly-metallic"
    tok = words[0]
    if tok.lemma_.lower() in {*lex.goods_verbs, *lex.goods_weak_verbs}:
        return False  # "refining copper": the activity, not a kind of copper
    if tok.lower_ in lex.vague_modifiers or any(c.dep_ in ("advmod", "conj", "prep") for c in tok.children):
        return False
    if tok.pos_ == "NOUN" and tok.dep_ in ("compound", "nmod"):
        return True
    return tok.pos_ in ("ADJ", "VERB") and (
        tok.tag_ in ("VBN", "VBG") or tok.lower_.endswith(CLASSIFYING_SUFFIXES)
    )


def _slot_for(trigger: Token, ctx: SentenceContext) -> tuple[str | None, str | None]:
    lex = ctx.lexicon
    if trigger.lemma_.lower() in lex.resource_nouns:
        owner = next(
            (c for c in trigger.children if c.dep_ == "poss" and c.ent_type_ in ("GPE", "LOC")), None
        )
        return "place.resources", clean_name(owner.text) if owner is not None else _nearest_subject(ctx)
    subject = _clause_subject(trigger)
    org = _org_name(subject, ctx) if subject is not None else None
    if org is not None:
        return ("org.focus", org) if not _future(trigger) else (None, None)
    deal_like = subject is not None and (
        subject.lemma_.lower() in DEAL_NOUNS
        or subject.lemma_.lower() in lex.facility_heads
        or _term_at(subject, ctx, "DEAL_TYPE") is not None
    )
    if (deal_like or (subject is None and ctx.has_deal_term())) and not ctx.is_related_deal():
        return "deal.commodities", None
    return None, None


def _clause_subject(tok: Token) -> Token | None:
    """The subject of the clause ``tok`` sits in, climbing infinitives, gerunds and prepositions; the antecedent
    of a relative pronoun; the company an agent noun is predicated of ("X is a producer of", "X, a producer of")."""
    for _ in range(8):
        if tok.pos_ == "NOUN" and tok.dep_ == "appos":
            return tok.head
        if tok.pos_ == "NOUN" and tok.dep_ == "attr":
            tok = tok.head
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            if subj.lower_ in ("which", "that", "who") and tok.dep_ == "relcl":
                return _antecedent(tok.head)
            return subj
        if tok.dep_ == "relcl":
            return _antecedent(tok.head)
        if tok.dep_ not in CLIMB_DEPS or tok.head is tok:
            return None
        tok = tok.head
    return None


def _antecedent(noun: Token) -> Token:
    """ "a company based in Y which ...": the relative clause may hang on the place; the noun it describes."""
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.dep_ in ("acl", "amod"):
        noun = noun.head.head.head
    if noun.dep_ == "attr":
        subj = next((c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
    return noun


def _org_name(tok: Token, ctx: SentenceContext) -> str | None:
    ent = next((e for e in ctx.ents if e.start <= tok.i < e.end), None)
    if ent is not None and ent.label_ == "ORG":
        return clean_name(ent.text)
    if tok.pos_ == "NOUN" and tok.dep_ == "attr":
        subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return _org_name(subj, ctx) if subj is not None else None
    return None


def _future(tok: Token) -> bool:
    """A plan, not what the company does: "X will move its volumes" (auxiliaries on the clause's verbs)."""
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in tok.children):
            return True
        if tok.head is tok or tok.dep_ not in CLIMB_DEPS:
            return False
        tok = tok.head
    return False


# ---------------------------------------------------------------- deal.facility


def facility_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """``deal.facility``: what the deal builds or runs ("a poly-metallic refinery", "a container terminal")."""
    if ctx.is_related_deal():
        return
    seen: set[str] = set()
    for tok in ctx.tokens:
        for obj in _facility_objects(tok, ctx.lexicon):
            value = _facility_name(obj, ctx.lexicon)
            if value and value not in seen:
                seen.add(value)
                yield ctx.claim("deal.facility", value, value, "text")


def _facility_objects(tok: Token, lex: Lexicon) -> Iterable[Token]:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in lex.facility_verbs:
        if tok.tag_ in ("VBZ", "VBP", "VBD") and not _future(tok):
            return []  # "X operates terminals in eleven ports": what a company does, not the deal
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        objs += [c for conj in tok.conjuncts if conj.i > tok.i for c in conj.children if c.dep_ == "dobj"]
        if not objs and tok.conjuncts:
            objs = [c for conj in tok.conjuncts for c in conj.children if c.dep_ == "dobj"]
        return [x for o in objs for x in _conjuncts(o)]
    if tok.pos_ == "NOUN" and lemma in lex.facility_nouns:
        return [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
    return []


def _facility_name(obj: Token, lex: Lexicon) -> str | None:
    heads = {h.lower() for h in lex.facility_heads}
    lemma = obj.lemma_.lower()
    if obj.pos_ != "NOUN" or (lemma not in heads and obj.lower_ not in heads):
        return None
    mods = _modifiers(obj, lex)
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in obj.children)
    if not mods and not indefinite:
        return None  # "the terminal": a facility named before, nothing new
    return " ".join([*mods, obj.lower_ if obj.tag_ == "NNS" and lemma in heads else lemma])
