"""Whose figure it is: the bidder of a price, the holder of a stake, read from the parse around the figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dealclaims.extract.tokens import doc_ents
from dealclaims.names import clean_name

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dealclaims.extract.slots import SentenceContext

BID_LEMMAS = frozenset({"bid", "offer", "proposal", "tender", "pay", "price", "raise", "acquire", "buy"})
DEAL_NOUNS = frozenset({"takeover", "acquisition", "purchase", "buyout", "merger", "deal"})  # "X's takeover"
PATH_STEPS = 4


RIVAL_MARKERS = frozenset({"rival", "competing", "counter"})


# Verbs whose subject is on the receiving end of a bid ("Y received an offer from X"): never the bidder.
TARGET_VERBS = frozenset(
    {"receive", "reject", "accept", "consider", "study", "review", "weigh", "welcome", "get", "oppose"}
    | {"spurn", "rebuff", "evaluate", "rule"}
)


PARTY_LABELS = ("ORG", "GPE")


BIDDER_LABELS = ("ORG", "PERSON", "NORP")


def _entity_of(ctx: SentenceContext, tok: Token, labels: tuple[str, ...]) -> str | None:
    """The named entity ``tok`` is part of; for "it"/"they" in "X said it offered ...", the subject of the
    clause that reports it."""
    for ent in ctx.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in labels:
            return clean_name(ent.text) or None
    if tok.pos_ == "PROPN" and not tok.ent_type_:  # tagged elsewhere in the article, missed here
        same = (e for e in doc_ents(tok.doc) if e.label_ in labels and e.text == tok.text)
        return next((clean_name(e.text) or None for e in same), None)
    if tok.pos_ != "PRON" or tok.dep_ not in ("nsubj", "poss"):
        return None
    clause = tok.head
    if clause.dep_ == "ROOT" and tok.dep_ == "nsubj" and tok.lower_ in ("it", "they"):
        return _previous_subject(ctx, labels)  # "Brill bid 40 dlrs. It holds 12.5 pct ..."
    for _ in range(PATH_STEPS):  # "its holding of 4 mln shares": from the noun up to its clause
        if clause.pos_ in ("VERB", "AUX") or clause.head is clause:
            break
        clause = clause.head
    if tok.dep_ == "poss":
        subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        if subjects:
            return _entity_of(ctx, subjects[0], labels)
    for _ in range(PATH_STEPS):
        if clause.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or clause.head is clause:
            return None
        clause = clause.head
        subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        if subjects:
            return _entity_of(ctx, subjects[0], labels)
    return None


def _previous_subject(ctx: SentenceContext, labels: tuple[str, ...]) -> str | None:
    """The named subject of the previous sentence's main verb, which a leading "It" refers back to."""
    if ctx.sent.start == 0:
        return None
    previous = ctx.doc[ctx.sent.start - 1].sent
    for tok in previous.root.children:
        if tok.dep_ == "nsubj":
            for ent in previous.ents:
                if ent.start <= tok.i < ent.end and ent.label_ in labels:
                    return clean_name(ent.text) or None
    return None


def _bidder(ctx: SentenceContext, path: list[Token]) -> str | None:
    """Who bids: the possessor of the bid, its "from"/"by" object, the subject of a relative clause on it
    ("the offer that X made"), or the subject of the bid/offer verb, when it is a named party. A rival bid
    ("prompting a rival bid of 50 dlrs from Y") is named only by its own words, never by the outer verb's
    subject (that is the first bidder)."""
    for i, tok in enumerate(path):
        bid_noun = tok.lemma_.lower() in BID_LEMMAS | DEAL_NOUNS or tok is path[0]  # "X's 35 dlrs bid"
        for child in tok.children:
            name = _named_bidder(ctx, tok, child, bid_noun)
            if name:
                return name
        if _is_rival(tok):
            verb = path[i + 1] if i + 1 < len(path) else tok.head
            found = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("from", "by")]
            return next(filter(None, (_named_bidder(ctx, verb, c, False) for c in found)), None)
        if (
            tok.pos_ == "NOUN"
            and tok.dep_ == "dobj"
            and tok.lemma_.lower() in BID_LEMMAS
            and tok.head.lemma_.lower() not in TARGET_VERBS
        ):
            subj = [t for t in tok.head.children if t.dep_ == "nsubj"]
            if subj:
                return _entity_of(ctx, subj[0], BIDDER_LABELS)
    return None


