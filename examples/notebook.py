# %% [markdown]
# # dealclaims from Python (a notebook-style script: run it whole, or cell by cell in Jupyter/VS Code)
#
#     .venv/bin/python examples/notebook.py
#
# `dealclaims.reconcile(paths, **options)` returns a pydantic `Report`; options are `Settings` fields.

# %%
from pathlib import Path

import dealclaims
from dealclaims.diff import diff_reports, render_diff
from dealclaims.formats import render_markdown

ROOT = Path(__file__).resolve().parent.parent
report = dealclaims.reconcile(ROOT / "seeds", claim_similarity=82.0)
print(report.headline)

# %% Consensus facts, best supported first
for fact in sorted(report.facts, key=lambda f: -f.support):
    print(f"{fact.support}/{len(report.documents)}  {fact.slot:<28} {fact.text[:60]}")

# %% Conflicts and who holds each variant
for conflict in report.conflicts:
    print(conflict.kind, conflict.slot)
    for variant in conflict.variants:
        print("   ", variant.text[:60], "<-", ", ".join(variant.sources))

# %% As a table (pandas is not a dependency: use it if you have it)
rows = [
    {"slot": f.slot, "text": f.text, "support": f.support, "sources": " ".join(f.sources)}
    for f in report.facts
]
try:
    import pandas as pd

    print(pd.DataFrame(rows).head())
except ImportError:
    print(rows[:3])

# %% Markdown to paste into a note, and drift against the committed baseline
print(render_markdown(report)[:400])
baseline = dealclaims.Report.model_validate_json(
    (ROOT / "examples/baseline/seeds.json").read_text(encoding="utf-8")
)
print(render_diff(diff_reports(baseline, report)))
