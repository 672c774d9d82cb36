"""The library entry point: paths in, Report out. Composes load -> extract -> resolve -> reconcile."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import NoArticlesFound
from .extract import extract_article
from .load import discover_paths, load_articles
from .models import Article, DocumentInfo, Entity, Extraction, Fact, Report, Settings, Skipped
from .nlp import build_nlp
from .reconcile import reconcile
from .resolve import resolve_claims, resolve_entities

if TYPE_CHECKING:
    from spacy.language import Language


def build_report(inputs: Sequence[str | Path], settings: Settings | None = None) -> Report:
    """Read every article under ``inputs`` and reconcile them into one Report.

    Raises ``NoArticlesFound`` when nothing usable was read; a bad file is listed in ``Report.skipped`` and
    the others are still reported.
    """
    settings = settings or Settings()
    paths, skipped = discover_paths(inputs)
    articles, unreadable = load_articles(paths, settings)
    skipped = sorted([*skipped, *unreadable], key=lambda s: s.path)
    if not articles:
        raise NoArticlesFound("no readable article in " + ", ".join(str(i) for i in inputs))
    articles = sorted(articles, key=lambda a: (a.id, a.path))
    extractions = extract_all(articles, build_nlp(settings), settings)
    return assemble_report(articles, extractions, skipped, settings)


def extract_all(articles: list[Article], nlp: "Language", settings: Settings) -> list[Extraction]:
    """Parse and extract every article; a crash in one article becomes a warning on that article."""
    out: list[Extraction] = []
    docs = nlp.pipe((a.body for a in articles), batch_size=settings.batch_size)
    for article in articles:
        try:
            out.append(extract_article(next(docs), article))
        except Exception as err:  # noqa: BLE001  one article must never lose the others' results
            out.append(Extraction(article_id=article.id, warnings=[f"extraction failed: {type(err).__name__}: {err}"]))
            docs = nlp.pipe((a.body for a in articles[len(out) :]), batch_size=settings.batch_size)
    return out


def assemble_report(
    articles: list[Article], extractions: list[Extraction], skipped: list[Skipped], settings: Settings
) -> Report:
    """Resolve, reconcile and package the results of extraction."""
    index = resolve_entities(extractions, settings)
    claims = resolve_claims((c for ex in extractions for c in ex.claims), index)
    facts, conflicts = reconcile(claims, settings)
    warnings = {ex.article_id: ex.warnings for ex in extractions}
    documents = [
        DocumentInfo(
            id=a.id, path=a.path, title=a.title, byline=a.byline, chars=len(a.text), sha256=a.sha256,
            warnings=[*a.warnings, *warnings.get(a.id, [])],
        )
        for a in articles
    ]
    entities = sorted(index.entities.values(), key=lambda e: e.id)
    consensus = [f for f in facts if f.support >= 2]
    return Report(
        headline=make_headline(facts, entities),
        documents=documents,
        skipped=skipped,
        entities=entities,
        facts=consensus,
        conflicts=conflicts,
        single_source=[f for f in facts if f.support < 2],
    )


def make_headline(facts: Iterable[Fact], entities: list[Entity]) -> str:
    """The deal in one line, from the best-supported fact of each headline slot."""
    names = {e.id: e.name for e in entities}
    best: dict[str, Fact] = {}
    for f in facts:
        if f.slot not in best or f.support > best[f.slot].support:
            best[f.slot] = f
    parts = []
    if "deal.type" in best:
        kind = str(best["deal.type"].value)
        parties = best.get("deal.parties") or best.get("deal.countries")
        who = " and ".join(names.get(p, p) for p in parties.value) if parties else ""
        parts.append(f"{kind[:1].upper()}{kind[1:]}" + (f" between {who}" if who else ""))
    if "deal.value" in best:
        v = best["deal.value"].value
        parts.append(f"{v['currency']} {v['amount']:,}")
    if "deal.date" in best:
        parts.append(f"signed {best['deal.date'].text}")
    if "deal.location" in best:
        parts.append("at " + ", ".join(best["deal.location"].value))
    return " · ".join(parts) or "No deal found"
