"""What a sentence says about an organisation: where it is based (``org.hq``) and what it is (``org.description``).

``org.hq`` is read from the grammar of the sentence, never from a list of places:

- a place compound: "Y-based X", "Y-headquartered X", "X, a Y-based company", "the Y, Z-based steelmaker X";
- a participle with "in": "X, based in Y", "X, headquartered in Y", "X, which is based in Y", "X is headquartered
  in Y", "Headquartered in Y, X is ...", "in Y, where X is headquartered";
- a possessed head office: "X's headquarters in Y";
- a known town's possessive: "Leeds's Velmont Corp" (a country's is the company's nationality, not its seat);
- a definite company noun with no name of its own ("..., valuing the Y-based maker") refers back to the nearest
  organisation named before it in the sentence;
- weaker cues, kept only when Y is a place the gazetteers know (or the NER calls a GPE): "X of Y",
  "the Y company X", "X, a Y steelmaker".

In the first three the grammar says Y is a place, so a fictional town the NER takes for an organisation still
counts. The value is the written chain, most specific first, with state abbreviations spelled out and country
aliases made canonical ("Dunmere, Pa." -> "Dunmere, Pennsylvania"), so that ``places.place_contains``
finds "Pennsylvania" and "Dunmere" consistent with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dealclaims.extract.tokens import doc_ents, tokens
from dealclaims.lexicon import Lexicon
from dealclaims.models import Claim
from dealclaims.names import clean_name
from dealclaims.places import is_known_place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from dealclaims.extract.slots import SentenceContext

__all__ = ["HqStatement", "find_hq_statements", "org_claims", "place_value"]

BASED_WORDS = ("based", "headquartered")
HQ_NOUNS = ("headquarters", "headquarter", "head office", "home")
NOT_PLACE_LABELS = {"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "NORP"}
RELATIVE_PRONOUNS = {"which", "that", "who"}
_MISTAKEN = {"PERSON", "GPE", "NORP"}  # labels the model gives a company it does not know
MAX_CHAIN = 3  # "Dunmere, Pa." or "Sorvik, Estmark": a city and its region, at most a country after them


@dataclass(frozen=True)
class HqStatement:
    """One "organisation is based in place" statement: the organisation's entity and the place's parts."""

    org: Span
    place: tuple[str, ...]
    cue: str  # "based", "in", "possessive", "of", "modifier", "apposition"


def org_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """``org.hq`` and ``org.description`` claims of one sentence."""
    yield from _hq_claims(ctx)
    yield from _description_claims(ctx)


def _hq_claims(ctx: SentenceContext) -> Iterator[Claim]:
    seen: set[str] = set()
    from dealclaims.extract.frames import as_firms

    for st in find_hq_statements(ctx.sent, ctx.lexicon, as_firms(ctx.sent, ctx.ents)):
        org = clean_name(st.org.text)
        value = place_value(st.place, ctx.lexicon)
        if not org or not value or org in seen or _same_name(org, value):
            continue
        seen.add(org)
        yield ctx.claim("org.hq", value, f"{org}: based in {value}", "place", subject=org)


def _same_name(org: str, place: str) -> bool:
    return org.lower() == place.split(",")[0].strip().lower()


def place_value(parts: tuple[str, ...], lexicon: Lexicon) -> str:
    """The canonical written chain: "Pa." -> "Pennsylvania", "U.S." -> "United States", most specific first."""
    out: list[str] = []
    for part in parts:
        part = part.strip().strip(",")
        part = lexicon.region_abbreviations.get(part, part)
        part = lexicon.country_of(part) or part
        if part and part not in out:
            out.append(part)
    return ", ".join(out)


_BASED_SUFFIXES = tuple(f"-{w}" for w in BASED_WORDS)  # "Ohio-based" kept as one token


def find_hq_statements(sent: Span, lexicon: Lexicon, ents: list[Span] | None = None) -> list[HqStatement]:
    """Every org.hq statement of a sentence, strongest cues first (pure: reads the parse, writes nothing)."""
    ents = list(sent.ents) if ents is None else ents  # Span.ents re-reads the whole doc: pass them when known
    orgs = _org_index(ents)
    found: list[HqStatement] = []
    for tok in tokens(sent):
        low = tok.lower_
        if low in BASED_WORDS or low.endswith(_BASED_SUFFIXES):
            found.extend(_based(tok, orgs, lexicon))
        elif low in HQ_NOUNS and tok.pos_ == "NOUN":
            found.extend(_possessive(tok, orgs, lexicon))
    for ent in ents:
        if ent.label_ == "ORG":
            found.extend(_weak_cues(ent, orgs, lexicon))
    return found


# ---------------------------------------------------------------- "based" / "headquartered"


def _based(tok: Token, orgs: dict[int, Span], lexicon: Lexicon) -> Iterator[HqStatement]:
    doc = tok.doc
    if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "on":
        return  # "based on 38 dlrs a share": a basis, not a seat
    place: tuple[str, ...] | None = None
    if "-" in tok.text:  # "Pa.-based": the tokenizer kept the place inside the token
        place = _chain_before(doc, tok.i, tok.text.rsplit("-", 1)[0], lexicon)
        cue = "based"
    elif tok.i >= 2 and doc[tok.i - 1].text in ("-", "–") and not doc[tok.i - 2].whitespace_:
        place = _chain_before(doc, tok.i - 1, None, lexicon)
        cue = "based"
    else:
        place = _place_after_in(tok, lexicon)
        cue = "in"
        if place is None and any(c.lower_ == "where" for c in tok.children) and tok.dep_ == "relcl":
            first = tok.head.head if tok.head.dep_ in ("appos", "conj") else tok.head
            place = _chain_at(first, lexicon)  # "in Dayton, Ohio, where X is headquartered"
    if not place:
        return
    org = _org_of_compound(tok, orgs, lexicon) if cue == "based" else _org_of_participle(tok, orgs, place)
    if org is not None and org.text not in place:
        yield HqStatement(org, place, cue)


def _place_after_in(tok: Token, lexicon: Lexicon) -> tuple[str, ...] | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _chain_at(obj, lexicon)
    return None


def _org_of_compound(tok: Token, orgs: dict[int, Span], lexicon: Lexicon) -> Span | None:
    """The organisation a "Y-based" modifier describes: the noun it modifies, an ORG or a noun naming one."""
    if tok.i + 1 in orgs and orgs[tok.i + 1].start == tok.i + 1:
        return orgs[tok.i + 1]  # "Y-based X": the name right after, whatever the parser attached it to
    found = _org_for_noun(tok.head, orgs) if tok.head.i > tok.i else None
    if found is not None:
        return found
    doc, i = tok.doc, tok.i + 1
    while i < tok.sent.end and doc[i].is_lower and doc[i].pos_ in ("NOUN", "ADJ"):
        i += 1  # "Y-based state producer X": the name after the words for what it is
    if i > tok.i + 1 and i in orgs and orgs[i].start == i:
        return orgs[i]
    if tok.i < tok.head.i < i and _is_firm_noun(tok.head, lexicon):
        return _antecedent(tok, orgs)
    return None


def _antecedent(tok: Token, orgs: dict[int, Span]) -> Span | None:
    """ "..., valuing the Y-based maker": a definite company noun with no name of its own refers back to the
    nearest organisation named before it in the sentence."""
    noun = tok.head
    det = next((c for c in noun.children if c.dep_ == "det"), None)
    if det is None or det.lower_ != "the" or noun.pos_ != "NOUN" or noun.dep_ == "poss":
        return None  # "to the Y-based producer's capacity": whose, the sentence does not say
    before = [s for i, s in orgs.items() if s.end <= det.i and i >= tok.sent.start]
    nearest = max(before, key=lambda s: s.start) if before else None
    # the company a clause is about is the object named before it ("agreed to buy X ..., valuing the maker")
    return nearest if nearest is not None and nearest.root.dep_ in ("dobj", "pobj", "appos") else None


def _org_for_noun(noun: Token, orgs: dict[int, Span]) -> Span | None:
    """An ORG for a noun: the noun itself, its appositive ORG, the ORG it is in apposition to, or the subject
    of "X is a ... company"."""
    if noun.i in orgs:
        return orgs[noun.i]
    if noun.dep_ == "appos" and noun.head.i in orgs:
        return orgs[noun.head.i]
    for child in noun.children:
        if child.dep_ in ("appos", "compound") and child.i > noun.i and child.i in orgs:
            return orgs[child.i]
    if noun.dep_ == "attr":
        subj = next((c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.i in orgs:
            return orgs[subj.i]
    return None


def _org_of_participle(tok: Token, orgs: dict[int, Span], place: tuple[str, ...]) -> Span | None:
    """The organisation "based in Y" / "headquartered in Y" is said of."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None:
        if subj.i in orgs:
            return orgs[subj.i]  # "X is headquartered in Y"
        if tok.lower_ == "headquartered" and subj.pos_ == "PROPN" and _ent_of(subj) is None:
            return subj.doc[
                subj.left_edge.i : subj.i + 1
            ]  # a name the NER missed: only firms have head offices
        if subj.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
            found = _org_for_noun(tok.head, orgs)  # "X, which is based in Y"
            named = _ent_of(tok.head)
            if found is None and subj.lower_ == "which" and named is not None and named.label_ in _MISTAKEN:
                return named  # "which", not "who": the model took the company for a person or a place
            return found
        return None
    if tok.dep_ in ("acl", "amod", "relcl") and tok.head.i < tok.i:
        return _org_for_noun(tok.head, orgs)  # "X, headquartered in Y" / "a company based in Y"
    if tok.i - tok.sent.start <= 1:  # "Headquartered in Y, X is ...": the first ORG after the place
        after = [s for i, s in orgs.items() if i > tok.i and s.start == i and s.text not in place]
        return min(after, key=lambda s: s.start) if after else None
    return None