def _named_bidder(ctx: SentenceContext, tok: Token, child: Token, bid_noun: bool) -> str | None:
    """The named bidder ``child`` (a dependent of ``tok``) points to, if any."""
    found: list[Token] = []
    if (child.dep_ == "poss" and bid_noun) or (child.dep_ == "nsubj" and _bids(tok)):
        found = [child]
    elif child.dep_ == "prep" and child.lower_ in ("from", "by"):
        found = [t for t in child.children if t.dep_ == "pobj"]
        found += [a for t in found for a in t.children if a.dep_ == "appos"]  # "from a firm, X"
    elif child.dep_ in ("relcl", "acl"):
        found = [t for t in child.children if t.dep_ == "nsubj"]
    if child.dep_ == "nsubj" and child.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
        found = [tok.head]  # "X Inc, which offered 50 dlrs": the noun the clause hangs on
    for t in found:
        name = _entity_of(ctx, t, BIDDER_LABELS) or _apposed_entity(ctx, t)
        if name:
            return name
    return None


def _apposed_entity(ctx: SentenceContext, tok: Token) -> str | None:
    """ "another firm, Brill Media Inc": the named party right after a common noun and a comma, which the
    parser did not attach as an apposition."""
    if tok.pos_ != "NOUN" or tok.i + 2 >= ctx.sent.end or tok.doc[tok.i + 1].text != ",":
        return None
    return _entity_of(ctx, tok.doc[tok.i + 2], BIDDER_LABELS)


def _is_rival(tok: Token) -> bool:
    """ "a rival bid", "a competing offer": a bid noun marked as another bidder's."""
    return (
        tok.pos_ == "NOUN"
        and tok.lemma_.lower() in BID_LEMMAS
        and any(c.dep_ == "amod" and c.lemma_.lower() in RIVAL_MARKERS for c in tok.children)
    )


def _bracketed_owner(ctx: SentenceContext, span: Span) -> str | None:
    """ "a venture of Velmar AS (60 percent) and ...": the named party just before the bracket owns it."""
    i = span.start - 1
    if i <= ctx.sent.start or ctx.doc[i].text != "(":
        return None
    return _entity_of(ctx, ctx.doc[i - 1], BIDDER_LABELS)


def _bids(tok: Token) -> bool:
    """A bid word, or a verb whose object is one ("made a proposal", "launched a tender")."""
    if tok.lemma_.lower() in BID_LEMMAS:
        return True
    return (
        tok.pos_ == "VERB"
        and tok.lemma_.lower() not in TARGET_VERBS
        and any(c.dep_ == "dobj" and c.lemma_.lower() in BID_LEMMAS for c in tok.children)
    )


def _holder(ctx: SentenceContext, path: list[Token]) -> str | None:
    """Who holds a stake or shares: the possessor of "stake", or the subject of own/hold/buy/sell (for
    "X, which holds 5 pct", the noun the relative clause hangs on; for "5 pct owned by X", X)."""
    nouns = next((path[:i] for i, t in enumerate(path) if t.pos_ in ("VERB", "AUX")), path)
    owned = [c for t in nouns for c in t.children if c.dep_ == "acl"]  # "the 31 pct interest owned by X"
    for tok in [*owned, *path]:
        for child in tok.children:
            if child.dep_ == "agent":  # "31 pct owned by Ostrava Holdings"
                child = next((t for t in child.children if t.dep_ == "pobj"), child)
            elif child.dep_ == "dobj" and tok.lemma_.lower() == "leave":
                pass  # "leaving X holders with 52 pct": the one left with the figure
            elif child.dep_ not in ("poss", "nsubj"):
                continue
            if child.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
                child = tok.head
            name = (
                _entity_of(ctx, child, BIDDER_LABELS) or _group_member(ctx, child) or _holders_of(ctx, child)
            )
            if name:
                return name
    return None


SHAREHOLDER_LEMMAS = frozenset({"shareholder", "holder", "stockholder", "investor", "owner"})


def _holders_of(ctx: SentenceContext, tok: Token) -> str | None:
    """ "X's shareholders will own 55 pct", "X investors will get ...": in a merger, a side's shareholders
    stand for that side; the company whose shareholders they are (their possessor or compound)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in SHAREHOLDER_LEMMAS:
        return None
    owners = (c for c in tok.children if c.dep_ in ("poss", "compound"))
    return next(filter(None, (_entity_of(ctx, c, PARTY_LABELS) for c in owners)), None)


GROUP_LEMMAS = frozenset({"group", "unit", "affiliate", "partnership", "consortium", "syndicate", "family"})


def _group_member(ctx: SentenceContext, tok: Token) -> str | None:
    """ "A group of Brill companies owns 8 pct", "an investor group led by Jo Lee": a holder named as a
    group takes the party named inside its phrase (its "of" object, or the agent of "led by")."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in GROUP_LEMMAS:
        return None
    inner = [g for c in tok.children if c.dep_ in ("prep", "acl") for g in c.subtree]
    return next(filter(None, (_entity_of(ctx, t, BIDDER_LABELS) for t in inner)), None)


# Nouns that stand for a company's equity ("44 pct of X's stock", "a stake in X's common"): the company is
# their possessor or their "of" object.
EQUITY_LEMMAS = frozenset({"stock", "share", "common", "equity", "capital", "interest", "stake", "holding"})


