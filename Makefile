# Everything runs from a project-local virtualenv built from the hash-pinned lock file.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test check lint lock clean stress examples

setup: $(STAMP)

# --require-hashes: every wheel (the spaCy model included) must match requirements.lock, or pip refuses it.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: setup          ## set up, then print the seeds' fact sheet
	$(BIN)/dealclaims reconcile seeds/

test: setup         ## set up, then run the whole test suite
	$(BIN)/python -m pytest

check: setup
	$(BIN)/dealclaims check seeds/

examples: setup     ## regenerate the seeds' outputs in examples/ (review the diff before committing)
	$(BIN)/dealclaims reconcile seeds/ -o examples/seeds_fact_sheet.txt
	$(BIN)/dealclaims reconcile seeds/ -o examples/seeds_report.json
	$(BIN)/dealclaims reconcile seeds/ -o examples/seeds_report.md
	$(BIN)/dealclaims reconcile seeds/ -o examples/seeds_report.html
	$(BIN)/dealclaims reconcile seeds/ -o examples/baseline/seeds.json
	$(BIN)/dealclaims schema > examples/report.schema.json

lint: setup         ## ruff (rules and formatting) and mypy --strict over the library
	$(BIN)/ruff check src tests benchmarks fuzz examples
	$(BIN)/ruff format --check src tests benchmarks fuzz examples
	$(BIN)/mypy --strict src

# Re-resolve requirements.in into requirements.lock (needs network and uv); review the diff before committing.
lock:
	uv pip compile requirements.in --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --index-url https://pypi.org/simple -o requirements.lock

clean:
	rm -rf $(VENV) build src/*.egg-info

stress: setup       ## the slow tests: megabyte articles, punctuation runs, parallel failures (minutes)
	$(BIN)/python -m pytest -m slow -p no:randomly -s
