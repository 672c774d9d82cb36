"""dealclaims: reconcile several news articles about one deal.

Library use (the CLI is a thin shell over this)::

    from dealclaims import build_report, Settings
    report = build_report(["seeds/"], Settings())
    report.facts, report.conflicts, report.entities
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dealclaims.errors import DealclaimsError, ModelNotInstalled, NoArticlesFound, UnreadableArticle

__version__ = "0.1.0"

__all__ = [
    "Conflict",
    "DealclaimsError",
    "Entity",
    "Evidence",
    "Fact",
    "ModelNotInstalled",
    "NoArticlesFound",
    "Origin",
    "Passage",
    "Report",
    "Settings",
    "UnreadableArticle",
    "Variant",
    "__version__",
    "build_report",
    "reconcile",
]

_MODELS = {"Conflict", "Entity", "Evidence", "Fact", "Origin", "Passage", "Report", "Settings", "Variant"}

if TYPE_CHECKING:
    from dealclaims.models import Conflict, Entity, Evidence, Fact, Origin, Passage, Report, Settings, Variant
    from dealclaims.pipeline import build_report


def __getattr__(name: str) -> Any:
    # Imported lazily: the pipeline pulls in spaCy and the models pydantic, which `dealclaims --help`
    # must not pay for.
    if name == "build_report":
        from dealclaims.pipeline import build_report

        return build_report
    if name in _MODELS:
        from dealclaims import models

        return getattr(models, name)
    raise AttributeError(name)


def reconcile(
    paths: str | Path | Sequence[str | Path],
    *,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> Report:
    """Read the articles under ``paths`` and reconcile them: the notebook-friendly ``build_report``.

    ``options`` are ``Settings`` fields (``model="..."``, ``claim_similarity=85``...); an unknown name is a
    ``TypeError``, as for any misspelt keyword. ``progress(done, total)`` is called as articles are parsed.
    """
    from dealclaims.models import Settings

    unknown = sorted(set(options) - set(Settings.model_fields))
    if unknown:
        raise TypeError(f"reconcile() got unknown option(s) {', '.join(unknown)}; see dealclaims.Settings")
    from dealclaims.pipeline import build_report

    inputs = [paths] if isinstance(paths, (str, Path)) else list(paths)
    settings = Settings(**options)
    return build_report(inputs, settings, progress=progress)