# ---------------------------------------------------------------- "X's headquarters in Y"


def _possessive(tok: Token, orgs: dict[int, Span], lexicon: Lexicon) -> Iterator[HqStatement]:
    doc = tok.doc
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None or tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "in":
        return
    if owner.i not in orgs:
        return
    obj = doc[tok.i + 2]
    if obj.pos_ == "DET" and tok.i + 3 < len(doc):
        obj = doc[tok.i + 3]
    place = _chain_at(_span_end(obj), lexicon)
    if place:
        yield HqStatement(orgs[owner.i], place, "possessive")


# ---------------------------------------------------------------- weaker cues: known places only


def _weak_cues(ent: Span, orgs: dict[int, Span], lexicon: Lexicon) -> Iterator[HqStatement]:
    doc, sent = ent.doc, ent.sent
    of = ent.end if doc[ent.end - 1].lower_ != "of" else ent.end - 1  # the NER may swallow the "of"
    if of + 1 < sent.end and doc[of].lower_ == "of" and of > ent.start:  # "X of Y"
        place = _chain_at(_span_end(doc[of + 1]), lexicon)
        if place and _known(place[-1], doc, lexicon, strict=True):
            yield HqStatement(doc[ent.start : of], place, "of")
            return
    owner = next((c for c in ent.root.children if c.dep_ == "poss" and c.i < ent.start), None)
    if owner is not None and owner.ent_type_ in ("GPE", "ORG", "") and owner.pos_ == "PROPN":
        place = _chain_at(owner, lexicon)  # "Leeds's Velmont Corp": the town it belongs to
        # a weak cue, like "X of Y": only a town the gazetteers know ("Nacco's X" names an owner)
        if place and _known(place[-1], doc, lexicon, strict=True) and not lexicon.country_of(place[0]):
            yield HqStatement(ent, place, "possessive")
            return
    before = _descriptor_place(doc, ent.start - 1, sent.start, lexicon)  # "the Ohio tire maker X"
    if before:
        yield HqStatement(ent, before, "modifier")
        return
    if ent.end + 3 < sent.end and doc[ent.end].text == "," and doc[ent.end + 1].lower_ in ("a", "an", "the"):
        end = _descriptor_end(doc, ent.end + 2, sent.end)  # "X, a Pennsylvania steelmaker"
        if end is not None:
            place = _descriptor_place(doc, end, ent.end + 2, lexicon)
            if place:
                yield HqStatement(ent, place, "apposition")


