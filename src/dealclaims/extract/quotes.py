"""Direct quotations, reported speech, and their speakers.

A quote is text between paired double quotes (the loader straightened them). Its speaker is the subject of
a speech verb in the same sentence outside the quote ("..., Baker said"; "it said"); a pronoun takes the
previous speaker; a paragraph that is only a quote continues the previous quote's speaker.

The speaker is a person or the body that spoke, never the document it spoke in: "the embassy's statement
said" is the embassy, "a statement from the Trade Office said" the Trade Office, "stated the release" the
last body named as speaking before it, "the ministry, which said" the ministry, and "the embassy said" the
organisation named before whose name holds "embassy".

Reported speech ("Baker called the signing another example of ...", "Baker said the terms were final") is
a ``quote`` claim too, with the qualifier ``indirect speech``: the consensus stage counts it as one more
source of a direct quote of the same speaker it paraphrases, and drops it when it paraphrases none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from dealclaims.extract.evidence import doc_text, evidence_for
from dealclaims.extract.tokens import doc_ents, tokens
from dealclaims.ids import stable_id
from dealclaims.lexicon import load_lexicon
from dealclaims.models import INDIRECT_SPEECH, Article, Claim
from dealclaims.names import clean_name, text_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_QUOTE = re.compile(r'"([^"\n]{12,}?)"')
SPEECH_VERBS = {
    "say",
    "state",
    "add",
    "note",
    "tell",
    "describe",
    "call",
    "announce",
    "stress",
    "emphasise",
    "emphasize",
    "write",
    "post",
    "declare",
    "remark",
    "comment",
    "explain",
    "welcome",
    "underscore",
    "highlight",
    "insist",
    "warn",
}
_PRONOUNS = {"he", "she", "it", "they", "we"}
_RELATIVES = {"which", "who", "that"}
# What a body speaks through: the speaker of "the statement said" is whoever issued the statement.
DOCUMENT_NOUNS = {
    "statement",
    "release",
    "announcement",
    "communique",
    "communiqué",
    "readout",
    "filing",
    "post",
    "notice",
    "letter",
    "bulletin",
}
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")
MIN_WORDS = 4
INDIRECT_MIN_WORDS = 6  # shorter reported speech is too generic to match a quote
INDIRECT = INDIRECT_SPEECH


def extract_quotes(doc: Doc, article: Article) -> Iterator[Claim]:
    """One ``quote`` claim per direct quotation of at least four words."""
    last_speaker: str | None = None
    last_end = -1
    text = doc_text(doc)
    for m in _QUOTE.finditer(text):
        quote = m.group(1).strip()
        if len(quote.split()) < MIN_WORDS:
            continue
        speaker = _speaker(doc, text, m.start(), m.end(), last_speaker)
        if speaker is None and last_speaker and _continues(text, last_end, m.start()):
            speaker = last_speaker
        if speaker:
            last_speaker, last_end = speaker, m.end()
        yield _quote_claim(article, quote, speaker, m.start(1), m.end(1))
    yield from extract_reported_speech(doc, article)


def _quote_claim(
    article: Article, quote: str, speaker: str | None, start: int, end: int, indirect: bool = False
) -> Claim:
    ev = evidence_for(article, start, end)
    kind = "quote.indirect" if indirect else "quote"
    return Claim(
        id=stable_id("c", article.id, kind, ev.start),
        slot="quote",
        subject=speaker,
        value=text_key(quote),
        value_kind="quote",
        text=quote,
        qualifiers=[INDIRECT] if indirect else [],
        attributed_to=speaker,
        source=article.id,
        evidence=ev,
    )


def extract_reported_speech(doc: Doc, article: Article) -> Iterator[Claim]:
    """One indirect ``quote`` claim per speech verb whose complement is not already a direct quotation.

    The complement is what follows the verb in its subtree ("the signing ... another example of ...";
    "that the terms were final"); its speaker is the verb's subject, resolved as for direct quotes.
    """
    text = doc_text(doc)
    quoted = [(m.start(1), m.end(1)) for m in _QUOTE.finditer(text) if len(m.group(1).split()) >= MIN_WORDS]
    for sent in _sentence_list(doc):
        for verb in tokens(sent):
            if verb.lemma_.lower() not in SPEECH_VERBS or verb.pos_ not in ("VERB", "AUX"):
                continue
            span = _complement(verb)
            if span is None or _mostly_quoted(span[0], span[1], quoted):
                continue
            words = text[span[0] : span[1]].replace('"', "").split()
            if len(words) < INDIRECT_MIN_WORDS:
                continue
            who = _subject_name(verb, lambda: None)
            if who:
                yield _quote_claim(article, " ".join(words), who, span[0], span[1], indirect=True)


def _complement(verb: Token) -> tuple[int, int] | None:
    """Character span of what the verb reports: the tokens after it in its subtree, from its first complement
    (a clause, an object, "as ...") to the end, without the closing punctuation."""
    after = [
        c for c in verb.children if c.i > verb.i and c.dep_ in ("ccomp", "dobj", "oprd", "xcomp", "prep")
    ]
    if not any(c.dep_ in ("ccomp", "oprd", "xcomp") or _as_complement(c) for c in after):
        return None  # "said on Monday", "announced a deal": no reported words
    first = min(c.left_edge.i for c in after)
    last = max(c.right_edge.i for c in after)
    tokens = [t for t in verb.doc[first : last + 1] if not (t.is_punct and t.i == last)]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    if tokens and tokens[0].lower_ == "that" and tokens[0].dep_ == "mark":
        tokens = tokens[1:]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _as_complement(prep: Token) -> bool:
    """ "described the deal as a milestone", not "as per a release"."""
    nxt = prep.doc[prep.i + 1] if prep.i + 1 < len(prep.doc) else None
    return prep.lower_ == "as" and nxt is not None and nxt.lower_ != "per"


def _mostly_quoted(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    inside = sum(max(0, min(end, b) - max(start, a)) for a, b in quoted)
    return inside * 2 >= end - start


def _speaker(doc: Doc, text: str, start: int, end: int, previous: str | None) -> str | None:
    """The subject of a speech verb in the quote's sentence, outside the quoted text."""
    span = doc.char_span(start, min(end + 1, len(text)), alignment_mode="expand")
    if span is None:
        return None
    sents = _sentences_between(doc, span.start, span.end)
    if span.end < len(doc) and "\n" not in text[end : doc[span.end].idx]:
        sents |= _sentences_between(doc, span.end, span.end + 1)  # '..." it said.' split off on its own
    for sent in sorted(sents, key=lambda s: s.start):
        for tok in tokens(sent):
            if start <= tok.idx < end or tok.lemma_.lower() not in SPEECH_VERBS:
                continue
            who = _subject_name(tok, lambda: previous or _last_speaker_before(doc, start))
            if who:
                return who
    return None


def _sentences_between(doc: Doc, start: int, end: int) -> set[Span]:
    """Sentences overlapping tokens [start, end). ``Token.sent`` rescans the document: avoid it."""
    sents = _sentence_list(doc)
    first = max(bisect_right([s.start for s in sents], start) - 1, 0)
    out = set()
    for sent in sents[first:]:
        if sent.start >= end:
            break
        out.add(sent)
    return out


def _sentence_list(doc: Doc) -> list[Span]:
    cached = doc.user_data.get("dealclaims_sents")
    if cached is None:
        cached = doc.user_data["dealclaims_sents"] = list(doc.sents)
    return cached


def _subject_name(verb: Token, previous: Callable[[], str | None]) -> str | None:
    """The speaker named by the verb's subject; a pronoun asks ``previous()`` (computed only then)."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        # "stated the release": inverted subject after the verb
        subj = next(
            (
                c
                for c in verb.children
                if c.dep_ in ("dobj", "attr") and c.i > verb.i and c.pos_ in ("NOUN", "PROPN")
            ),
            None,
        )
        if subj is None:
            return None
    return _speaker_of(subj, verb, previous)


def _speaker_of(subj: Token, verb: Token, previous: Callable[[], str | None], depth: int = 0) -> str | None:
    """The person or body a subject names: a document's issuer, a relative pronoun's antecedent, the
    organisation a definite description ("the embassy") refers to."""
    if subj.lower_ in _PRONOUNS:
        return previous()
    person = next((c for c in subj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if subj.ent_type_ != "PERSON" and person is not None:
        return _speaker_of(person, verb, previous, depth + 1)  # "said the Minister of Ports, Dr Ana Veld"
    if subj.ent_type_ in SPEAKER_LABELS:
        ent = next(e for e in doc_ents(verb.doc) if e.start <= subj.i < e.end)
        return clean_name(ent.text)
    if depth > 2:
        return _noun_phrase(subj)
    if subj.lower_ in _RELATIVES and verb.dep_ == "relcl":
        return _speaker_of(_antecedent(subj, verb), verb, previous, depth + 1)  # "the ministry, which said"
    if subj.lemma_.lower() in DOCUMENT_NOUNS:
        issuer = _issuer(subj)
        if issuer is not None:
            return _speaker_of(issuer, verb, previous, depth + 1)
        return previous() or _noun_phrase(subj)  # "stated the release": the body last named as speaking
    if subj.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") for c in subj.children):
        body = _named_body(subj)
        if body:
            return body
    return _noun_phrase(subj)


def _antecedent(relative: Token, verb: Token) -> Token:
    """What "which" stands for: the word just before ", which" (parsers often attach the clause higher up),
    else the noun the relative clause modifies."""
    doc = relative.doc
    if relative.i >= 2 and doc[relative.i - 1].text == "," and doc[relative.i - 2].pos_ in ("NOUN", "PROPN"):
        return doc[relative.i - 2]
    return verb.head


def _issuer(document: Token) -> Token | None:
    """ "the embassy's statement" -> embassy; "a statement from / by / of the Trade Office" -> Office."""
    for child in document.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ == "acl":  # "a statement issued by X"
            agent = next((g for g in child.children if g.dep_ == "agent" or g.lower_ == "by"), None)
            if agent is not None:
                return next((g for g in agent.children if g.dep_ == "pobj"), None)
    return None


def _named_body(noun: Token) -> str | None:
    """The organisation a definite description refers to: the last one named before it whose name holds the
    noun ("the embassy" -> "US Embassy"), or, for an organisation noun ("the company"), the last one named."""
    word = noun.lower_
    before = [e for e in doc_ents(noun.doc) if e.end <= noun.i and e.label_ in ("ORG", "FAC")]
    for ent in reversed(before):
        if word in ent.text.lower().split():
            return clean_name(ent.text)
    if noun.lemma_.lower() in load_lexicon().org_nouns:
        orgs = [e for e in before if e.label_ == "ORG"]
        return clean_name(orgs[-1].text) if orgs else None
    return None


def _noun_phrase(tok: Token) -> str:
    """ "Prime Minister Jane Doe's office", "the release": the subject with its modifiers."""
    words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("punct",) and not t.is_space]
    return clean_name(" ".join(t.text for t in words).replace(" 's", "'s"))


def _continues(text: str, previous_end: int, start: int) -> bool:
    """A quote that follows the previous one with only a paragraph break between continues it."""
    gap = text[previous_end:start]
    at_paragraph_start = text[:start].rstrip(" ").endswith("\n")
    return len(gap) < 80 and at_paragraph_start


def _last_speaker_before(doc: Doc, start: int) -> str | None:
    """The last non-pronoun subject of a speech verb before ``start`` (for "it said"), searched backwards."""
    span = doc.char_span(0, start, alignment_mode="contract")
    for tok in reversed(span if span is not None else []):
        if tok.lemma_.lower() in SPEECH_VERBS:
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.lower_ not in _PRONOUNS:
                found = _subject_name(tok, lambda: None)
                if found:
                    return found
    return None
