# The two commands of this project: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
CORPUS := tests/fixtures/corpus

.PHONY: setup services demo test lint

$(BIN)/nianbao: pyproject.toml uv.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	$(PYTHON) -m uv sync --frozen
	touch $@

setup: $(BIN)/nianbao

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
