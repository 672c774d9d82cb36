"""`dealclaims_paragraphs`: a paragraph break always starts a sentence.

The loader joins body blocks with a blank line; the parser otherwise sometimes runs a sentence across two
paragraphs, which attaches a quote to the next paragraph's speaker.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("dealclaims_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc
