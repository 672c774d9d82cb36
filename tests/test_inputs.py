"""inputs.py and dates.py (pure), and the loader routing front matter, HTML and JSON records through them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dealclaims.dates import normalise_date, resolve_date
from dealclaims.errors import UnreadableArticle
from dealclaims.load import load_articles, read_article, read_articles
from dealclaims.load.records import (
    mask_front_matter,
    metadata_from,
    parse_records,
    record_document,
    record_id,
    split_front_matter,
)

FRONT = """---
outlet: The Harbour Courier
url: "https://courier.example/deal"
published: 2031-03-12
author: Jane Roe
title: Northwind and Keld sign a deal
---
Northwind and Keld sign a deal

OSLO: Northwind Mining and Keld Metals signed a memorandum of understanding on Monday, the companies said.
"""

BODY = (
    "Northwind Mining and Keld Metals signed a memorandum of understanding on Monday in Oslo, the companies "
    "said in a joint statement issued after the ceremony at the harbour office."
)


# ---------------------------------------------------------------- front matter


def test_front_matter_is_read_and_ends_after_the_closing_line() -> None:
    front = split_front_matter(FRONT)
    assert front is not None
    assert front.metadata.outlet == "The Harbour Courier"
    assert front.metadata.url == "https://courier.example/deal"
    assert front.metadata.published == "2031-03-12"
    assert front.metadata.author == "Jane Roe"
    assert FRONT[front.end :].startswith("Northwind and Keld sign a deal")


@pytest.mark.parametrize(
    "text",
    [
        "No front matter here.\n",
        "---\nJust a rule, then prose.\n---\n",
        "---\ntitle: never closed\n\nBody.\n",
    ],
)
def test_no_front_matter(text: str) -> None:
    assert split_front_matter(text) is None


def test_masking_keeps_length_and_line_breaks() -> None:
    front = split_front_matter(FRONT)
    assert front is not None
    masked = mask_front_matter(FRONT, front.end)
    assert len(masked) == len(FRONT) and masked.count("\n") == FRONT.count("\n")
    assert masked[front.end :] == FRONT[front.end :] and not masked[: front.end].strip()


def test_loader_keeps_front_matter_out_of_the_body_with_exact_offsets(tmp_path: Path) -> None:
    path = tmp_path / "courier.md"
    path.write_text(FRONT, encoding="utf-8")
    article = read_article(path)
    assert (article.outlet, article.published, article.author) == (
        "The Harbour Courier",
        "2031-03-12",
        "Jane Roe",
    )
    assert article.title == "Northwind and Keld sign a deal"
    assert article.blocks[0].kind == "front_matter"
    assert "outlet" not in article.body and article.body.startswith("Northwind Mining")
    start = article.body.index("Monday")
    assert article.text[slice(*article.to_text_span(start, start + 6))] == "Monday"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday", "2031-03-10"),  # 2031-03-12 is a Wednesday
        ("on Monday", "2031-03-10"),
        ("Wednesday", "2031-03-12"),
        ("last Wednesday", "2031-03-05"),
        ("next Monday", "2031-03-17"),
        ("today", "2031-03-12"),
        ("yesterday", "2031-03-11"),
        ("last month", "2031-02"),
        ("earlier this month", "2031-03"),
        ("last year", "2030"),
        ("March 3", "2031-03-03"),
        ("Sept. 8, 2030", "2030-09-08"),
        ("3 March", "2031-03-03"),
        ("the past decade", None),
        ("February 30", None),
    ],
)
def test_resolve_date(text: str, expected: str | None) -> None:
    assert resolve_date(text, "2031-03-12") == expected


def test_resolve_date_needs_a_publication_date() -> None:
    assert resolve_date("Monday", None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2031-03-12T09:30:00+05:00", "2031-03-12"),
        ("2031-03-12 09:30:00", "2031-03-12"),
        ("March 12, 2031", "2031-03-12"),
        ("12 March 2031", "2031-03-12"),
        ("soon", None),
        ("", None),
    ],
)
def test_normalise_date(value: str, expected: str | None) -> None:
    assert normalise_date(value) == expected


# ---------------------------------------------------------------- JSON records


def test_metadata_accepts_news_please_and_trafilatura_keys() -> None:
    please = metadata_from(
        {
            "source_domain": "courier.example",
            "date_publish": "2031-03-12 08:00:00",
            "authors": ["Jane Roe", "Sam Poe"],
        }
    )
    assert (please.outlet, please.published, please.author) == (
        "courier.example",
        "2031-03-12",
        "Jane Roe, Sam Poe",
    )
    trafi = metadata_from({"sitename": "The Courier", "date": "2031-03-12", "hostname": "courier.example"})
    assert (trafi.outlet, trafi.published) == ("The Courier", "2031-03-12")


def test_record_text_leads_with_its_title() -> None:
    text, meta = record_document({"title": "Deal signed", "maintext": BODY, "url": "https://x.example/a"})
    assert text == f"Deal signed\n\n{BODY}" and meta.url == "https://x.example/a"
    assert record_document({"title": "No text"})[0] is None


def test_records_from_json_and_jsonl() -> None:
    assert parse_records('{"text": "a"}', ".json") == [{"text": "a"}]
    assert parse_records('[{"text": "a"}, {"text": "b"}]', ".json") == [{"text": "a"}, {"text": "b"}]
    assert parse_records('{"text": "a"}\n\n{"text": "b"}\n', ".jsonl") == [{"text": "a"}, {"text": "b"}]
    with pytest.raises(ValueError, match="line 2"):
        parse_records('{"text": "a"}\n{oops\n', ".jsonl")
    with pytest.raises(ValueError, match="not a JSON object"):
        parse_records("[1, 2]", ".json")


@pytest.mark.parametrize(
    ("record", "expected"), [({"id": "wire-7"}, "wire-7"), ({"id": "a b/c"}, "feed-3"), ({}, "feed-3")]
)
def test_record_ids(record: dict[str, str], expected: str) -> None:
    assert record_id(record, "feed", 3) == expected


def test_a_jsonl_file_gives_one_article_per_record(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    records = [
        {
            "title": "Deal signed",
            "maintext": BODY,
            "source_domain": "courier.example",
            "date_publish": "2031-03-12",
        },
        {"title": "Another view", "text": BODY.replace("Oslo", "Bergen"), "sitename": "Fjord Post"},
        {"title": "Empty"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    articles, skipped = load_articles([path])
    assert [a.id for a in articles] == ["feed-1", "feed-2"] and not skipped
    assert [a.outlet for a in articles] == ["courier.example", "Fjord Post"]
    assert articles[0].published == "2031-03-12" and articles[0].title == "Deal signed"
    assert "records without text skipped: 3" in articles[0].warnings


def test_malformed_json_is_skipped_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    articles, skipped = load_articles([path])
    assert not articles and skipped[0].reason.startswith("not valid JSON")


# ---------------------------------------------------------------- HTML


PAGE = f"""<!DOCTYPE html><html><head><title>Deal signed | The Courier</title>
<meta property="og:site_name" content="The Courier"><meta name="author" content="Jane Roe">
<link rel="canonical" href="https://courier.example/deal"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Deal signed</h1>
<p>{BODY}</p><p>The agreement is worth about $200 million in its first phase, according to a statement
from Northwind Mining issued after the ceremony.</p></article><footer>Copyright 2031 The Courier</footer></body></html>"""


def test_html_page_gives_the_article_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "courier.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read_articles(path)
    assert (
        article.id == "courier"
        and article.outlet == "The Courier"
        and article.url == "https://courier.example/deal"
    )
    assert BODY in article.text and "Home" not in article.text and "Copyright" not in article.text
    assert article.title == "Deal signed"


def test_html_without_an_article_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text("<html><head><title>Index</title></head><body></body></html>", encoding="utf-8")
    with pytest.raises(UnreadableArticle, match="no article text"):
        read_article(path)