def _descriptor_end(doc: Doc, start: int, stop: int) -> int | None:
    """The last token of a "<place> <noun>..." run starting at ``start`` (the org noun), if it is one."""
    i = start
    while i < stop and (doc[i].pos_ in ("PROPN", "NOUN", "ADJ") or doc[i].text == "-"):
        i += 1
    return i - 1 if i - 1 > start else None


def _descriptor_place(doc: Doc, end: int, stop: int, lexicon: Lexicon) -> tuple[str, ...] | None:
    """A known place followed by nouns ending in a word for a company, the run ending at ``end``."""
    if end < stop or not _is_firm_noun(doc[end], lexicon):
        return None
    i = end - 1
    while i >= stop and doc[i].pos_ in ("NOUN", "ADJ") and doc[i].ent_type_ == "":
        i -= 1  # a plain run of nouns and adjectives: "tire maker", "steel producer"
    span = _name_at(doc[i]) if i >= stop else None
    if span is None:
        return None
    parts, first = _extend_backward(doc, span, [doc[span[0] : span[1]].text], lexicon)
    if not _known(parts[-1], doc, lexicon, strict=False):
        return None
    prev = doc[first - 1] if first - 1 >= doc[end].sent.start else None
    if prev is not None and prev.pos_ not in ("DET", "ADP", "PUNCT", "CCONJ"):
        return None
    return parts


