"""Money and figure claims: what role a figure plays in its sentence, read from the parse around it.

A figure (parsed by :mod:`dealclaims.extract.figures`) becomes one claim whose slot names its role:

* ``deal.price_per_share`` - money followed by "a share" / "per share" / "for each ... share", or after
  "share price of"; also a bid or offer of money without a scale word ("raised its bid to 48 dlrs"),
  because totals are always written with "million"/"billion".
* ``stat.share_price`` - a small price governed by a trading verb ("shares jumped to $53.02").
* ``deal.premium``, ``deal.stake`` - a percentage whose syntactic neighbourhood holds "premium", or a
  stake / holding / "of the shares" / own / hold.
* ``org.revenue`` / ``stat`` - a company's revenue, sales, profit, backlog or dividend.
* ``deal.financing`` - money attached (by the dependency path) to a loan, facility, credit, bond or debt.
* ``org.market_value`` - money attached to a value, valuation or capitalisation with "market" nearby.
* ``deal.term`` - years attached to a concession, lease, term or contract.
* ``stat.shares`` - a share count somebody holds; ``stat.shares_outstanding`` - a company's total ("N shares
  outstanding", the whole in "a part of X's N shares"); ``stat.shares_sought`` - the count a bid seeks ("an
  offer to purchase up to N shares"); ``stat.stake_purchase`` - an addition ("buy another N shares"). A stake
  carries the company it is in (``Claim.company``) when the phrase names it ("N pct of X's stock").
* ``deal.value`` - other money in a sentence about the deal (not background, not another deal), with its
  basis (equity value, enterprise value, including or excluding debt) as a ``scope`` qualifier and its form
  (in cash, in stock) as a ``framing`` qualifier.
* ``stat`` - every other figure, with the nearest party as its subject.

Before any deal role, :func:`dealclaims.extract.side_figures.side_role` takes the money that is not the
deal's: compensation and fees, legal money, earnings per share, a security's name, unit prices, market prices
(``stat.share_price``), a holder's own trades (``stat.stake_purchase``), opinions of worth, another or a
hypothetical deal.

A bid or price has as ``subject`` the bidder when the parse names one (the subject of the bid/offer verb, or
the possessor of "bid"/"offer"); the reconcile stage folds the deal's own buyer back into the deal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dealclaims.extract import figures
from dealclaims.models import Claim, Qualifier
from dealclaims.names import clean_name

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dealclaims.extract.slots import SentenceContext
from dealclaims.extract.holders import (
    BID_LEMMAS,
    DEAL_NOUNS,
    PARTY_LABELS,
    PATH_STEPS,
    _bidder,
    _bracketed_owner,
    _holder,
    counts_outstanding,
    seeks_shares,
    share_issuer,
    stake_company,
)
from dealclaims.extract.side_figures import _is_conditional, is_unit_price, side_role

# Closed classes of role nouns and verbs, matched on lemmas along the figure's dependency path.
PER_WORDS = frozenset({"per", "a", "an", "each", "every"})


FINANCING_LEMMAS = frozenset(
    {"loan", "facility", "financing", "credit", "bond", "debenture", "note", "borrowing", "debt", "fund"}
)


FINANCING_VERBS = frozenset({"lend", "borrow", "syndicate", "underwrite", "refinance", "contribute"})


# Verbs of a rating agency: the debt they act on is the company's, not the deal's financing.
RATING_LEMMAS = frozenset({"downgrade", "upgrade", "rate", "review", "affect", "confirm"})


# Verbs of raising money: a total they take as object is funding ("could raise up to 235 mln dlrs").
FUNDING_VERBS = frozenset({"raise", "obtain", "secure", "arrange"})


# A company's own figures in a deal sentence ("an order backlog of $3 billion", "sales of 2 bln dlrs").
COMPANY_FIGURE_LEMMAS = frozenset(
    {"revenue", "sale", "profit", "income", "earnings", "backlog", "loss", "ebitda", "dividend", "turnover"}
)


# Verbs of a stock's trading: a price they govern is the market's, not an offer.
TRADING_LEMMAS = frozenset(
    {"trade", "rise", "fall", "close", "climb", "jump", "gain", "drop", "slip", "surge", "soar", "finish"}
)


MARKET_VALUE_LEMMAS = frozenset({"value", "valuation", "capitalization", "capitalisation", "capitalize"})


STAKE_LEMMAS = frozenset({"stake", "holding", "interest", "own", "hold", "control", "share", "stock"})


HELD_LEMMAS = frozenset({"stake", "holding", "interest", "own", "hold", "control"})  # not "share": owned


TERM_LEMMAS = frozenset({"concession", "lease", "term", "contract", "licence", "license", "agreement"})


UPDATE_LEMMAS = frozenset({"raise", "increase", "boost", "lift", "sweeten", "lower", "cut", "revise", "up"})


HISTORY_LEMMAS = frozenset({"original", "previous", "earlier", "prior", "former", "old"})


PATH_DEPS = frozenset(
    {"pobj", "prep", "dobj", "attr", "nummod", "compound", "quantmod", "appos", "nmod", "npadvmod", "amod"}
)


# Determiners and adjectives that make a share count an addition to a holding, not the holding itself.
ADDED_WORDS = frozenset({"another", "additional", "further", "extra"})


OPTION_LEMMAS = frozenset({"option", "right", "warrant"})  # what they would buy is not yet held


OPTION_STEPS = 5  # heads above a figure looked at for an option noun


PER_SHARE_SCAN = 14  # tokens after a price looked at for "a share" / "per ... share"


DEAL_CONTEXT_LEMMAS = frozenset(
    {"invest", "investment", "finance", "fund", "worth", "value", "acquire", "acquisition", "buy", "purchase"}
    | {
        "bid",
        "offer",
        "tender",
        "takeover",
        "merger",
        "merge",
        "buyout",
        "deal",
        "transaction",
        "price",
        "cost",
    }
)


# Bases of a deal total (scope: they change what the amount measures) and forms of payment (framing).
BASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\benterprise\s+value\b", re.IGNORECASE), "enterprise value"),
    (re.compile(r"\bequity(?:\s+value)?\b", re.IGNORECASE), "equity value"),
    (re.compile(r"\b(?:including|includes|plus)\s+(?:\S+\s+){0,7}?debt\b", re.IGNORECASE), "including debt"),
    (
        re.compile(r"\bassum\w*\s+(?:\S+\s+){0,4}?debt\b|\bdebt\b\s+\S*\s*assum", re.IGNORECASE),
        "including debt",
    ),
    (
        re.compile(r"\b(?:excluding|not\s+counting|not\s+including|exclusive\s+of)\b", re.IGNORECASE),
        "excluding",
    ),
    (re.compile(r"\bearn-?outs?\b", re.IGNORECASE), "earn-out"),
)


FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bcash[-\s]+and[-\s]+(?:stock|shares?|securities)\b", re.IGNORECASE), "cash and stock"),
    (re.compile(r"\ball[-\s]stock\b|\bin\s+(?:stock|shares)\b", re.IGNORECASE), "stock"),
    (re.compile(r"\b(?:in|all[-\s])?cash\b", re.IGNORECASE), "cash"),
)


LOCAL_WINDOW = 300  # characters around a figure where its neighbours compete for its words


BASIS_WINDOW = 70  # characters after the figure (and 30 before) that may carry its basis


def value_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """Figures of one sentence as claims in their role's slot (see the module docstring)."""
    text = ctx.text
    found = figures.find_figures(text)
    changes = figures.find_changes(text, found)
    before = {(c.before.start, c.before.end) for c in changes}
    after = {(c.after.start, c.after.end) for c in changes}
    for change in changes:
        value = {"from": _figure_value(change.before), "to": _figure_value(change.after)}
        yield ctx.claim(
            "stat",
            value,
            _phrase(text, change.start, change.end),
            "change",
            evidence=ctx.evidence(),
            subject=_nearest_subject(ctx),
        )
    deal_context = _is_deal_context(ctx)
    spans = {
        fig: ctx.doc.char_span(
            ctx.sent.start_char + fig.start, ctx.sent.start_char + fig.end, alignment_mode="expand"
        )
        for fig in found
    }
    roles = {fig: _role(ctx, fig, span, deal_context) for fig, span in spans.items() if span is not None}
    # "to 138.25 dlrs per ton from 141.05 dlrs", "6.45 dlrs a barrel, up from 5.33 dlrs": the earlier
    # figure of a change takes the role of the figure it changed into, when that is not the deal's
    pairs = [(c.before, c.after) for c in changes]
    pairs += [(b, a) for a, b in zip(found, found[1:]) if (sb := spans[b]) is not None and _after_from(sb)]
    for earlier, later in pairs:
        span = spans[later]
        if earlier in roles and later in roles and span is not None and _sets_the_unit(roles[later][0], span):
            roles[earlier] = roles[later]
    for fig in found:
        span = spans[fig]
        if span is None:
            continue
        if (fig.start, fig.end) in before | after and fig.kind != "money":
            continue  # a percentage or quantity change is one "stat" change claim, above
        slot, subject = roles[fig]
        own = _own_qualifiers(text, fig, found)
        quals = [Qualifier(kind=q.kind, value=q.value, text=q.text) for q in own]
        if slot == "deal.value":
            quals += _bases(text, fig, found)
            invests = [t for t in _path(span) if t.lemma_.lower() in ("invest", "investment")]
            if invests and not any(q.kind == "framing" and q.value == "investment" for q in quals):
                quals.append(Qualifier(kind="framing", value="investment", text=invests[0].text))
        lead = _restated(span)  # "from 962,400 shares, or 12.4 pct": the percent is as earlier as the count
        if (fig.start, fig.end) in before or _after_from(lead) or _is_history(ctx, span):
            quals.append(Qualifier(kind="framing", value="previous", text="from"))
        elif (
            (fig.start, fig.end) in after
            or (_is_update(lead) and not _is_funding(slot, span))
            or _says_now(lead)
        ):
            quals.append(Qualifier(kind="framing", value="revised", text=span.root.head.text))
        yield ctx.claim(
            slot,
            _figure_value(fig),
            _figure_phrase(text, fig, own),
            fig.kind,
            qualifiers=sorted(set(quals), key=lambda q: (q.kind, q.value)),
            subject=subject,
            published=ctx.article.published or ctx.article.dateline_date,
            company=stake_company(ctx, span.root) if slot == "deal.stake" else None,
        )


