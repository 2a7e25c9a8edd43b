# The two commands of this project: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
CORPUS := tests/fixtures/corpus
DOCS_ASSETS := expectations/docs_assets

.PHONY: setup services demo test lint

$(BIN)/nianbao: pyproject.toml uv.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	$(PYTHON) -m uv sync --frozen
	touch $@

# Bootstrap-table and Vega for the offline Data Docs pages, from the npm registry (lock in the repo).
$(DOCS_ASSETS)/node_modules/.package-lock.json: $(DOCS_ASSETS)/package-lock.json
	npm ci --prefix $(DOCS_ASSETS) --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/nianbao $(DOCS_ASSETS)/node_modules/.package-lock.json

# PostgreSQL and Redis on 127.0.0.1, started only if they are not answering.
services:
	bash scripts/ensure-services.sh

# The main job on the embedded default: the SQLite warehouse in ./var, the seeds and the fixture corpus.
demo: setup
	$(BIN)/nianbao parse $(SHARED)/seeds/*.txt
	$(BIN)/nianbao db upgrade
	$(BIN)/nianbao load $(SHARED)/seeds/*.txt $(CORPUS)/*.pdf $(CORPUS)/*.docx $(CORPUS)/*.html $(CORPUS)/*.txt
	$(BIN)/nianbao sql 01_most_denials

lint: setup
	$(BIN)/ruff check .

test: setup services lint
	$(BIN)/pytest -n 2 -q
