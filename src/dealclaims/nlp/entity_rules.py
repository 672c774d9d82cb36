"""`dealclaims_entity_rules`: general rules that correct the statistical NER on news about deals.

The small English model makes systematic mistakes on this genre: it tags deal words ("MoU") as organisations,
possessive fragments ("'s House") as people, misses a person who follows a long title, and labels companies
with commodity names ("... Gold") as people. Each rule below fixes one such class of error from the text's own
evidence (titles, acronym definitions, appositions, coordination, a region gazetteer); none names an entity.

``match(doc)`` is pure and returns the spans to write; ``set_annotations`` writes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dealclaims.gazetteer import is_place
from dealclaims.lexicon import Lexicon, load_lexicon
from dealclaims.nlp.junk import (
    _STATE_ABBREVIATION,
    _dateline_tokens,
    _is_legal_form,
    _tickers,
    _trim_leading,
    junk_reason,
    words_of,
)

TERMS_KEY = "dealclaims"  # span group written by the span rulers: TITLE, COMMODITY, DEAL_TYPE...


TITLES_KEY = "dealclaims_titles"  # merged title chains, label = the person's start token index or "-"


ACRONYMS_KEY = "dealclaims_acronyms"  # long forms of defined acronyms, label = the acronym


DATELINES_KEY = "dealclaims_datelines"  # names in datelines ("NEW YORK, March 9 -"): not entities


TICKERS_KEY = "dealclaims_tickers"  # "<BOR>" stock symbols, label = the symbol; never entities themselves


_ACRONYM = re.compile(r"^(?:[A-Z][A-Za-z]{1,7}|[A-Z]{2,8})s?$")


_CONNECTORS = {"of", "the", "and", "&", "for", "-", "de", "du", "des", "d'"}


# Words that end a firm's name after "and" but never begin a name of their own ("Vell and Sons Inc").
_PARTNER_TAILS = {"sons", "son", "brothers", "bros", "associates", "partners", "co", "company"}


_NAMEABLE = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}


@dataclass
class EntityEdits:
    """What ``match`` found: entities to add (preferred over the model's), model entities to drop, groups."""

    add: list[Span] = field(default_factory=list)
    drop: set[tuple[int, int]] = field(default_factory=set)
    relabel: dict[tuple[int, int], str] = field(default_factory=dict)
    titles: list[Span] = field(default_factory=list)
    acronyms: list[Span] = field(default_factory=list)
    tickers: list[Span] = field(default_factory=list)
    datelines: list[Span] = field(default_factory=list)


@Language.factory("dealclaims_entity_rules", default_config={})
def make_entity_rules(nlp: Language, name: str) -> EntityRules:
    return EntityRules(load_lexicon())


class EntityRules:
    """Corrects ``doc.ents`` using the lexicon span group and general rules."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.org_suffixes = set(lexicon.org_suffixes)
        self.org_nouns = set(lexicon.org_nouns)
        self.firm_nouns = set(lexicon.firm_nouns)
        self.seat_nouns = set(lexicon.seat_nouns)
        self.modifiers = set(lexicon.title_modifiers)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    # ------------------------------------------------------------------ matching (pure)

    def match(self, doc: Doc) -> EntityEdits:
        edits = EntityEdits()
        terms = list(doc.spans[TERMS_KEY]) if TERMS_KEY in doc.spans else []
        words = words_of(doc)  # the scans below look for a word first, then build tokens only there
        ents = doc.ents  # read once: each ``doc.ents`` builds a Token per token of the doc
        self._match_titles(doc, ents, terms, edits)
        self._match_acronyms(doc, words, terms, edits)
        self._drop_false_entities(doc, ents, terms, edits)
        self._match_bracketed(doc, words, edits)
        self._match_partnerships(doc, ents, edits)
        self._match_partner_lists(doc, ents, words, edits)
        self._match_name_heads(doc, ents, terms, edits)
        self._match_legal_form_tails(doc, ents, words, edits)
        self._split_glued_speakers(doc, ents, edits)
        self._split_place_and_person(doc, ents, words, edits)
        self._match_untagged_companies(doc, words, terms, edits)
        self._match_affiliations(doc, words, edits)
        self._drop_junk(doc, ents, words, edits)
        self._relabel(doc, ents, edits)
        return edits

    def _title_chains(self, doc: Doc, terms: list[Span]) -> list[Span]:
        """Adjacent titles form one chain ("Chief of the Army Staff Field Marshal"); modifiers join it."""
        spans = filter_spans([s for s in terms if s.label_ == "TITLE"])
        chains: list[Span] = []
        for span in sorted(spans, key=lambda s: s.start):
            start = span.start
            while start > 0 and doc[start - 1].text in self.modifiers:
                start -= 1
            if chains and chains[-1].end >= start - 0 and chains[-1].end <= span.start:
                chains[-1] = Span(doc, chains[-1].start, span.end, label="TITLE")
            else:
                chains.append(Span(doc, start, span.end, label="TITLE"))
        return chains

    def _match_titles(self, doc: Doc, ents: Sequence[Span], terms: list[Span], edits: EntityEdits) -> None:
        # "Velmont General Corp": a title word inside a company's name (it ends in a legal form) is no title
        in_company = {t.i for e in ents if e.label_ == "ORG" and _is_legal_form(e[-1].text) for t in e[:-1]}
        for chain in self._title_chains(doc, terms):
            if chain.start in in_company:
                continue
            chain = self._portfolio(doc, ents, chain)
            i = chain.end
            if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
                i += 3  # "Chargé d'Affaires (CDA) Maria Okafor"
            seat = self._seat_after(doc, i)
            if seat is not None:
                label = "ORG" if doc[seat - 1].text == "Office" else "FAC"
                edits.add.append(Span(doc, chain.start, seat, label=label))
                continue
            j = i
            while j < len(doc) and j - i < 4:
                if self._is_name_token(doc[j]) and j - i < 3:
                    j += 1
                elif j > i and _is_particle(doc, j) and self._is_name_token(doc[j + 1]):
                    j += 2  # "Egon von Halden": a particle inside the family name
                else:
                    break
            person = Span(doc, i, j, label="PERSON") if j > i else None
            if person is not None:
                edits.add.append(person)
            edits.titles.append(Span(doc, chain.start, chain.end, label=str(i) if person else "-"))

    def _portfolio(self, doc: Doc, ents: Sequence[Span], chain: Span) -> Span:
        """ "Minister of Mines Paul Kabwe": "of Mines" belongs to the title; the last two words are the name."""
        i = chain.end
        if i >= len(doc) or doc[i].lower_ not in ("of", "for"):
            return chain
        j = i + 1
        while j < len(doc) and (doc[j].text[:1].isupper() or doc[j].lower_ in ("and", "&", "the")):
            j += 1
        run = doc[i + 1 : j]
        people = [e for e in ents if e.label_ == "PERSON" and run.start <= e.start and e.end <= run.end]
        name_start = people[0].start if people else j - 2
        if name_start <= i + 1:
            return chain
        return Span(doc, chain.start, name_start, label="TITLE")

    def _seat_after(self, doc: Doc, i: int) -> int | None:
        """End of "Prime Minister's House" / "Prime Minister House" when a seat noun follows a title."""
        if i < len(doc) and doc[i].text in {"'s", "’s", "'"}:
            i += 1
        if i < len(doc) and doc[i].text in self.seat_nouns:
            return i + 1
        return None

    def _is_name_token(self, tok: Token) -> bool:
        return (
            (tok.is_alpha or "-" in tok.text or "." in tok.text)
            and tok.text[:1].isupper()
            and not tok.is_sent_start
            and tok.text not in self.seat_nouns
            and (
                tok.ent_type_ in ("", "PERSON", "ORG", "NORP", "GPE", "WORK_OF_ART")
                and tok.pos_ in ("PROPN", "NOUN", "X")
            )
        )

    def _match_acronyms(self, doc: Doc, words: list[str], terms: list[Span], edits: EntityEdits) -> None:
        blocked = {
            t.i
            for s in terms
            if s.label_ in ("TITLE", "DEAL_TYPE", "COMMODITY", "COMMODITY_CLASS")
            for t in s
        }
        defined: dict[str, str] = {}
        for paren, word in enumerate(words[:-2]):
            if word != "(" or words[paren + 2] != ")" or not _ACRONYM.match(words[paren + 1]):
                continue
            acro_tok = doc[paren + 1]
            long_form = self._long_form(doc, paren, acro_tok.text)
            if (
                long_form is None
                or acro_tok.i in blocked
                or all(t.i in blocked or t.lower_ in _CONNECTORS for t in long_form)
            ):
                continue  # "Memorandum of Understanding (MoU)", "rare earth elements (REEs)": terms, not names
            is_country = self.lexicon.country_of(long_form.text.removeprefix("the ")) is not None
            label = "GPE" if is_country else "ORG"
            edits.add += [
                Span(doc, long_form.start, long_form.end, label=label),
                Span(doc, acro_tok.i, acro_tok.i + 1, label=label),
            ]
            edits.acronyms.append(Span(doc, long_form.start, long_form.end, label=acro_tok.text))
            defined[acro_tok.text] = label
        taken = {t.i for s in edits.add for t in s}
        for i, word in enumerate(words):  # later bare uses of a defined acronym
            if word in defined and i not in taken:
                edits.add.append(Span(doc, i, i + 1, label=defined[word]))
        self._match_long_forms(doc, words, edits)

    def _match_long_forms(self, doc: Doc, words: list[str], edits: EntityEdits) -> None:
        """The spelled-out name used elsewhere in the article, before or after its "(ACR)" definition."""
        forms = {(s.text.replace(".", ""), len(s)): s for s in edits.acronyms}
        taken = {t.i for s in edits.add for t in s}
        for (text, n), definition in sorted(forms.items()):
            label = next(
                (a.label_ for a in edits.add if (a.start, a.end) == (definition.start, definition.end)), "ORG"
            )
            last = definition[-1].text
            for k, word in enumerate(words):  # anchor on the last word: one cheap comparison per token
                i = k - n + 1
                if word != last or i < 0:
                    continue
                window = doc[i : i + n]
                if window.text.replace(".", "") == text and not any(t.i in taken for t in window):
                    edits.add.append(Span(doc, i, i + n, label=label))
                    taken |= {t.i for t in window}

    def _long_form(self, doc: Doc, paren: int, acronym: str) -> Span | None:
        """The capitalised words before "(ACR)" whose initials spell the acronym (or its tail)."""
        letters = acronym.rstrip("s").upper() if len(acronym) > 2 else acronym.upper()
        start = paren
        while start > 0 and paren - start < 8:
            prev = doc[start - 1]
            listed = prev.text == "," and start < paren and start > 1 and doc[start - 2].text[:1].isupper()
            if prev.text[:1].isupper() or (prev.lower_ in _CONNECTORS and start < paren) or listed:
                start -= 1  # "Vell, Brill, Tenney and Orme (VBTO)": a firm named after its partners
            else:
                break
        while start < paren and (doc[start].lower_ in _CONNECTORS or doc[start].text == ","):
            start += 1
        for s in range(start, paren):  # shortest suffix first is wrong: prefer the longest full match
            if doc[s].lower_ in _CONNECTORS or doc[s].text == ",":
                continue
            words = doc[s:paren]
            if letters in (_initials(words, True), _initials(words, False)):
                return doc[s:paren]
        caps = [t for t in doc[start:paren] if t.lower_ not in _CONNECTORS]
        if len(caps) >= 2 and letters.endswith(_initials(doc[start:paren], False)):
            return doc[start:paren]  # "Copper Resources (ACR)": a partial long form
        return None

    def _drop_false_entities(
        self, doc: Doc, ents: Sequence[Span], terms: list[Span], edits: EntityEdits
    ) -> None:
        covered = {t.i for s in terms if s.label_ in ("DEAL_TYPE", "TITLE") for t in s}
        for ent in ents:
            key = (ent.start, ent.end)
            first = ent[0].text
            if first in {"'s", "’s", "'", "’"} or ent.text in self.seat_nouns:
                edits.drop.add(key)  # "'s House": a fragment of a possessive
            elif sum(t.i in covered for t in ent) * 2 >= len(ent) and ent.label_ in _NAMEABLE:
                edits.drop.add(key)  # "MoU", "US Chargé", "PM Sharif": a deal word or a title, not a name

    def _match_bracketed(self, doc: Doc, words: list[str], edits: EntityEdits) -> None:
        """Wire copy writes an unlisted company in angle brackets ("<Halden Partners>"): an organisation,
        here and wherever the article repeats the same words."""
        names: dict[tuple[str, ...], int] = {}
        for k, word in enumerate(words):
            if word != "<":
                continue
            end = next((j for j in range(k + 1, min(k + 10, len(words))) if words[j] == ">"), None)
            inner = doc[k + 1 : end] if end else None
            if inner is None or len(inner) < 2 or not inner[0].text[:1].isupper():
                continue  # "<BOR>" is a ticker
            if all(t.text[:1].isupper() or t.lower_ in _CONNECTORS or t.is_punct for t in inner):
                edits.add.append(Span(doc, inner.start, inner.end, label="ORG"))
                names[tuple(t.text for t in inner)] = len(inner)
        taken = {t.i for s in edits.add for t in s}
        for name, n in names.items():
            for k, word in enumerate(words):
                i = k - n + 1
                if word != name[-1] or i < 0 or any(j in taken for j in range(i, k + 1)):
                    continue
                if tuple(words[i : k + 1]) == name:
                    edits.add.append(Span(doc, i, k + 1, label="ORG"))
                    taken |= set(range(i, k + 1))

    def _match_partnerships(self, doc: Doc, ents: Sequence[Span], edits: EntityEdits) -> None:
        """ "Standard and Poor's Corp": a firm named after two people; the model often keeps only the tail.

        The word before "and" joins only when it is no entity of its own (or is swallowed by a date), so two
        companies in a row ("Acme and Brill Corp") stay two.
        """
        ends = {e.end: e for e in ents if e.label_ in ("PERSON", "ORG")}
        for ent in ents:
            i = ent.start
            if ent.label_ != "ORG" or i < 2 or doc[i - 1].lower_ not in ("and", "&"):
                continue
            if ent[0].lower_ in _PARTNER_TAILS and i - 1 in ends:  # "Vell Brown and Sons Inc"
                edits.add.append(Span(doc, ends[i - 1].start, ent.end, label="ORG"))
                continue
            if not _is_legal_form(ent[-1].text):
                continue
            prev = doc[i - 2]
            if (
                prev.is_alpha
                and prev.text[:1].isupper()
                and prev.ent_type_ in ("", "DATE")
                and not prev.like_num
            ):
                edits.add.append(Span(doc, i - 2, ent.end, label="ORG"))

    def _match_partner_lists(
        self, doc: Doc, ents: Sequence[Span], words: list[str], edits: EntityEdits
    ) -> None:
        """ "Brill, Tenney and Kessel": a firm named after its partners, which the model tags word by word
        (a person, a product, an organisation). Three or more bare capitalised words in an "A, B and C" list
        are one organisation when some but not all are tagged ORG; a list of companies is tagged ORG
        throughout, a list of people is not tagged ORG at all."""
        for k in range(1, len(words) - 1):
            if words[k].lower() != "and":
                continue
            tok, last = doc[k], doc[k + 1]
            if not _bare_word(last):
                continue
            items, i = [last], tok.i - 1
            while i >= 0 and _bare_word(doc[i]):
                items.insert(0, doc[i])
                if i < 2 or doc[i - 1].text != ",":
                    break
                i -= 2
            labels = [t.ent_type_ for t in items]
            if len(items) < 3 or "ORG" not in labels or all(lab == "ORG" for lab in labels):
                continue
            end = last.i + 1
            if end < len(doc) and doc[end].is_alpha and _is_legal_form(doc[end].text):
                end += 1
            edits.add.append(Span(doc, items[0].i, end, label="ORG"))
            first = items[0]
            if first.ent_type_ == "DATE" and first.ent_iob_ != "B":  # "March 20 - Brill": keep the date
                date = next(e for e in ents if e.start < first.i < e.end)
                stop = first.i
                while stop > date.start and doc[stop - 1].is_punct:
                    stop -= 1
                edits.add.append(Span(doc, date.start, stop, label="DATE"))

    def _match_name_heads(
        self, doc: Doc, ents: Sequence[Span], terms: list[Span], edits: EntityEdits
    ) -> None:
        """ "Velmont Courier Corp" tagged "Courier Corp": the proper nouns the model left out before a name
        that ends in a legal form are its first words (they are compounds of the name's head)."""
        titled = {t.i for s in terms if s.label_ == "TITLE" for t in s}
        ends = {e.end: e for e in ents if e.label_ in ("ORG", "PERSON")}
        for ent in ents:
            last = ent[-2] if len(ent) > 2 and ent[-1].text in ("'s", "’s") else ent[-1]
            if ent.label_ not in ("ORG", "PERSON") or not _is_legal_form(last.text) or len(ent) < 2:
                continue
            if ent.start in ends:  # "Orlan Brill" + "Tenney Inc" written as one name: one organisation
                edits.add.append(Span(doc, ends[ent.start].start, ent.end, label="ORG"))
                continue
            i = ent.start
            while (
                i > 0
                and ent.start - i < 3
                and doc[i - 1].pos_ == "PROPN"
                and doc[i - 1].is_alpha
                and doc[i - 1].text[:1].isupper()
                and doc[i - 1].ent_type_ == ""
                and doc[i - 1].i not in titled
                and doc[i - 1].dep_ == "compound"
                and ent.start <= doc[i - 1].head.i < ent.end
            ):
                i -= 1
            if i < ent.start:
                edits.add.append(Span(doc, i, ent.end, label="ORG"))

    def _match_legal_form_tails(
        self, doc: Doc, ents: Sequence[Span], words: list[str], edits: EntityEdits
    ) -> None:
        """ "Velmont Pumper A/S", "Brill Tenney S.A": a legal form written after capitalised words makes them
        a company, whatever the model tagged (it splits "A/S" and often calls the words before it a person)."""
        taken = {t.i for s in edits.add for t in s}
        for k in range(1, len(words)):
            if not _may_start_legal_form(words, k):
                continue  # a cheap test on the word: tokens are built only where a legal form may start
            tok = doc[k]
            end = _legal_form_end(doc, tok.i)
            if end is None or tok.i in taken or not _name_word(doc[tok.i - 1]):
                continue
            start = tok.i - 1
            while start > 0 and tok.i - start < 6:
                if _name_word(doc[start - 1]):
                    start -= 1
                elif start > 1 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
                    start -= 2  # "Velmont-Brill Corp": a hyphenated name
                else:
                    break
            if start >= 2 and doc[start - 1].lower_ in _CONNECTORS and doc[start - 2].text[:1].isupper():
                continue  # "Monfort of Colorado Inc", "Tire and Rubber Co": the name starts further left
            if all(_is_legal_form(t.text) for t in doc[start : tok.i]):
                continue  # "Co Inc": no name before the legal form
            if any(
                e.label_ == "ORG" and e.start < start <= tok.i < e.end and _clean(e[: start - e.start])
                for e in ents
            ):
                continue  # the model has the company's name ("U.S. Halvane Corp", "Bank of Ostrava Co Inc")
            if doc[start].ent_type_ in ("", "ORG", "PERSON", "GPE", "NORP", "PRODUCT"):
                edits.add.append(Span(doc, start, end, label="ORG"))
                taken |= set(range(start, end))

    def _match_affiliations(self, doc: Doc, words: list[str], edits: EntityEdits) -> None:
        """ "analysts at Tessaly Grune": the proper nouns after "at" an occupation (a title head of
        ``titles.json``) works at name an organisation, when the model tagged nothing there."""
        heads = _one_word_title_heads()
        for k, word in enumerate(words):
            if word.lower() != "at":
                continue
            tok = doc[k]
            if tok.head.pos_ != "NOUN" or tok.head.lemma_.lower() not in heads:
                continue
            j = tok.i + 1
            while (
                j < len(doc)
                and j - tok.i <= 4
                and doc[j].pos_ == "PROPN"
                and doc[j].is_alpha
                and doc[j].text[:1].isupper()
                and doc[j].ent_type_ == ""
            ):
                j += 1
            if (
                j > tok.i + 1
                and doc[j - 1].dep_ == "pobj"
                and doc[j - 1].head.i == tok.i
                and not is_place(doc[tok.i + 1 : j].text)
            ):
                edits.add.append(Span(doc, tok.i + 1, j, label="ORG"))

    def _split_glued_speakers(self, doc: Doc, ents: Sequence[Span], edits: EntityEdits) -> None:
        """ "... a combined Velmont-Brill, Pace said": the model glues a speaker's family name to the name
        before the comma. Split when the last word is the family name of a person named in the article and
        it is the subject of the verb after the span."""
        families = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
        for ent in ents:
            commas = [t.i for t in ent if t.text == ","]
            if ent.label_ not in ("ORG", "PERSON") or not commas or ent.end >= len(doc):
                continue
            speaker = doc[commas[-1] + 1 : ent.end]
            if (
                len(speaker) == 1
                and speaker.text in families
                and speaker[0].dep_ == "nsubj"
                and doc[ent.end].pos_ == "VERB"
                and commas[-1] > ent.start
            ):
                edits.drop.add((ent.start, ent.end))
                edits.add += [
                    Span(doc, ent.start, commas[-1], label="ORG"),
                    Span(doc, speaker.start, speaker.end, label="PERSON"),
                ]

    def _match_untagged_companies(
        self, doc: Doc, words: list[str], terms: list[Span], edits: EntityEdits
    ) -> None:
        """A name the model left untagged is a company when a word for a company stands right before it
        ("its state rail company Estvane") or "which is based in" follows it ("Estvane, which is based
        in Y")."""
        nouns = self.org_nouns | self.firm_nouns
        taken = {t.i for s in edits.add for t in s} | {t.i for s in terms for t in s}  # titles are no names
        for k, word in enumerate(words[:-1]):
            if word in nouns and doc[k].pos_ == "NOUN" and not _names_people(doc[k].lemma_.lower()):
                span = _untagged_name(doc, k + 1)
            elif word == "," and k + 3 < len(words) and words[k + 1] == "which" and words[k + 3] in _SEATS:
                span = _untagged_name_before(doc, k)
            else:
                continue
            if span is None or any(t.text in self.org_suffixes or t.text in self.seat_nouns for t in span):
                continue  # "the company Board": a word for a body, not a name
            if all(_is_legal_form(t.text) for t in span):
                continue  # "the company PT Velmara": a legal form before a name the model has
            if not taken & set(range(span.start, span.end)) and not is_place(span.text):
                edits.add.append(span)
                taken |= set(range(span.start, span.end))

    def _split_place_and_person(
        self, doc: Doc, ents: Sequence[Span], words: list[str], edits: EntityEdits
    ) -> None:
        """ "the Minister of Republic of Varnova Ilse Dorran": translated copy writes the state right before
        the name, and the model runs them together or misses the name. A given name and a family name the
        article tags as a person elsewhere, after a word it tags as a place elsewhere, are a person."""
        families = {e[-1].text for e in ents if e.label_ == "PERSON"}
        places = {t.text for e in ents if e.label_ == "GPE" for t in e if t.text[:1].isupper()}
        if not families or not places:
            return
        taken = {t.i for s in edits.add for t in s}
        for k in range(2, len(words)):
            if words[k] not in families or words[k - 2] not in places:
                continue
            tok = doc[k]
            given, place = doc[k - 1], doc[k - 2]
            if k in taken or k - 1 in taken:
                continue
            if not (given.pos_ == "PROPN" and given.is_alpha and given.text[:1].isupper()):
                continue
            if given.ent_type_ == "PERSON" and given.ent_iob_ == "B":
                continue  # the model already starts the person at the given name
            edits.add.append(Span(doc, given.i, tok.i + 1, label="PERSON"))
            ent = next((e for e in ents if e.start <= place.i < e.end), None)
            start = ent.start if ent is not None and ent.start < place.i else place.i
            while start < place.i and not doc[start].text[:1].isupper():
                start += 1  # "the Republic of X": the article is no part of the name
            edits.add.append(Span(doc, start, place.i + 1, label="GPE"))
            taken |= set(range(start, tok.i + 1))

    def _drop_junk(self, doc: Doc, ents: Sequence[Span], words: list[str], edits: EntityEdits) -> None:
        """Datelines, credits, tickers, flags, handles, common words and fragments are not names."""
        edits.tickers = _tickers(doc, words)
        zone = _dateline_tokens(doc, words)
        agencies = {doc[i].text for i in zone if doc[i - 1].text == "(" and doc[i + 1].text == ")"}
        # a word written in lower case somewhere, and never capitalised inside a sentence, is a common word
        tokens = list(doc)
        names = {t.lower_ for t in tokens if not t.is_sent_start and t.text[:1].isupper()}
        lower_words = {t.lower_ for t in tokens if t.is_lower}
        lower_words |= {t.lower_ for t in tokens if t.is_sent_start and t.pos_ not in ("PROPN", "X")}
        lower_words -= names
        symbols = {t.i for span in edits.tickers for t in span}
        for ent in ents:
            key = (ent.start, ent.end)
            if key in edits.drop or ent.label_ not in _NAMEABLE:
                continue
            reason = junk_reason(ent, zone, agencies, lower_words, symbols)
            if reason == "ticker" and ent[0].i not in symbols:
                edits.drop.add(key)  # "Velmont Group <VLMA": the name before the symbol stays
                cut = next(t.i for t in ent if t.i in symbols)
                edits.add.append(Span(doc, ent.start, cut, label=ent.label_))
            elif reason == "trim_end":
                edits.drop.add(key)
                edits.add.append(Span(doc, ent.start, ent.end - 1, label=ent.label_))
            elif reason == "trim":
                edits.drop.add(key)
                trimmed = _trim_leading(ent)
                if trimmed is not None:
                    edits.add.append(Span(doc, trimmed.start, trimmed.end, label=ent.label_))
            elif reason:
                edits.drop.add(key)
                if reason == "dateline" and ent.label_ in ("GPE", "LOC", "ORG"):
                    edits.datelines.append(ent)

    def _relabel(self, doc: Doc, ents: Sequence[Span], edits: EntityEdits) -> None:
        gpe_tokens = {t.i for e in ents if e.label_ == "GPE" for t in e}
        for ent in ents:
            key = (ent.start, ent.end)
            if key in edits.drop:
                continue
            if (
                self._region_abbreviation(doc, ent)
                or self._city_of_region(doc, ents, ent)
                or self.lexicon.region_country(ent.text)
                or (
                    ent.label_ in ("PERSON", "NORP")
                    and ent.root.dep_ == "conj"
                    and ent.root.head.i in gpe_tokens
                )
            ):
                edits.relabel[key] = "GPE"  # "Sindh, Punjab, and Khyber Pakhtunkhwa"
            elif (
                ent.label_ in ("PERSON", "GPE", "NORP", "PRODUCT")
                and (
                    ent[-1].text in self.org_suffixes
                    or self._org_apposition(doc, ent)
                    or _owned_brand(doc, ent)
                )
                and not self.lexicon.country_of(ent.text)
            ):
                edits.relabel[key] = "ORG"  # "... Gold", "X, a global engineering firm"
            elif (
                ent.label_ in ("PERSON", "GPE", "NORP")
                and not is_place(ent.text)
                and self._org_descriptor(doc, ent)
            ):
                edits.relabel[key] = "ORG"  # "the Swiss group X", "Ostrava-based X", "its state company, X"
            elif (
                ent.label_ in ("PERSON", "ORG", "NORP")
                and ent[-1].text not in self.org_suffixes
                and _place_descriptor(doc, ent)
            ):
                edits.relabel[key] = "GPE"  # "the port of X", "X's mayor"
            elif ent.label_ == "ORG" and self._facility_apposition(doc, ent):
                edits.relabel[key] = "FAC"  # "X, a 40-km pipeline"

    def _region_abbreviation(self, doc: Doc, ent: Span) -> bool:
        """ "Brannock, Conn.": the state written short after a city, tagged ORG or PERSON by the model."""
        if (
            ent.label_ not in ("ORG", "PERSON", "NORP", "GPE")
            or ent.start == 0
            or doc[ent.start - 1].text != ","
        ):
            return False
        abbreviations = self.lexicon.region_abbreviations
        return ent.text in abbreviations or ent.text + "." in abbreviations

    def _city_of_region(self, doc: Doc, ents: Sequence[Span], ent: Span) -> bool:
        """ "Brannock, Pennsylvania" / "Brannock, Pa.": a name followed by its state is a city."""
        i = ent.end
        if ent.label_ not in ("ORG", "PERSON", "NORP") or i + 1 >= len(doc):
            return False
        if doc[i].text == "-based" or (doc[i].text == "-" and doc[i + 1].lower_ == "based"):
            return True  # "Brannock-based": only a place is a base
        if doc[i].text != ",":
            return False
        nxt = doc[i + 1]
        if _STATE_ABBREVIATION.match(nxt.text) and not _is_legal_form(nxt.text.split("-")[0]):
            return True  # "Brannock, Pa." / "Brannock, Pa.-based"
        if nxt.ent_iob_ != "B" or nxt.ent_type_ != "GPE":
            return False
        region = next(e for e in ents if e.start == nxt.i)
        return self.lexicon.region_country(region.text) is not None

    def _org_descriptor(self, doc: Doc, ent: Span) -> bool:
        """A word for a company written right before the name ("the Swiss group X", "state producer X"), a
        "Y-based" before it (only a firm has a base; a person's name needs the company word), the name in
        apposition to such a word ("its state company, X"), or a country's name coordinated with a company.
        A person may be "investor X": for a PERSON the word must be one that never names people ("group",
        "maker", "utility"; not "investor", "producer")."""
        nouns = self.org_nouns | self.firm_nouns
        root = ent.root
        if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN":
            head = root.head.lemma_.lower()
            if head in nouns and (ent.label_ != "PERSON" or not _names_people(head)):
                return True
        if root.dep_ == "conj" and root.head.ent_type_ == "ORG" and self._country_owned(root):
            return True  # "Velmont Ltd and Japan's Hoshiro Denki signed": a company beside a company
        for clause in (c for c in root.children if c.dep_ == "relcl" and c.lemma_.lower() in _SEAT_VERBS):
            if any(c.lower_ == "which" and c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
                return True  # "X, which is based in Y": not a person, and only a firm has a base
        if ent.start == 0:
            return False
        prev = doc[ent.start - 1]
        if prev.pos_ == "NOUN" and prev.is_lower and prev.lemma_.lower() in nouns:
            if ent.label_ != "PERSON":
                return True
            # a person's name needs the word as its modifier (or as a bare label, "battery maker X"): not
            # "the company Ann Lee founded", where the word is a noun phrase of its own
            own = prev.dep_ == "compound" and prev.head.i in range(ent.start, ent.end)
            bare = not any(c.dep_ == "det" for c in prev.children)
            return not _names_people(prev.lemma_.lower()) and (own or bare)
        based = prev.lower_ == "based" or prev.lower_.endswith("-based")
        return based and ent.label_ == "GPE" and ent.start >= 2  # "Y-based Swedish financier": a NORP stays

    def _country_owned(self, root: Token) -> bool:
        """ "Japan's X": the name is owned by a country (a possessive the gazetteer knows)."""
        return any(c.dep_ == "poss" and self.lexicon.country_of(c.text) for c in root.children)

    def _facility_apposition(self, doc: Doc, ent: Span) -> bool:
        """ "X, a 212-km subsea pipeline": the apposition names a facility, so X is one."""
        i = ent.end
        if i >= len(doc) or doc[i].text != "," or _is_legal_form(ent[-1].text):
            return False
        heads = {h for h in self.lexicon.facility_heads if " " not in h}
        for tok in doc[i + 1 : i + 7]:
            if tok.pos_ in ("VERB", "AUX") or tok.text in (",", ";", "(", ")"):
                return False
            appos = tok if tok.dep_ == "appos" else tok.head if tok.dep_ == "compound" else None
            if tok.pos_ != "NOUN" or appos is None or appos.dep_ != "appos":
                continue
            if appos.head.i in range(ent.start, ent.end) and tok.lemma_.lower() in heads:
                return True  # the apposition's head, or its compound ("a pipeline landing at Y", misparsed)
        return False

    def _org_apposition(self, doc: Doc, ent: Span) -> bool:
        """ "X, a/another ... firm": the apposition names what X is."""
        i = ent.end
        if i >= len(doc) or doc[i].text != ",":
            return False
        for tok in doc[i + 1 : i + 7]:
            if tok.is_punct or tok.pos_ in ("VERB", "AUX"):
                return False  # "Vell, said the fund": a clause follows the name, not an apposition
            if tok.lemma_.lower() in self.org_nouns or tok.lower_ in self.org_nouns:
                return True
        return False

    # ------------------------------------------------------------------ writing

    def set_annotations(self, doc: Doc, edits: EntityEdits) -> None:
        kept: list[Span] = []
        for ent in doc.ents:
            key = (ent.start, ent.end)
            if key in edits.drop:
                continue
            kept.append(Span(doc, ent.start, ent.end, label=edits.relabel.get(key, ent.label_)))
        ours = filter_spans(edits.add)
        taken = {t.i for s in ours for t in s}
        merged = ours + [s for s in kept if not any(t.i in taken for t in s)]
        doc.set_ents(sorted(merged, key=lambda s: s.start))
        doc.spans[TITLES_KEY] = edits.titles
        doc.spans[ACRONYMS_KEY] = edits.acronyms
        doc.spans[TICKERS_KEY] = edits.tickers
        doc.spans[DATELINES_KEY] = edits.datelines


@lru_cache(maxsize=1)
def _one_word_title_heads() -> frozenset[str]:
    from dealclaims.titles import load_title_grammar

    return frozenset(h[0] for h in load_title_grammar().heads if len(h) == 1)


def _bare_word(tok: Token) -> bool:
    """One capitalised word that is no place and no part of a longer name (a partner's family name)."""
    if not (tok.is_alpha and tok.text[:1].isupper() and tok.pos_ == "PROPN"):
        return False
    if tok.ent_type_ in ("GPE", "LOC", "NORP", "FAC"):
        return False
    if tok.ent_type_ in ("PERSON", "PRODUCT"):
        return tok.ent_iob_ == "B" and (tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I")
    return True


# Nouns for a town or a region that name one in "the port of X" (closed class).
_PLACE_NOUNS = frozenset(
    {"city", "town", "village", "port", "province", "county", "region", "island", "municipality", "district"}
)


def _place_descriptor(doc: Doc, ent: Span) -> bool:
    """ "the port of X", "the town of X", "X's mayor", "based in X": the words around the name say it is a
    place."""
    if ent.start >= 2 and doc[ent.start - 1].lower_ == "of":
        noun = doc[ent.start - 2]
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in _PLACE_NOUNS:
            return True
    root = ent.root
    if (
        root.dep_ == "pobj"
        and root.head.lower_ == "in"
        and root.head.head.lower_ in ("based", "headquartered")
    ):
        return True  # "headquartered in X": only a place is a seat
    j = ent.end
    return j + 1 < len(doc) and doc[j].text in ("'s", "’s") and doc[j + 1].lemma_.lower() == "mayor"


_SEAT_VERBS = frozenset({"base", "headquarter"})
_SEATS = frozenset({"based", "headquartered"})


def _untagged_name(doc: Doc, i: int) -> Span | None:
    """The run of capitalised proper nouns no entity covers, starting at ``i`` (one to four words), as ORG."""
    j = i
    while j < len(doc) and j - i < 4 and _bare_name_token(doc[j]):
        j += 1
    return Span(doc, i, j, label="ORG") if j > i else None


def _untagged_name_before(doc: Doc, end: int) -> Span | None:
    """The run of capitalised proper nouns no entity covers, ending just before ``end``, as ORG (it may open
    the sentence)."""
    i = end
    while i > 0 and end - i < 4 and _bare_name_token(doc[i - 1], sentence_start=True):
        i -= 1
    return Span(doc, i, end, label="ORG") if i < end else None


def _bare_name_token(tok: Token, sentence_start: bool = False) -> bool:
    """A capitalised word that no entity covers (the model may call an unknown name a noun), inside the
    sentence unless ``sentence_start``."""
    return (
        tok.pos_ in ("PROPN", "NOUN")
        and tok.is_alpha
        and tok.text[:1].isupper()
        and (sentence_start or not tok.is_sent_start)
        and tok.ent_type_ == ""
    )


def _names_people(noun: str) -> bool:
    """A word for a company that may also name a person before a name ("investor X", "producer X"); "maker",
    "miner" or "group" before a name are said of companies."""
    return noun in _PERSON_CAPABLE


# Words for a company that also name people (closed class): before a PERSON name they prove nothing.
_PERSON_CAPABLE = frozenset(
    {"investor", "developer", "contractor", "operator", "supplier", "producer", "trader", "financier"}
)


def _name_word(tok: Token) -> bool:
    """A capitalised word that can be part of a company's name (no possessive, no sentence-initial article),
    or an initial ("John S. Herold Inc")."""
    if len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == ".":
        return True
    return (
        tok.is_alpha
        and tok.text[:1].isupper()
        and tok.pos_ in ("PROPN", "NOUN", "ADJ", "X")
        and tok.ent_type_ not in _NOT_NAME_LABELS
    )


_NOT_NAME_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"}


def _clean(ent: Span) -> bool:
    """A span with no bracket, comma or quote inside: part of the model's span of one name, not of a phrase
    ("Agreement, Velmont Gas Company" is a phrase before the name)."""
    return not any(t.text in _PHRASE_PUNCT for t in ent)


_PHRASE_PUNCT = frozenset({",", "(", ")", "<", ">", ":", ";", '"', "[", "]"})


def _may_start_legal_form(words: list[str], k: int) -> bool:
    """Whether a legal form may start at word ``k``: a capitalised legal form, or a capital glued to "/",
    "." or "&" ("A/S", "S.p.A")."""
    word = words[k]
    if not word[:1].isupper():
        return False
    return _is_legal_form(word) or (k + 1 < len(words) and words[k + 1] in ("/", ".", "&"))


def _legal_form_end(doc: Doc, i: int) -> int | None:
    """The end of a legal form written from token ``i``: one capitalised word ("AS", "Inc.") or up to five
    tokens written without spaces ("A/S", "S.p.A"); None when no legal form starts there."""
    if doc[i - 1].whitespace_ == "" or not doc[i].text[:1].isupper():
        return None
    text, best = "", None
    for j in range(i, min(i + 5, len(doc))):
        if doc[j].is_punct and doc[j].text not in ("/", ".", "&"):
            break
        if doc[j].text == "." and best == j and (doc[j].whitespace_ or j + 1 == len(doc)):
            break  # "Velmont Mining Limited.": the sentence's full stop
        text += doc[j].text
        if _is_legal_form(text) and (j > i or doc[i].pos_ in ("PROPN", "NOUN", "X")):
            best = j + 1
        if doc[j].whitespace_:
            break
    if best is not None and best < len(doc):
        after = doc[best]
        if not doc[best - 1].whitespace_ and (after.is_alpha or after.text == "-"):
            return None  # "Co-operation": a word, not a legal form
        if after.lower_ == "of" and best + 1 < len(doc) and doc[best + 1].text[:1].isupper():
            return None  # "Company of Ostrava": the name goes on
    return best


def _owned_brand(doc: Doc, ent: Span) -> bool:
    """ "its Quorra outlets", "their Vellam stores": a name an organisation owns, modifying a common noun."""
    return (
        ent.start > 0
        and doc[ent.start - 1].lower_ in ("its", "their")
        and ent.root.dep_ == "compound"
        and ent.root.head.pos_ == "NOUN"
        and ent.root.head.is_lower
    )


def _is_particle(doc: Doc, i: int) -> bool:
    """A lower-case particle of a family name ("von", "de", "van der"), from nameparser's list."""
    return i + 1 < len(doc) and doc[i].is_lower and doc[i].text in _name_particles()


@lru_cache(maxsize=1)
def _name_particles() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(str(p) for p in CONSTANTS.prefixes if str(p).isalpha())


def _initials(words: Span, with_connectors: bool) -> str:
    out = []
    for tok in words:
        if tok.text == ",":
            continue
        if tok.lower_ in _CONNECTORS:
            if with_connectors and tok.is_alpha:
                out.append(tok.text[0].upper())
            continue
        letters = tok.text.replace(".", "")
        if letters.isalpha() and (letters.isupper() and len(letters) <= 3 or "." in tok.text):
            out.append(letters.upper())  # "U.S." / "US" -> "US"
        elif "-" not in tok.text:
            out.append(tok.text[0].upper())
    return "".join(out)