def _is_firm_noun(tok: Token, lexicon: Lexicon) -> bool:
    lemma = tok.lemma_.lower()
    nouns = {*lexicon.org_nouns, *lexicon.firm_nouns, *lexicon.goods_agents}
    return tok.pos_ == "NOUN" and (lemma in nouns or tok.lower_ in nouns or lemma.endswith("maker"))


def _known(name: str, doc: Doc, lexicon: Lexicon, strict: bool) -> bool:
    """A place the gazetteers know (``strict``), or also one the NER calls a GPE somewhere in the document."""
    name = lexicon.region_abbreviations.get(name, name)
    if is_known_place(name) or lexicon.country_of(name) or lexicon.region_country(name):
        return True
    return not strict and any(e.label_ in ("GPE", "FAC") and e.text == name for e in doc_ents(doc))


# ---------------------------------------------------------------- place chains


def _org_index(ents: list[Span]) -> dict[int, Span]:
    return {i: ent for ent in ents if ent.label_ == "ORG" for i in range(ent.start, ent.end)}


def _span_end(tok: Token) -> Token:
    """The last token of the name ``tok`` starts or heads ("Orrin" -> "Tower")."""
    ent = _ent_of(tok)
    if ent is not None:
        return tok.doc[ent.end - 1]
    return tok


def _ent_of(tok: Token) -> Span | None:
    return next((e for e in tok.sent.ents if e.start <= tok.i < e.end), None)


def _name_at(tok: Token) -> tuple[int, int] | None:
    """(start, end) of the place name containing ``tok``: its entity, or its run of proper nouns."""
    ent = _ent_of(tok)
    if ent is not None:
        return None if ent.label_ in NOT_PLACE_LABELS else (ent.start, ent.end)
    if (
        tok.pos_ != "PROPN"
        and not re.fullmatch(r"(?:[A-Z][a-z]?\.){1,3}|[A-Z][a-z]{1,4}\.", tok.text)
        and not (tok.text[:1].isupper() and is_known_place(tok.text))  # "Lyon-based X" opening a sentence
    ):
        return None
    start = tok.i
    while (
        start - 1 >= tok.sent.start and tok.doc[start - 1].pos_ == "PROPN" and not _ent_of(tok.doc[start - 1])
    ):
        start -= 1
    return start, tok.i + 1


