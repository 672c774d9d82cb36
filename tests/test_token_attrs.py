"""The memoised attribute ruler + lemmatizer gives the model's own components' tokens, attribute for attribute."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from dealclaims.models import Settings
from dealclaims.nlp import token_attrs

if TYPE_CHECKING:
    from spacy.language import Language

# Sentences written to reach every kind of rule: the tag map, word exceptions, the multi-token patterns
# (ain't, gonna, gotta, let's, c'mon, y'all, "there is"), a regex rule (nothin'), spaces between words,
# and the lemmatizer's rule, exception and out-of-vocabulary paths.
SENTENCES = [
    "Halvane Mining Corp. agreed on Tuesday to buy Orrick Metals Ltd for $2.4 billion in cash.",
    "There is a deal, and there were two bidders; it ain't over, y'all, and we're gonna win.",
    "Let's say the buyers gotta pay more. C'mon, nothin' was signed.  The mice were running.",
    "She said the larger   shareholders had sold their stakes\n\nearlier, taking the best offers.",
    "The ministers' talks went better than expected; they'd already met twice, hadn't they?",
    "Quarterly EPS rose to 1.23 dlrs vs 1.10 dlrs; revs 7.4 mln vs 6.9 mln.",
    "",
    "   ",
]


def _attrs(nlp: Language, texts: list[str]) -> list[list[tuple[str, ...]]]:
    return [
        [(t.text, t.tag_, t.dep_, t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in nlp.pipe(texts)
    ]


@pytest.fixture(scope="module")
def models() -> tuple[Language, Language]:
    import spacy

    original = spacy.load(Settings().model)
    fast = spacy.load(Settings().model)
    token_attrs.install(fast)
    return original, fast


def test_install_replaces_the_ruler_and_the_lemmatizer(models: tuple[Language, Language]) -> None:
    original, fast = models
    assert "attribute_ruler" in original.pipe_names and "lemmatizer" in original.pipe_names
    assert token_attrs.NAME in fast.pipe_names
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names


def test_tokens_are_the_same_as_the_models_own(models: tuple[Language, Language]) -> None:
    original, fast = models
    expected = _attrs(original, SENTENCES)
    assert _attrs(fast, SENTENCES) == expected
    assert _attrs(fast, SENTENCES) == expected  # again, now from the memo


def test_multi_token_rules_still_apply(models: tuple[Language, Language]) -> None:
    _, fast = models
    lemmas = {t.text.lower(): t.lemma_ for t in fast("They're gonna sign, let's hope.")}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to" and lemmas["'s"] == "us"


@pytest.mark.parametrize(
    ("pattern", "simple"),
    [
        ([{"TAG": "NN"}], True),
        ([{"LOWER": {"IN": ["is", "are"]}, "TAG": "VBZ"}], True),
        ([{"LOWER": {"REGEX": "^n[ou]thin'$"}}], True),
        ([{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}], True),
        ([{"LOWER": "gon"}, {"LOWER": "na"}], False),  # two tokens: the Matcher
        ([{"LIKE_NUM": True}], False),  # another attribute: the Matcher
        ([{}], False),  # every token: the Matcher
    ],
)
def test_which_rules_are_memoised(pattern: list[dict[str, Any]], simple: bool) -> None:
    assert (token_attrs._simple(pattern) is not None) is simple


def test_a_model_without_a_rule_lemmatizer_is_left_alone() -> None:
    import spacy

    nlp = spacy.blank("en")
    token_attrs.install(nlp)
    assert nlp.pipe_names == []
