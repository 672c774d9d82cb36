"""The model's attribute ruler and rule lemmatizer as one component that looks each token up once.

Why: in the pinned model the ``attribute_ruler`` (179 Matcher patterns, run over every token) and the rule
``lemmatizer`` (Python per token) cost about 15% of the parse — more than the tagger and the parser
together. Both are pure functions of a few token attributes, so their result per token can be memoised:

- a single-token ruler pattern tests only ORTH/TEXT/LOWER/TAG/DEP/IS_SPACE (functions of the token's orth,
  tag and dep); the lemmatizer reads the orth, POS and MORPH the ruler leaves; so the attributes they write
  (TAG, DEP, POS, MORPH, LEMMA) are a function of the token's (orth, tag, dep) and of the values it had
  before, and are computed once per distinct key by the original code (``_slow``) and copied after that;
- the few patterns that span tokens or test anything else stay in a Matcher of their own, and a token they
  touch takes the slow path and is never memoised.

The results are the same as the two original components' (the rules apply in the ruler's order: by pattern
number, later ones win), which ``tests/test_token_attrs.py`` checks token by token. ``install`` swaps them in
only when every pattern and attribute is of a kind this module handles; otherwise the model is left as it is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens._retokenize import set_token_attrs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "dealclaims_token_attrs"
_KEYS = ("ORTH", "TEXT", "LOWER", "TAG", "DEP", "IS_SPACE")  # what a memoised pattern may test
_WRITES = {TAG, POS, MORPH, LEMMA, DEP}  # what a ruler rule may set for this module to take over
_READ = [ORTH, TAG, DEP, POS, MORPH, LEMMA]  # the memo key: the token's attributes before the component
_WRITE = [TAG, DEP, POS, MORPH, LEMMA]
MEMO_MAX = 500_000  # distinct keys kept at most (a few hundred bytes each); the memo restarts past it


def _simple(pattern: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A one-token pattern as {key: value or set of values}, or None when it needs the Matcher."""
    if len(pattern) != 1:
        return None
    tests: dict[str, Any] = {}
    for key, value in pattern[0].items():
        key = key.upper()
        if key not in _KEYS:
            return None
        if isinstance(value, dict):
            if len(value) != 1 or not set(value) <= {"IN", "NOT_IN", "REGEX"}:
                return None
            ((op, values),) = value.items()
            if op == "REGEX":
                value = re.compile(values)
            else:
                value = frozenset(values) if op == "IN" else _Not(values)
        elif not isinstance(value, (str, bool)):
            return None
        tests[key] = value
    return tests or None  # a rule for every token goes to the Matcher


class _Not(frozenset[Any]):
    """The values a ``NOT_IN`` test refuses."""


def _file(tests: dict[str, Any]) -> list[tuple[str, Any]]:
    """The (key, value) entries a rule is filed under: each value of the first key it tests, in a fixed order."""
    for key in ("TAG", "LOWER", "DEP", "TEXT", "ORTH", "IS_SPACE"):
        if (
            key in tests
            and isinstance(tests[key], (str, bool, frozenset))
            and not isinstance(tests[key], _Not)
        ):
            want = tests[key]
            name = "TEXT" if key == "ORTH" else key
            return (
                [(name, value) for value in sorted(want)] if isinstance(want, frozenset) else [(name, want)]
            )
    return [("ANY", None)]  # tried on every token


_COLUMNS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "TAG": TAG, "DEP": DEP}


def _needs(pattern: list[dict[str, Any]], strings: Any) -> list[tuple[int, frozenset[int]]]:
    """What a doc must hold for ``pattern`` to match: (attribute, any of these hashes) per required value test.

    Only tests of equality or ``IN`` on tokens that must be there (no ``OP``) count; others hold anything.
    """
    needs = []
    for spec in pattern:
        if "OP" in spec or "op" in spec:
            continue
        for key, value in spec.items():
            attr = _COLUMNS.get(key.upper())
            if attr is None:
                continue
            if isinstance(value, str):
                needs.append((attr, frozenset([strings.add(value)])))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                needs.append((attr, frozenset(strings.add(v) for v in value["IN"])))
    return needs


def _holds(tests: dict[str, Any], token: Token) -> bool:
    for key, want in tests.items():
        if key == "IS_SPACE":
            have: Any = token.is_space
        elif key == "LOWER":
            have = token.lower_
        elif key == "TAG":
            have = token.tag_
        elif key == "DEP":
            have = token.dep_
        else:  # ORTH, TEXT
            have = token.text
        if isinstance(want, re.Pattern):
            if not want.search(have):
                return False
        elif isinstance(want, _Not):
            if have in want:
                return False
        elif have not in want if isinstance(want, frozenset) else have != want:
            return False
    return True