def _chain_at(tok: Token, lexicon: Lexicon) -> tuple[str, ...] | None:
    """The place chain whose first name contains ``tok`` ("Dunmere, Pennsylvania"), read over ", Z" parts."""
    span = _name_at(tok)
    if span is None:
        return None
    doc = tok.doc
    parts = [doc[span[0] : span[1]].text]
    end = span[1]
    while len(parts) < MAX_CHAIN and end + 1 < tok.sent.end and doc[end].text == ",":
        nxt = _name_at(doc[end + 1])
        if nxt is None or not _chain_part(doc, nxt, lexicon):
            break
        parts.append(doc[nxt[0] : nxt[1]].text)
        end = nxt[1]
    return tuple(parts)


def _chain_part(doc: Doc, span: tuple[int, int], lexicon: Lexicon) -> bool:
    """Whether ", Z" continues a place chain: a known place, a state abbreviation, or one capitalised word that
    ends the clause (", Estmark," but not ", Caldera Steel Group is")."""
    text = doc[span[0] : span[1]].text
    if text in lexicon.region_abbreviations or _known(text, doc, lexicon, strict=True):
        return True
    after = doc[span[1]] if span[1] < len(doc) else None
    single = span[1] - span[0] == 1
    return single and (after is None or after.text in (",", ".", ";", ")", "-") or bool(after.is_sent_end))


def _chain_before(doc: Doc, hyphen: int, inside: str | None, lexicon: Lexicon) -> tuple[str, ...] | None:
    """The place before "-based": "Ohio-based", "Dayton, Ohio-based", "Dunmere, Pa.-based" (``inside`` is
    the place written inside the "-based" token)."""
    if inside is not None:
        return _extend_backward(doc, (hyphen, hyphen), [inside], lexicon)[0] if inside else None
    span = _name_at(doc[hyphen - 1])
    if span is None:
        return None
    return _extend_backward(doc, (span[0], hyphen), [doc[span[0] : hyphen].text], lexicon)[0]


def _extend_backward(
    doc: Doc, span: tuple[int, int], parts: list[str], lexicon: Lexicon
) -> tuple[tuple[str, ...], int]:
    """Prepend "X, " when the later part is a region (known, or a state abbreviation) and X is a name; the
    chain and the index of its first token."""
    start = span[0]
    while len(parts) < MAX_CHAIN and start - 2 >= doc[start - 1].sent.start and doc[start - 1].text == ",":
        later = parts[0]
        if later not in lexicon.region_abbreviations and not _known(later, doc, lexicon, strict=True):
            break
        prev = _name_at(doc[start - 2])
        if prev is None:
            break
        before = doc[prev[0] - 1] if prev[0] - 1 >= doc[start - 1].sent.start else None
        if before is not None and before.pos_ not in ("DET", "ADP", "PUNCT", "CCONJ"):
            break
        parts.insert(0, doc[prev[0] : prev[1]].text)
        start = prev[0]
    return tuple(parts), start


# ---------------------------------------------------------------- org.description


def _description_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """ "X, a global engineering and construction firm": what the text says an organisation is."""
    doc = ctx.doc
    for ent in ctx.ents:
        if ent.label_ != "ORG" or ent.end >= ctx.sent.end - 2 or doc[ent.end].text != ",":
            continue
        words: list[str] = []
        for tok in doc[ent.end + 1 : min(ent.end + 12, ctx.sent.end)]:
            if tok.text in (",", ".", ";", "(") or (tok.pos_ == "VERB" and tok.dep_ != "amod"):
                break
            words.append(tok.text)
        if (
            len(words) >= 2
            and words[0].lower() in ("a", "an", "another", "the")
            and any(w.lower() in ctx.lexicon.org_nouns for w in words)
        ):
            desc = " ".join(words[1:]).replace(" 's", "'s")
            yield ctx.claim("org.description", desc.lower(), desc, "text", subject=clean_name(ent.text))