def _role(
    ctx: SentenceContext, fig: figures.Figure, span: Span, deal_context: bool
) -> tuple[str, str | None]:
    """The slot of a figure and its subject."""
    path = _path(span)
    lemmas = {t.lemma_.lower() for t in path}
    # "sales were 2 bln dlrs", "market value stood at": the subject of the verb names the figure's role
    lemmas |= {
        c.lemma_.lower() for t in path if t.pos_ in ("VERB", "AUX") for c in t.children if c.dep_ == "nsubj"
    }
    near = {t.lemma_.lower() for t in ctx.doc[max(span.start - 4, ctx.sent.start) : span.end + 4]}
    if fig.kind == "percent":
        if "premium" in lemmas | near:
            return "deal.premium", None
        bracketed = _bracketed_owner(ctx, span)
        if bracketed:
            return "deal.stake", bracketed
        moved = {t.lemma_.lower() for t in path if t.pos_ == "VERB"} & TRADING_LEMMAS
        if moved and not lemmas & HELD_LEMMAS:
            return "stat", None  # "the shares jumped 27%": the stock moved, nobody holds 27%
        if _is_conditional(span):
            return "stat", None  # "if X controls more than 66 pct, it must sell": a limit, not a stake held
        if _is_optioned(span.root):
            return "stat", None  # "an option to buy ... a 19.3 pct interest": not a stake anybody holds
        if lemmas & STAKE_LEMMAS or near & {"stake", "holding", "own", "hold"}:
            holder = _outstanding_restated(ctx, span) or _holder(ctx, path) or _conjunct_holder(ctx, span)
            return "deal.stake", holder
        return "stat", None
    if fig.kind == "quantity":
        if fig.unit == "share":
            if counts_outstanding(span.root):  # a company's total, never compared with a holding
                return "stat.shares_outstanding", share_issuer(ctx, span.root)
            if any(c.lower_ in ADDED_WORDS for c in span.root.children):
                return "stat.stake_purchase", _holder(ctx, path)  # "buy another 2 mln shares": an addition
            if seeks_shares(span.root):  # "an offer to purchase up to 8 mln shares": not yet anybody's
                return "stat.shares_sought", _holder(ctx, path)
            return "stat.shares", _holder(ctx, path)
        if fig.unit == "job":
            return "org.employees", None
        if fig.unit == "year" and ctx.lemmas() & TERM_LEMMAS:
            return "deal.term", None
        return "stat", None
    side = side_role(ctx, fig, span, path)
    if side:  # money that is not the deal's; a plain stat keeps the sentence's party as its subject
        return side[0], side[1] or (_nearest_subject(ctx) if side[0] == "stat" else None)
    if lemmas & TRADING_LEMMAS and _is_small_price(fig) and not _bid_before_trading(path):
        return "stat.share_price", _holder(ctx, path)  # "shares jumped 33 percent to $53.02": the market
    if _is_per_share(ctx, fig, span, lemmas) or (deal_context and _is_small_price(fig)):
        return "deal.price_per_share", _bidder(ctx, path)
    if lemmas & COMPANY_FIGURE_LEMMAS:
        return "org.revenue" if lemmas & {"revenue", "sale"} else "stat", _holder(ctx, path)
    if span.root.dep_ == "pobj" and span.root.head.lower_ in ("including", "includes", "plus"):
        return "stat", None  # a component of a total ("..., including 767 mln dlrs of debt")
    verbs = {t.lemma_.lower() for t in path if t.pos_ == "VERB"}
    if verbs & RATING_LEMMAS and not any(t.lemma_.lower() in BID_LEMMAS | DEAL_NOUNS for t in path):
        return "stat", _nearest_subject(ctx)  # "may downgrade 200 mln dlrs of debt": the company's debt
    if _is_assumed_debt(span, path):
        return "stat", None  # "the 767 mln dlrs in debt that X will assume": a component of the total
    if _is_financing(span, path) and not any(q.kind == "scope" for q in _bases(ctx.text, fig)):
        return "deal.financing", None
    if span.root.dep_ == "dobj" and span.root.head.lemma_.lower() in FUNDING_VERBS and _has_scale(fig):
        return "deal.financing", None  # money raised, not a bid raised ("raised its bid to 48 dlrs")
    if lemmas & MARKET_VALUE_LEMMAS and "market" in ctx.lemmas():
        return "org.market_value", _nearest_subject(ctx)
    valuation = deal_context or _is_valuation(ctx.text, fig)
    if valuation and not fig.approximate and not ctx.is_related_deal():
        return "deal.value", _bidder(ctx, path) or _restated_bidder(ctx, span)
    return "stat", _nearest_subject(ctx)


