# The two commands of this project: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: setup demo test lint

$(BIN)/nianbao: pyproject.toml uv.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	$(PYTHON) -m uv sync --frozen
	touch $@

setup: $(BIN)/nianbao

demo: setup
	$(BIN)/nianbao parse $(SHARED)/seeds/*.txt

lint: setup
	$(BIN)/ruff check .

test: setup lint
	$(BIN)/pytest -n 2 -q
