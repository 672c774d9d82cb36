"""The per-article token list: the same tokens as the span, and nothing left on the Doc after extraction."""

from __future__ import annotations

import pytest
import spacy

from dealclaims.extract.tokens import doc_ents, held, tokens


def test_tokens_are_the_spans_tokens_inside_and_outside_held() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Orrick Metals agreed to buy Halvane. The deal closes in May.")
    span = doc[3:7]
    outside = [t.text for t in tokens(span)]
    with held(doc):
        inside = [t.text for t in tokens(span)]
        assert doc_ents(doc) == tuple(doc.ents)
    assert inside == outside == [t.text for t in span]


def test_held_leaves_nothing_on_the_doc_even_after_an_error() -> None:
    doc = spacy.blank("en")("Orrick Metals agreed to buy Halvane.")
    keys = set(doc.user_data)
    with pytest.raises(RuntimeError), held(doc):
        assert len(tokens(doc[0:3])) == 3
        raise RuntimeError("a rule failed")
    assert set(doc.user_data) == keys