def _is_optioned(root: Token) -> bool:
    """The figure is what an option, right or warrant would buy ("an option to buy 640,000 shares or a
    19.3 pct interest"), within a few heads of it."""
    tok = root
    for _ in range(OPTION_STEPS):
        if tok.head is tok:
            return False
        tok = tok.head
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in OPTION_LEMMAS:
            return True
    return False


def _says_now(span: Span) -> bool:
    """ "now 21.5 pct of the total", "X now holds 8.4 pct": the figure is stated as the current one, after a
    change ("now" modifies the figure or the verb it hangs on)."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ == "now":
        return True
    return any(c.lower_ == "now" and c.dep_ == "advmod" for t in _path(span) for c in t.children)


def _is_funding(slot: str, span: Span) -> bool:
    """ "could raise up to 415 mln dlrs in debt": money raised is funding, not a figure raised to a new value."""
    root = span.root
    return slot == "deal.financing" and root.dep_ == "dobj" and root.head.lemma_.lower() in FUNDING_VERBS


def _is_valuation(text: str, fig: figures.Figure) -> bool:
    """ "that is an enterprise value of $2.2bn": a total on a basis of valuation (an equity or enterprise
    value) is what a deal values the company at, even in a sentence with no deal word ("raising equity" is
    not a valuation)."""
    return any(q.value in VALUATION_BASES and "value" in q.text.lower() for q in _bases(text, fig))


VALUATION_BASES = frozenset({"enterprise value", "equity value"})  # written with "value", not bare "equity"


def _sets_the_unit(slot: str, span: Span) -> bool:
    """A market price or a unit price: what the figure it changed from was measured in, too."""
    return slot == "stat.share_price" or (slot == "stat" and is_unit_price(span))


def _restated(span: Span) -> Span:
    """The figure a conjunct restates ("286,500 shares, or 3.7 pct" -> the share count), else the span."""
    root = span.root
    if root.dep_ not in ("conj", "appos") or root.head is root or not root.head.left_edge.like_num:
        return span
    return span.doc[root.head.left_edge.i : root.head.i + 1]


def _conjunct_holder(ctx: SentenceContext, span: Span) -> str | None:
    """ "raised its stake to 726,700 shares, or 9.5 pct": the percent restates the share count, whose
    holder it shares."""
    root = span.root
    if root.dep_ not in ("conj", "appos") or root.head is root:
        return None
    return _holder(ctx, _path(span.doc[root.head.i : root.head.i + 1]))


def _restated_bidder(ctx: SentenceContext, span: Span) -> str | None:
    """ "27 dlrs per share, or a total of about 512.4 mln dlrs": a total joined to a price restates that bid,
    whose bidder it shares."""
    tok = span.root
    for _ in range(PATH_STEPS):
        if tok.head is tok:
            return None
        if tok.dep_ in ("conj", "appos"):
            price = tok.head
            return (
                _bidder(ctx, _path(price.doc[price.i : price.i + 1]))
                if price.like_num or _is_money(price)
                else None
            )
        if tok.dep_ not in ("pobj", "prep"):
            return None
        tok = tok.head
    return None


def _is_money(tok: Token) -> bool:
    """A currency word heading a figure ("27 dlrs", "$65")."""
    return tok.is_currency or any(c.like_num for c in tok.children if c.dep_ == "nummod")


def _outstanding_restated(ctx: SentenceContext, span: Span) -> str | None:
    """ "owns 5 mln of X's 41 mln shares outstanding, or 12.2 pct": the parse hangs the percent on the
    company's total, but it restates the holding; its holder is the subject of the verb above."""
    root = span.root
    if root.dep_ not in ("conj", "appos") or root.head is root or not counts_outstanding(root.head):
        return None
    return _clause_subject(ctx, root.head)


