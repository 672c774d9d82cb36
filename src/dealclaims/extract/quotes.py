"""Direct quotations and their speakers.

A quote is text between paired double quotes (the loader straightened them). Its speaker is the subject of
a speech verb in the same sentence outside the quote ("..., Baker said"; "it said"); a pronoun takes the
previous speaker; a paragraph that is only a quote continues the previous quote's speaker.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from dealclaims.extract.evidence import evidence_for
from dealclaims.models import Article, Claim
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
}
_PRONOUNS = {"he", "she", "it", "they", "we"}
MIN_WORDS = 4


def extract_quotes(doc: Doc, article: Article) -> Iterator[Claim]:
    """One ``quote`` claim per direct quotation of at least four words."""
    last_speaker: str | None = None
    last_end = -1
    text = doc.text  # Doc.text is rebuilt from the tokens on every access: read it once
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


def _quote_claim(article: Article, quote: str, speaker: str | None, start: int, end: int) -> Claim:
    ev = evidence_for(article, start, end)
    digest = hashlib.sha1(f"{article.id}|quote|{ev.start}".encode()).hexdigest()[:10]
    return Claim(
        id=f"c-{digest}",
        slot="quote",
        subject=speaker,
        value=text_key(quote),
        value_kind="quote",
        text=quote,
        attributed_to=speaker,
        source=article.id,
        evidence=ev,
    )


def _speaker(doc: Doc, text: str, start: int, end: int, previous: str | None) -> str | None:
    """The subject of a speech verb in the quote's sentence, outside the quoted text."""
    span = doc.char_span(start, min(end + 1, len(text)), alignment_mode="expand")
    if span is None:
        return None
    sents = _sentences_between(doc, span.start, span.end)
    if span.end < len(doc) and "\n" not in text[end : doc[span.end].idx]:
        sents |= _sentences_between(doc, span.end, span.end + 1)  # '..." it said.' split off on its own
    for sent in sorted(sents, key=lambda s: s.start):
        for tok in sent:
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
    return cached  # type: ignore[no-any-return]


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
    if subj.lower_ in _PRONOUNS:
        return previous()
    if subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        ent = next(e for e in verb.doc.ents if e.start <= subj.i < e.end)
        return clean_name(ent.text)
    return _noun_phrase(subj)


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
