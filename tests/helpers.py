"""Helpers shared by the test modules (claims built by hand, figures and seats read from a parsed sentence)."""

from __future__ import annotations

from typing import Any

from dealclaims.consensus.amounts import _value_conflicts
from dealclaims.extract import extract_article
from dealclaims.load import article_from_bytes
from dealclaims.models import Claim, Evidence, Qualifier


def money_claim(
    source: str,
    amount: float,
    published: str | None,
    *quals: tuple[str, str],
    slot: str = "deal.price_per_share",
    currency: str = "USD",
    company: str | None = None,
) -> Claim:
    """A money claim of ``source`` with qualifiers given as (kind, value) pairs."""
    return Claim(
        slot=slot,
        value={"amount": amount, "currency": currency},
        value_kind="money",
        text=f"{amount} dlrs",
        qualifiers=[Qualifier(kind=k, value=v, text=v) for k, v in quals],  # type: ignore[arg-type]
        source=source,
        evidence=Evidence(source=source, text="x", start=0, end=1),
        published=published,
        company=company,
    )


def conflict_kinds(slot: str, cls: list[list[Claim]]) -> list[str]:
    """The kinds of the figure conflicts of one block of clusters, sorted."""
    return sorted(c.kind for c in _value_conflicts(slot, None, cls))


def figure_claims(nlp: Any, text: str) -> list[Claim]:
    """The figure claims (not changes) extracted from ``text`` as one article."""
    article = article_from_bytes(text.encode(), path="note.txt")
    claims = extract_article(nlp(article.body), article).claims
    return [c for c in claims if c.value_kind != "change" and isinstance(c.value, dict)]


def hq_claims(nlp: Any, body: str) -> dict[str, str]:
    """org.hq of ``body`` as one article: organisation -> seat."""
    article = article_from_bytes(f"{body}\n".encode(), path="orgs.txt")
    claims = extract_article(nlp(article.body), article).claims
    return {str(c.subject): str(c.value) for c in claims if c.slot == "org.hq"}
