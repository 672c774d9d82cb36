"""Load stage: files -> ``Article``s (discover, read, decode, check the language, normalise, split blocks)."""

from __future__ import annotations

from dealclaims.load.blocks import split_blocks
from dealclaims.load.decode import clean_text, decode_bytes
from dealclaims.load.discover import STDIN, discover_paths
from dealclaims.load.language import check_english, looks_like_html, other_language
from dealclaims.load.normalise import normalize_text
from dealclaims.load.read import (
    article_from_bytes,
    load_articles,
    read_article,
    read_articles,
    read_text_file,
)

__all__ = [
    "STDIN",
    "article_from_bytes",
    "check_english",
    "clean_text",
    "decode_bytes",
    "discover_paths",
    "load_articles",
    "looks_like_html",
    "normalize_text",
    "other_language",
    "read_article",
    "read_articles",
    "read_text_file",
    "split_blocks",
]
