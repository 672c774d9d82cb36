"""Stable ids: the same inputs give the same id in every run, so reports diff cleanly and caches hold."""

from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: object) -> str:
    """``prefix-`` and 10 hex digits of the SHA-1 of the parts joined by ``|`` (``c-``, ``f-``, ``x-``, ``o-``)."""
    return f"{prefix}-" + hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:10]
