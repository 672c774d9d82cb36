"""dealclaims: reconcile several news articles about one deal.

Library use (the CLI is a thin shell over this)::

    from dealclaims import build_report, Settings
    report = build_report(["seeds/"], Settings())
    report.facts, report.conflicts, report.entities
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import DealclaimsError, ModelNotInstalled, NoArticlesFound, UnreadableArticle
from .models import Conflict, Entity, Evidence, Fact, Report, Settings, Variant

__version__ = "0.1.0"

__all__ = [
    "Conflict", "DealclaimsError", "Entity", "Evidence", "Fact", "ModelNotInstalled", "NoArticlesFound",
    "Report", "Settings", "UnreadableArticle", "Variant", "build_report", "__version__",
]

if TYPE_CHECKING:
    from .pipeline import build_report


def __getattr__(name: str) -> Any:
    # Imported lazily: the pipeline pulls in spaCy, which `dealclaims --help` must not pay for.
    if name == "build_report":
        from .pipeline import build_report

        return build_report
    raise AttributeError(name)
