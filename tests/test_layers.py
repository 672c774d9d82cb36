"""The package's shape: data flows load -> extract -> resolve -> consensus -> formats, never back.

Each module may import only from its own stage or the stages above it (``LAYERS``); shared helpers and the
contracts (models, errors) sit at the top. An import inside ``if TYPE_CHECKING:`` counts too: a type that
flows backwards is still a dependency that does.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "dealclaims"
# Rank of each top-level part of the package: a module imports only from parts of a rank <= its own.
LAYERS = {
    "errors": 0,
    "models": 0,
    "names": 0,
    "dates": 0,
    "unionfind": 0,
    "lexicon": 0,
    "titles": 0,
    "places": 0,
    "gazetteer": 0,
    "data": 0,
    "cache": 1,
    "files": 0,
    "ids": 0,
    "load": 2,
    "nlp": 3,
    "extract": 4,
    "parsing": 4,
    "parallel": 4,
    "resolve": 5,
    "consensus": 6,
    "diff": 7,
    "formats": 7,
    "pipeline": 8,
    "cli": 9,
    "__main__": 9,
    "__init__": 9,
}


def _part(module: str) -> str:
    """``dealclaims.extract.figures`` -> ``extract``; the package itself -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dealclaims"):
            found.add(node.module)
            if node.module == "dealclaims":
                found.update(f"dealclaims.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("dealclaims"))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_module_imports_only_from_its_stage_or_above(path: Path) -> None:
    own = path.relative_to(PACKAGE).with_suffix("").parts[0]
    rank = LAYERS[own]
    backwards = sorted(
        m
        for m in _imports(path)
        if m != "dealclaims" and LAYERS.get(_part(m), 99) > rank and _part(m) != "__version__"
    )
    assert not backwards, f"{path.name} ({own}) imports from a later stage: {backwards}"
