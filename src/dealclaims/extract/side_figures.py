"""Money in a deal sentence that is not the deal's: read from the parse around the figure.

Wire copy about a takeover is full of money that belongs to something else. Each rule below names a class
and keys on lemmas, dependency labels and tags, with small closed-class word lists:

* compensation and fees - money attached to a salary, bonus, severance or fee ("twice her annual salary,
  which was 184,200 dlrs", "a 12 mln dlr fee"); never the deal's value;
* a company's earnings per share - "net income of 8 mln dlrs, or 37 cts per share";
* a security's name - "its 2.40 dlr cumulative preference shares": the dividend that names the class;
* a market price - money that a trading verb governs, even through a relative clause ("the 31 dlrs where the
  shares traded today"), and a difference ("stood one dollar higher");
* a holder's trade - a past purchase or sale of shares or a stake ("sold 120,000 shares at 31.25 dlrs",
  "bought the stake for 8.3 mln dlrs", "at an average price of"): role ``stat.stake_purchase``;
* an opinion of worth - a price under a verb of opinion ("seemed like an appropriate price", "I don't think
  it's worth ..."), a per-share valuation ("a breakup value of 45 dlrs per share"), or a price a commentator
  (analyst, arbitrageur, trader) states without tying it to a bid;
* another or a hypothetical deal - money inside a deal noun marked as another one ("a recent hostile tender
  that began at 22 dlrs", "a similar 135 mln dlr deal", "any acquisition ... at a price higher than") or
  inside an "if"/"unless" clause.

A figure the rules do not claim is left to the deal roles of :mod:`dealclaims.extract.amounts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dealclaims.extract.holders import BID_LEMMAS, DEAL_NOUNS, _holder

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dealclaims.extract import figures
    from dealclaims.extract.slots import SentenceContext

# Pay of people and fees of advisers (nouns only: "pay" the verb is a bid word).
COMPENSATION_LEMMAS = frozenset(
    {"salary", "wage", "bonus", "compensation", "fee", "severance", "pension", "remuneration", "commission"}
)


# Money saved or granted around a deal ("cost savings of $45 million", "incentives worth ...", "synergies"):
# never its price.
AROUND_DEAL_LEMMAS = frozenset({"saving", "synergy", "incentive", "subsidy"})


# A company's results: a per-share amount tied to them is earnings, not a price.
EARNINGS_LEMMAS = frozenset({"earnings", "income", "profit", "loss", "earn", "dividend", "ebitda", "revenue"})


# Words that make "2.40 dlr ... shares" the name of a class of stock.
SECURITY_LEMMAS = frozenset(
    {"cumulative", "convertible", "preferred", "preference", "exchangeable", "redeemable", "participating"}
)


# Verbs of a stock's trading and of its level ("stood at", "opened at").
MARKET_LEMMAS = frozenset(
    {"trade", "rise", "fall", "close", "climb", "jump", "gain", "drop", "slip", "surge", "soar", "finish"}
    | {"stand", "open", "quote", "hover", "tumble", "plunge", "rally", "ease", "dip"}
)


# Verbs of a holder's own trade in shares; with a past tense they report a done purchase or sale.
TRADE_LEMMAS = frozenset({"buy", "sell", "purchase", "acquire", "spend", "pay"})
CLAUSE_DEPS = frozenset({"ccomp", "ROOT", "advcl", "xcomp", "relcl", "conj", "parataxis"})  # not crossed
OPTION_LEMMAS = frozenset({"option", "right", "warrant"})
HOLDING_LEMMAS = frozenset({"share", "stake", "stock", "holding", "interest"})


# Verbs of opinion and estimate: a price they govern is someone's view.
OPINION_LEMMAS = frozenset(
    {"seem", "appear", "deserve", "merit", "warrant", "justify", "think", "believe", "calculate", "estimate"}
    | {"expect", "forecast", "predict", "consider", "feel", "guess", "speculate"}
)


# Nouns naming a commentator rather than a party.
COMMENTATOR_LEMMAS = frozenset(
    {"analyst", "arbitrageur", "arbitrager", "trader", "observer", "expert", "economist", "strategist"}
)


SAY_LEMMAS = frozenset({"say", "tell", "add", "note", "argue", "contend", "estimate", "think", "believe"})


VALUATION_LEMMAS = frozenset({"value", "valuation", "worth"})


# Money of a lawsuit: damages, a judgment, a settlement.
LEGAL_LEMMAS = frozenset(
    {
        "lawsuit",
        "suit",
        "damages",
        "damage",
        "judgment",
        "judgement",
        "verdict",
        "settlement",
        "penalty",
        "fine",
    }
)


# Statistics of many trades: "a median price of 6.45 dlrs a barrel", "the average sales price".
SUMMARY_LEMMAS = frozenset({"average", "median", "mean"})


# What a share price is per; any other noun after "a"/"per" makes a unit price ("6.45 dlrs a barrel").
SHARE_LEMMAS = frozenset({"share", "stock", "unit", "adr", "ads", "warrant", "right"})


# An "if" clause about the deal's end makes its money a break-up payment ("if the merger were terminated").
TERMINATION_LEMMAS = frozenset({"terminate", "cancel", "break", "fail", "collapse", "withdraw", "abandon"})


# Markers of another deal than this one on a deal noun: "a similar deal", "any acquisition", "another bid".
OTHER_DEAL_MARKERS = frozenset({"another", "other", "similar", "separate", "any"})
RECENT_MARKERS = frozenset({"recent", "past"})  # only with "a"/"an": "a recent tender"
CONDITION_MARKS = frozenset({"if", "unless"})


ANCESTOR_STEPS = 12  # heads followed from a figure towards the sentence root (bounded work)


def side_role(
    ctx: SentenceContext, fig: figures.Figure, span: Span, path: list[Token]
) -> tuple[str, str | None] | None:
    """The role of money that is not the deal's (see the module docstring), or None to let the deal roles
    decide. ``path`` is the figure's noun-phrase path from :func:`dealclaims.extract.amounts._path`."""
    if fig.kind != "money":
        return None
    nouns = [t for t in path if t.pos_ in ("NOUN", "PROPN")]
    path_lemmas = {t.lemma_.lower() for t in path}
    of = [g for c in span.root.children if c.lower_ in ("of", "in") for g in c.children]  # "dlrs in damages"
    if {t.lemma_.lower() for t in [*nouns, *of] if t.pos_ == "NOUN"} & (COMPENSATION_LEMMAS | LEGAL_LEMMAS):
        return "stat", None
    if is_unit_price(span):
        return "stat", None
    if _names_a_security(span):
        return "stat", None
    if _is_earnings(span, path_lemmas):
        return "stat", None
    if {t.lemma_.lower() for t in nouns} & AROUND_DEAL_LEMMAS:  # "cost savings of $45 million a year"
        return "stat", None
    if _is_other_deal(span) or _in_an_earlier_year(ctx, span):  # "a recent tender that opened at 22 dlrs"
        return "stat", None
    if _follows_the_deal(span):  # "X's unit is to be sold to Y for 140 mln dlrs once the merger is completed"
        return "stat", None
    if _is_market_price(span, path):
        return "stat.share_price", _holder(ctx, path)
    if _is_holder_trade(span, path):
        return "stat.stake_purchase", _holder(ctx, path)
    if path_lemmas & SUMMARY_LEMMAS or _is_threshold(span):
        return "stat", None
    if _is_opinion(span, path) or _is_conditional(span):
        return "stat", None
    return None