def _clause_subject(ctx: SentenceContext, tok: Token) -> str | None:
    """The named subject of the nearest verb above ``tok`` (bounded)."""
    for _ in range(PATH_STEPS + 2):
        if tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            return _holder(ctx, [tok]) if subjects else None
    return None


def _path(span: Span) -> list[Token]:
    """The figure's root and the heads it hangs from through noun-phrase and prepositional links."""
    tok = span.root
    path = [tok]
    for _ in range(PATH_STEPS):
        if tok.dep_ not in PATH_DEPS or tok.head is tok:
            break
        tok = tok.head
        path.append(tok)
    if tok.head is not tok:
        path.append(tok.head)  # the verb or noun the phrase attaches to ("offered ... at", "valued at")
    return path


def _is_assumed_debt(span: Span, path: list[Token]) -> bool:
    """Debt the buyer takes over ("767 mln dlrs in debt assumption", "the debt that X will assume")."""
    of = [g for c in span.root.children if c.lower_ in ("of", "in") for g in c.children]
    near = [*path, *of, *(c for t in of for c in t.children if c.dep_ in ("relcl", "compound", "amod"))]
    return any(t.lemma_.lower() in ("assume", "assumption") for t in near)


def _is_financing(span: Span, path: list[Token]) -> bool:
    """A loan noun on the path or after "of"/"in" ("200 mln dlrs in debt financing"), or a verb of lending
    ("committed to lend it 90 mln dlrs"). Nouns only for the noun list: "he noted" is no note."""
    of = [g for c in span.root.children if c.lower_ in ("of", "in") for g in c.children]
    for tok in [*path, *of]:
        lemma = tok.lemma_.lower()
        if (lemma in FINANCING_LEMMAS and tok.pos_ == "NOUN") or (
            lemma in FINANCING_VERBS and tok.pos_ == "VERB"
        ):
            return True
    return False


