"""extract_mentions: entity mentions, with the words of a title never taken for a body or a person."""

from __future__ import annotations

from typing import Any

import pytest

from dealclaims.extract import extract_mentions
from dealclaims.load import article_from_bytes
from dealclaims.nlp import build_nlp


@pytest.fixture(scope="module")
def nlp() -> Any:
    return build_nlp()


def names(nlp: Any, text: str) -> set[str]:
    article = article_from_bytes(text.encode(), path="note.txt")
    return {m.text for m in extract_mentions(nlp(article.body), article) if m.label != "COMMODITY"}


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        (
            "The agreement was signed by the Minister of Transport and Maritime Affairs, Dr. Ilse Varga, on Friday.",
            {"Dr. Ilse Varga"},  # the honorific is how the article names her (an alias)
            {"Transport", "Maritime Affairs", "Transport and Maritime Affairs"},
        ),
        (
            "Minister of Energy and Mines Tomas Pell said the terms were fair.",
            {"Tomas Pell"},
            {"Energy", "Mines", "Energy and Mines"},
        ),
        (
            "Ann Cole, chief executive of Brindle Foods Inc, welcomed the offer.",
            {"Ann Cole", "Brindle Foods Inc"},
            set(),
        ),
        (
            "Brindle Foods Inc chief executive Ann Cole welcomed the offer.",
            {"Brindle Foods Inc", "Ann Cole"},
            set(),
        ),
    ],
)
def test_title_words_are_not_entities(nlp: Any, text: str, kept: set[str], dropped: set[str]) -> None:
    found = names(nlp, text)
    assert kept <= found, found
    assert not found & dropped, found