def _ancestors(tok: Token) -> Iterator[Token]:
    """The heads above ``tok``, nearest first, up to the root (bounded)."""
    for _ in range(ANCESTOR_STEPS):
        if tok.head is tok:
            return
        tok = tok.head
        yield tok


def _names_a_security(span: Span) -> bool:
    """ "2.40 dlr cumulative preference shares", "its 11.25 dlr convertible preferred"."""
    # the word right after the money: "three dlrs in exchangeable preferred" is a payment in stock
    return span.end < span.sent.end and span.doc[span.end].lemma_.lower() in SECURITY_LEMMAS


def _is_earnings(span: Span, path_lemmas: set[str]) -> bool:
    """A per-share amount of a company's results: on the path to "earnings"/"income", or the second half
    of "net income of 8 mln dlrs, or 37 cts per share" (a conjunct or apposition of such an amount)."""
    if path_lemmas & EARNINGS_LEMMAS:
        return True
    root = span.root
    if root.dep_ not in ("conj", "appos") or not any(t.is_currency or t.like_num for t in root.head.subtree):
        return False
    return any(t.lemma_.lower() in EARNINGS_LEMMAS for t in span.sent)


def is_unit_price(span: Span) -> bool:
    """ "6.45 dlrs a barrel", "138.25 dlrs per long ton": a price per something other than a share."""
    doc, end = span.doc, min(span.end + 4, span.sent.end)
    if span.end >= end or doc[span.end].lower_ not in ("a", "an", "per"):
        return False
    noun = next((t for t in doc[span.end + 1 : end] if t.pos_ in ("NOUN", "PROPN")), None)
    return noun is not None and noun.lemma_.lower() not in SHARE_LEMMAS


def _is_threshold(span: Span) -> bool:
    """ "at a price higher than 29.75 dlrs": the money is the bar a noun is compared with, not a price."""
    head = span.root.head
    return head.lower_ == "than" and head.head.tag_ in ("JJR", "RBR") and head.head.dep_ == "amod"


def _is_market_price(span: Span, path: list[Token]) -> bool:
    """A trading verb governs the price before any bid word does ("closed at 21 dlrs"; not "traded above
    the 31 dlr offer"), a relative clause on it trades ("the 31 dlrs where the shares traded"), or the
    money is a difference ("stood one dollar higher")."""
    root = span.root
    if root.dep_ == "npadvmod" and root.head.tag_ in ("JJR", "RBR"):
        return True
    if any(c.dep_ == "relcl" and c.lemma_.lower() in MARKET_LEMMAS for t in path[:3] for c in t.children):
        return True
    for tok in path[1:]:
        lemma = tok.lemma_.lower()
        if lemma in BID_LEMMAS | DEAL_NOUNS:
            return False
        if lemma in MARKET_LEMMAS and tok.pos_ in ("VERB", "AUX") and _is_small(span):
            return True
    return False


def _is_small(span: Span) -> bool:
    """Money under a thousand without a scale word: a price, not a total."""
    return not any(
        t.lower_ in ("mln", "million", "bln", "billion", "m", "bn") or _GLUED_SCALE.match(t.lower_)
        for t in span
    )


_GLUED_SCALE = re.compile(r"^[\d.,]+(?:bn|bln|mln|mn|m)$")  # "2.2bn": the scale written into the number


def _is_holder_trade(span: Span, path: list[Token]) -> bool:
    """A done purchase or sale of shares or a stake: the nearest buy/sell/spend verb above the money is in a
    past tense, its object (or its "for"/"on" object) is shares or a stake, and no bid word comes between
    ("sold 120,000 shares at 31.25 dlrs", "bought shares at prices ranging from 28 to 34 dlrs")."""
    for tok in _ancestors(span.root):
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in TRADE_LEMMAS:
            return (_is_past(tok) or _is_option(tok)) and _trades_holdings(tok)
        if lemma in BID_LEMMAS - {"price"} | DEAL_NOUNS | {"agreement"} or tok.dep_ in CLAUSE_DEPS:
            return False  # "at an average price of": the trade's price; "offered to buy": a bid
    return False


def _is_option(verb: Token) -> bool:
    """ "options giving it the right to buy 50,000 shares for 1.8 mln dlrs": a holder's option on shares."""
    return any(t.pos_ == "NOUN" and t.lemma_.lower() in OPTION_LEMMAS for t in list(_ancestors(verb))[:3])


def _is_past(verb: Token) -> bool:
    """ "sold", "has bought", "had spent", "after buying" (a report of a done trade), not "will buy"."""
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBG" and verb.head.lower_ == "after":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _trades_holdings(verb: Token) -> bool:
    """The verb's object, or the object of its "for"/"on" phrase, is shares or a stake."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    # "spent 178 mln dlrs to acquire its 4 mln shares": the purpose clause names what was bought
    objects += [
        g
        for c in verb.children
        if c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in TRADE_LEMMAS
        for g in c.children
        if g.dep_ == "dobj"
    ]
    heads = [verb, *objects]  # "spent 12 mln dlrs for its shares": the phrase may hang on the object
    objects += [
        g
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ in ("for", "on")
        for g in c.children
    ]
    return any(o.lemma_.lower() in HOLDING_LEMMAS for o in objects)


def _is_opinion(span: Span, path: list[Token]) -> bool:
    """A price under a verb of opinion, a per-share valuation, or a commentator's price not tied to a bid."""
    if not _is_small(span):
        return False
    subjects = [c for t in path if t.pos_ in ("VERB", "AUX") for c in t.children if c.dep_ == "nsubj"]
    tied = any(t.lemma_.lower() in BID_LEMMAS | DEAL_NOUNS | {"transaction"} for t in [*path, *subjects])
    for tok in _ancestors(span.root):
        if tok.lemma_.lower() in BID_LEMMAS | DEAL_NOUNS:
            break  # "he thinks the 25 dlr offer is fair": the offer's price
        if tok.lemma_.lower() in OPINION_LEMMAS and tok.pos_ in ("VERB", "AUX"):
            return True
    # "the highest price he calculated ... has been about 140 dlrs": the subject is someone's estimate
    if any(c.dep_ == "relcl" and c.lemma_.lower() in OPINION_LEMMAS for t in subjects for c in t.children):
        return True
    placed = [
        c for t in path if t.pos_ == "VERB" for c in t.children if c.dep_ == "dobj"
    ]  # "put the value at"
    if not tied and any(
        t.lemma_.lower() in VALUATION_LEMMAS and t.pos_ in ("NOUN", "ADJ", "ADP")
        for t in [*path[1:], *placed]
    ):
        return True  # "a breakup value of 45 dlrs per share", "it would be worth 38 dlrs"
    return not tied and _commentator_says(span)