def _bid_before_trading(path: list[Token]) -> bool:
    """ "traded above the 31 dlr offer": a bid word governs the price before the trading verb does."""
    for tok in path[1:]:
        if tok.lemma_.lower() in TRADING_LEMMAS:
            return False
        if tok.lemma_.lower() in BID_LEMMAS | DEAL_NOUNS and tok.pos_ == "NOUN":
            return True
    return False


def _is_per_share(ctx: SentenceContext, fig: figures.Figure, span: Span, lemmas: set[str]) -> bool:
    """ "$55 a share", "41.75 dlrs per share in cash", "42 dlrs for each SGL share", "a share price of $55"."""
    doc, end = ctx.doc, min(span.end + PER_SHARE_SCAN, ctx.sent.end)
    for i in range(span.end, end):
        tok = doc[i]
        if tok.lower_ in (";", ",", "from", "or") or tok.is_sent_end or tok.like_num or tok.is_currency:
            break
        if tok.lower_ in PER_WORDS and any(t.lemma_.lower() == "share" for t in doc[i + 1 : min(i + 5, end)]):
            return True
    before = doc[max(span.start - 4, ctx.sent.start) : span.start]
    if "share price" in before.text.lower() or "price per share" in before.text.lower():
        return True
    return abs(fig.value) < 1000 and not _has_scale(fig) and bool(lemmas & BID_LEMMAS)