# Words before "of" that take a part of a whole ("71 pct of X's 9.4 mln shares", "each of X's shares"): the
# share count after them is the company's total, not a holding.
PART_LEMMAS = frozenset(
    {"pct", "percent", "%", "each", "all", "half", "third", "quarter", "majority", "rest", "remainder"}
)


def stake_company(ctx: SentenceContext, root: Token) -> str | None:
    """The company a stake is in, when the phrase names it: "44 pct of Halvard Corp's stock", "a 8.4 pct
    stake in Norvale Inc", "owns 17 pct of Norvale". ``root`` is the percentage's root; its stake noun ("a
    8.4 pct stake") is looked at too. None when the phrase names no company ("7 pct of the company")."""
    nouns = [root]
    if root.dep_ in ("compound", "nummod", "amod") and root.head.pos_ in ("NOUN", "PROPN"):
        nouns.append(root.head)  # "a 8.4 pct stake in X": the stake noun carries the "in"
    for noun in nouns:
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "in")):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                name = _entity_of(ctx, obj, PARTY_LABELS) or _equity_owner(ctx, obj)
                if name:
                    return name
    return None


def _equity_owner(ctx: SentenceContext, noun: Token) -> str | None:
    """ "Halvard Corp's stock", "Norvale common stock", "the shares of Norvale": the company whose equity an
    equity noun names (its possessor, a name compounded with it, or its "of" object)."""
    if noun.lemma_.lower() not in EQUITY_LEMMAS:
        return None
    for child in noun.children:
        if child.dep_ in ("poss", "compound") or (child.dep_ == "prep" and child.lower_ == "of"):
            target = (
                child
                if child.dep_ != "prep"
                else next((g for g in child.children if g.dep_ == "pobj"), child)
            )
            name = _entity_of(ctx, target, PARTY_LABELS) or _proper_phrase(target)
            if name:
                return name
    return None


def _proper_phrase(tok: Token) -> str | None:
    """ "Halvard/Brill Capital Corp's stock": a proper noun the NER left untagged, with the words that
    modify it on its left (its compounds and name modifiers), as its name."""
    if tok.pos_ != "PROPN":
        return None
    start = tok.left_edge.i
    while start < tok.i and not tok.doc[start].is_alpha:
        start += 1
    return clean_name(tok.doc[start : tok.i + 1].text) or None


def counts_outstanding(noun: Token) -> bool:
    """A share count that is a company's total, not anybody's holding: "N shares outstanding", "N
    outstanding shares", or the whole a part is taken of ("71 pct of X's 9.4 mln shares", "each of X's N
    shares"). ``noun`` is the count's noun ("shares")."""
    if any(c.lower_ == "outstanding" for c in noun.children):
        return True
    following = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if following is not None and following.lower_ == "outstanding":
        return True
    head = noun.head
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children):
        return False  # "sold 40 pct of its 5 mln shares": "its" is the holder's
    return (
        noun.dep_ == "pobj"
        and head.lower_ == "of"
        and (head.head.lemma_.lower() in PART_LEMMAS or head.head.text == "%")
    )


def share_issuer(ctx: SentenceContext, noun: Token) -> str | None:
    """The company whose shares a total counts: the possessor of the shares ("Norvale's 8.7 mln shares"),
    their "of" object, or the subject of "have" ("Norvale has 8.7 mln shares outstanding")."""
    name = _equity_owner(ctx, noun)
    if name:
        return name
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() == "have":
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            return _entity_of(ctx, subjects[0], PARTY_LABELS) or _proper_phrase(subjects[0])
    return None


# Words of buying that a share count may be the object of: before the purchase is done, the count is what a
# bidder seeks ("an offer to purchase up to 8 mln shares", "receipt of 11 mln shares"), not what it holds.
SOUGHT_LEMMAS = frozenset({"receipt", "purchase", "buy", "acquire", "tender", "seek", "offer", "bid"})


def seeks_shares(noun: Token) -> bool:
    """A share count a bid seeks: the object of a buying word that is not a done purchase ("has acquired
    3.1 mln shares" is a holding), and not possessed by a pronoun ("to acquire its 5 mln shares" is the
    holder's). ``noun`` is the count's noun ("shares")."""
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children):
        return False
    tok = noun
    for _ in range(SOUGHT_STEPS):
        if tok.head is tok:
            return False
        tok = tok.head
        if tok.lemma_.lower() in SOUGHT_LEMMAS:
            return not (tok.pos_ == "VERB" and _is_done(tok))
        if tok.pos_ in ("VERB", "AUX"):
            return False  # another verb governs the count first ("reporting its holding of")
    return False


SOUGHT_STEPS = 3


def _is_done(verb: Token) -> bool:
    """ "bought", "has acquired", "had been tendered": a purchase reported as done."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in verb.children
    )