class TokenAttrs:
    """``attribute_ruler`` then ``lemmatizer``, memoised per token key; see the module's docstring."""

    def __init__(self, ruler: Any, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.attrs: list[dict[int, Any]] = ruler.attrs
        self.indices: list[int] = ruler.indices
        # one-token rules, filed under one value they require (``_file``), so a token tries only a few
        self.simple: dict[tuple[str, Any], list[tuple[int, dict[str, Any]]]] = {}
        self.matcher = Matcher(ruler.vocab)  # the patterns the memo cannot take, keyed by rule number
        self.needs: list[list[tuple[int, frozenset[int]]]] = []  # per Matcher pattern: what a doc must hold
        for attr_id, key in enumerate(_rule_keys(ruler)):
            for pattern in ruler.matcher.get(key)[1]:
                tests = _simple(pattern)
                if tests is not None and self.indices[attr_id] in (0, -1):
                    for filed in _file(tests):
                        self.simple.setdefault(filed, []).append((attr_id, tests))
                else:
                    self.matcher.add(str(attr_id), [pattern])
                    self.needs.append(_needs(pattern, ruler.vocab.strings))
        self.memo: dict[tuple[int, ...], tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        array = doc.to_array(_READ)
        touched: dict[int, list[int]] = {}  # token -> rules of the Matcher that set it
        if self._may_match(doc, array):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                attr_id = int(doc.vocab.strings[match_id])
                target = doc[start:end][self.indices[attr_id]].i
                touched.setdefault(target, []).append(attr_id)
        rows = array.tolist()
        out = []
        memo = self.memo
        if len(memo) > MEMO_MAX:
            memo.clear()
        for i, row in enumerate(rows):
            key = tuple(row)
            if i in touched:
                out.append(self._slow(doc[i], touched[i]))
                continue
            done = memo.get(key)
            if done is None:
                done = memo[key] = self._slow(doc[i], [])
            out.append(done)
        values: Any = numpy.array(out, dtype="uint64")
        doc.from_array(_WRITE, values)
        return doc

    def _may_match(self, doc: Doc, array: Any) -> bool:
        """Whether some Matcher pattern can match: each of its tests of a value is met by some token."""
        present: dict[int, set[int]] = {}

        def has(attr: int, values: frozenset[int]) -> bool:
            if attr not in present:
                column = array[:, _READ.index(attr)] if attr in _READ else doc.to_array(attr)
                present[attr] = set(column.tolist())
            return not present[attr].isdisjoint(values)

        return any(all(has(attr, values) for attr, values in needs) for needs in self.needs)

    def _slow(self, token: Token, extra: list[int]) -> tuple[int, ...]:
        """The original code on one token: the rules that hold, in order, then the lemmatizer."""
        simple = self.simple
        candidates = [
            *simple.get(("TAG", token.tag_), ()),
            *simple.get(("LOWER", token.lower_), ()),
            *simple.get(("DEP", token.dep_), ()),
            *simple.get(("TEXT", token.text), ()),
            *simple.get(("IS_SPACE", token.is_space), ()),
            *simple.get(("ANY", None), ()),
        ]
        rules = {attr_id for attr_id, tests in candidates if _holds(tests, token)}
        for attr_id in sorted(rules.union(extra)):
            set_token_attrs(token, self.attrs[attr_id])
        lemmatizer = self.lemmatizer
        if lemmatizer.overwrite or token.lemma == 0:
            token.lemma_ = lemmatizer.lemmatize(token)[0]
        morph: int = token.morph.key  # type: ignore[attr-defined]
        return (token.tag, token.dep, token.pos, morph, token.lemma)


def _rule_keys(ruler: Any) -> list[str]:
    """The ruler's Matcher key of each rule, by rule number (the ruler names rule ``n`` ``str(n)``)."""
    return [str(n) for n in range(len(ruler.attrs))]


@Language.factory(NAME)
def _make(nlp: Language, name: str) -> TokenAttrs:
    return TokenAttrs(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def can_install(nlp: Language) -> bool:
    """Whether the model has a rule lemmatizer after an attribute ruler whose rules set only what we handle."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return False
    if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return False
    ruler: Any = nlp.get_pipe("attribute_ruler")
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or not hasattr(lemmatizer, "lemmatize"):
        return False
    if not all(hasattr(ruler, name) for name in ("attrs", "indices", "matcher", "vocab")):
        return False
    return all(isinstance(attrs, dict) and set(attrs) <= _WRITES for attrs in ruler.attrs)


def _index_as_sets(lemmatizer: Any) -> None:
    """The lemmatizer's index of known lemmas per POS as sets: it only asks ``form in index``, which on the
    lists the model ships scans thousands of words per candidate form (most of a first lemmatisation's cost)."""
    table = lemmatizer.lookups.get_table("lemma_index", None)
    if table is None:
        return
    for key in list(table.keys()):
        if isinstance(table[key], list):
            table[key] = frozenset(table[key])


def install(nlp: Language) -> None:
    """Replace the model's attribute ruler and lemmatizer by ``TokenAttrs`` when ``can_install`` says so."""
    if not can_install(nlp):
        return
    _index_as_sets(nlp.get_pipe("lemmatizer"))
    nlp.add_pipe(NAME, before="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