def _is_small_price(fig: figures.Figure) -> bool:
    """Money under 1,000 written without a scale word: in a deal sentence that is a price, never a total."""
    return abs(fig.value) < 1000 and not _has_scale(fig) and not fig.approximate


def _is_history(ctx: SentenceContext, span: Span) -> bool:
    """An earlier figure: a background sentence ("In February X had offered ..."), or "the original bid"."""
    if ctx.is_background():
        return True
    path = _path(span)
    near = [*path, *(c for t in path for c in t.children if c.dep_ in ("nsubj", "nsubjpass"))]
    return any(c.lemma_.lower() in HISTORY_LEMMAS for t in near for c in (t, *t.children))


def _after_from(span: Span) -> bool:
    """ "raised ... from 41.75 dlrs": the figure is the earlier value of a change."""
    doc = span.doc
    return any(t.lower_ == "from" for t in doc[max(span.start - 2, span.sent.start) : span.start])


def _has_scale(fig: figures.Figure) -> bool:
    """ "1.62 billion dlrs", "US$500m": the figure carries a scale word, so it is a total, not a price."""
    return bool(_SCALE_RE.search(fig.text))


_SCALE_RE = re.compile(rf"(?i)(?<=[\d\s-])(?:{'|'.join(map(re.escape, figures.SCALES))})\b")


def _is_update(span: Span) -> bool:
    """The figure is what a bid was raised or cut to ("raised its offer to 42 dlrs", "prepared to raise")."""
    for tok in _path(span)[1:]:
        lemma = tok.lemma_.lower()
        if lemma in BID_LEMMAS | DEAL_NOUNS and tok.pos_ == "NOUN":
            return False  # "lifted the stock above the 26 dlr tender offer": the offer is not raised
        if (
            lemma in UPDATE_LEMMAS
            and tok.pos_ in ("VERB", "ADP", "ADV")
            and (lemma != "up" or tok.head.lemma_.lower() in ("go", "move"))
        ):
            return True
    return False


def _gap(q: figures.Qualifier, fig: figures.Figure) -> int:
    return max(q.start - fig.end, fig.start - q.end, 0)


def _own_qualifiers(text: str, fig: figures.Figure, found: list[figures.Figure]) -> list[figures.Qualifier]:
    """The figure's qualifiers, less the scope words nearer to another figure of the sentence ("up to
    $2 billion, with a first phase of about $600 million": the first phase is the $600 million's)."""
    others = [f for f in found if f != fig and abs(f.start - fig.start) <= LOCAL_WINDOW]
    return [
        q
        for q in figures.find_qualifiers(text, fig)
        if q.kind != "scope" or all(_gap(q, fig) <= _gap(q, o) for o in others)
    ]