def _commentator_says(span: Span) -> bool:
    """The sentence reports an analyst, arbitrageur or trader ("Arbitragers said ...", "Jo Lee, analyst at
    Brill and Co, said ...")."""
    for tok in _ancestors(span.root):
        if tok.lemma_.lower() not in SAY_LEMMAS:
            continue
        for subj in (c for c in tok.children if c.dep_ == "nsubj"):
            near = [subj, *(c for c in subj.children if c.dep_ in ("appos", "compound", "amod"))]
            if any(t.lemma_.lower() in COMMENTATOR_LEMMAS for t in near):
                return True
    return False


def _is_other_deal(span: Span) -> bool:
    """Money inside a deal noun marked as another deal: "a recent hostile tender that began at 22 dlrs",
    "a similar 135 mln dlr deal", "a deal between X and some other company at 41 dlrs", "any acquisition"."""
    heads = [span.root, *_ancestors(span.root)]
    subjects = [c for t in heads if t.pos_ in ("VERB", "AUX") for c in t.children if c.dep_ == "nsubj"]
    for tok in [*heads, *subjects]:  # "a deal between X and some other company would make Y richer by ..."
        if tok.lemma_.lower() not in BID_LEMMAS | DEAL_NOUNS or tok.pos_ != "NOUN":
            continue
        words = {c.lemma_.lower() for c in tok.children if c.dep_ in ("det", "amod")}
        if words & OTHER_DEAL_MARKERS:
            return True
        if words & RECENT_MARKERS and words & {"a", "an"}:
            return True
        parties = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "between" for g in c.subtree]
        if any(t.lemma_.lower() in ("other", "another") for t in parties):
            return True
    return False


def _in_an_earlier_year(ctx: SentenceContext, span: Span) -> bool:
    """Money of a clause dated in a year before the article's ("completed the purchase of X for $310 million
    in 2031"): an earlier deal, not this one."""
    published = (ctx.article.published or "")[:4]
    if not published.isdigit():
        return False
    heads = []  # the figure and its heads up to its clause's verb
    for tok in [span.root, *_ancestors(span.root)]:
        heads.append(tok)
        if tok.pos_ in ("VERB", "AUX"):
            break
    for head in heads:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "during")):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                if re.fullmatch(r"(?:19|20)\d\d", obj.text) and obj.text < published:
                    return True
    return False


def _follows_the_deal(span: Span) -> bool:
    """Money for a sale that is to follow the deal: the nearest verb above it sells ("to be sold to Y for
    140 mln dlrs") and has a clause timing it by the deal ("once the merger is completed", "after the
    acquisition closes"). That sale is another transaction, not the deal's value."""
    verb = next((t for t in _ancestors(span.root) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.lemma_.lower() not in SALE_LEMMAS:
        return False
    for clause in verb.children:
        if clause.dep_ != "advcl" or not any(
            c.dep_ == "mark" and c.lower_ in SEQUEL_MARKS for c in clause.children
        ):
            continue
        if any(t.lemma_.lower() in DEAL_NOUNS and t.pos_ == "NOUN" for t in clause.subtree):
            return True
    return False


SALE_LEMMAS = frozenset({"sell", "divest", "transfer", "spin"})


SEQUEL_MARKS = frozenset({"once", "after", "when", "following"})  # a clause saying what comes first


def _is_conditional(span: Span) -> bool:
    """Money inside an "if"/"unless" clause (a hypothetical price, not the one offered), or money a clause
    promises if the deal ends ("would be entitled to a 16 mln dlr payment if the merger were terminated")."""
    for tok in (span.root, *_ancestors(span.root)):
        if _is_condition(tok):
            return True
        for clause in (c for c in tok.children if _is_condition(c)):
            if any(t.lemma_.lower() in TERMINATION_LEMMAS for t in clause.subtree):
                return True
    return False


def _is_condition(tok: Token) -> bool:
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in tok.children)