def _bases(text: str, fig: figures.Figure, found: Sequence[figures.Figure] = ()) -> list[Qualifier]:
    """Basis (scope) and form (framing) words near a deal total, each given to the figure nearest to it
    ("equity at $14.1 billion and an enterprise value of $16.3 billion": one basis each)."""
    lo, hi = max(0, fig.start - LOCAL_WINDOW), fig.end + LOCAL_WINDOW  # bounded work on huge sentences
    others = [f for f in found if f != fig and f.end >= lo and f.start <= hi]

    def gap(m: re.Match[str], f: figures.Figure) -> float:
        # a basis written before a figure ("an enterprise value of $16.3 billion") leans to that figure
        return (f.start - m.end()) / 2 if m.end() <= f.start else max(m.start() - f.end, 0)

    def mine(m: re.Match[str]) -> bool:
        near = fig.start - m.end() <= 30 if m.end() <= fig.start else m.start() - fig.end <= BASIS_WINDOW
        rivals = [o for o in others if not m.start() <= o.start < m.end()]  # "including 767 mln dlrs of debt"
        inside = m.start() <= fig.start < m.end()
        return not inside and near and all(gap(m, fig) <= gap(m, o) for o in rivals)

    out = [
        Qualifier(kind="scope", value=v, text=m[0])
        for p, v in BASES
        for m in p.finditer(text, lo, hi)
        if mine(m)
    ]
    for pattern, value in FORMS:
        m = next((m for m in pattern.finditer(text, lo, hi) if mine(m)), None)
        if m:
            out.append(Qualifier(kind="framing", value=value, text=m[0]))
            break
    return out


def _figure_phrase(text: str, fig: figures.Figure, quals: list[figures.Qualifier]) -> str:
    """The figure with the qualifiers next to it ("landmark $500 million investment"); distant scope first."""
    near = [q for q in quals if q.end >= fig.start - 30 and q.start <= fig.end + 30]
    start = min([fig.start, *(q.start for q in near)])
    end = max([fig.end, *(q.end for q in near)])
    far = [q.text for q in quals if q not in near and q.kind == "scope"]
    core = text[start:end].strip(" ,;")
    return " … ".join([*far, core]) if far else core


def json_number(amount: Decimal) -> int | float:
    """An exact amount as a JSON number: int when whole (exact at any size), else the nearest float."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _figure_value(fig: figures.Figure) -> dict[str, Any]:
    key = "currency" if fig.kind == "money" else "unit"
    out: dict[str, Any] = {"amount": json_number(fig.value), key: fig.unit}
    if fig.approximate:
        out["approximate"] = True
    return out


def _is_deal_context(ctx: SentenceContext) -> bool:
    return ctx.has_deal_term() or bool(ctx.lemmas() & DEAL_CONTEXT_LEMMAS) or _misspelled_deal_word(ctx)


def _misspelled_deal_word(ctx: SentenceContext) -> bool:
    """Wire copy misspells its deal words ("a 1.7 bln dlr takovr of Y"): a word one edit away from a long
    deal-context lemma (seven letters or more, so short words never match by chance)."""
    from rapidfuzz.distance import Levenshtein

    long_lemmas = [lemma for lemma in DEAL_CONTEXT_LEMMAS if len(lemma) >= 7]
    return any(
        Levenshtein.distance(tok.lower_, lemma, score_cutoff=1) == 1
        for tok in ctx.tokens
        if tok.is_alpha and len(tok) >= 6 and tok.lemma_.lower() not in DEAL_CONTEXT_LEMMAS
        for lemma in long_lemmas
    )


def _phrase(text: str, start: int, end: int, window: int = 4) -> str:
    """The figure with a few words either side: enough to read it, short enough to compare."""
    left = text[:start].split()[-window:]
    right = text[end:].split()[:window]
    return " ".join([*left, text[start:end], *right]).strip(" ,;")


def _nearest_subject(ctx: SentenceContext) -> str | None:
    subjects = [e for e in ctx.ents if e.label_ in PARTY_LABELS]
    return clean_name(subjects[0].text) if subjects else None
