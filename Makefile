# The two commands of this project: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DOCS_ASSETS := expectations/docs_assets

.PHONY: setup services demo test lint chromium libreoffice

$(BIN)/nianbao: pyproject.toml uv.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	$(PYTHON) -m uv sync --frozen
	touch $@

# Bootstrap-table and Vega for the offline Data Docs pages, from the npm registry (lock in the repo).
$(DOCS_ASSETS)/node_modules/.package-lock.json: $(DOCS_ASSETS)/package-lock.json
	npm ci --prefix $(DOCS_ASSETS) --no-audit --no-fund --loglevel=error
	touch $@

# Headless Chromium (and CJK fonts for its screenshots) for the dashboard's browser tests, from Debian.
chromium:
	@test -x /usr/bin/chromium && fc-list :lang=zh | grep -q . || \
		(apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk)

# Headless LibreOffice (Writer and Calc, no GUI) to convert old .doc/.wps/.xls/.et reports, from Debian.
libreoffice:
	@test -x /usr/bin/soffice && test -e /usr/lib/libreoffice/program/libswlo.so && \
		test -e /usr/lib/libreoffice/program/libsclo.so || \
		(apt-get update && apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui)

setup: $(BIN)/nianbao $(DOCS_ASSETS)/node_modules/.package-lock.json chromium libreoffice

# PostgreSQL and Redis on 127.0.0.1, started only if they are not answering.
services:
	bash scripts/ensure-services.sh

# The main job on the embedded default (SQLite warehouse, raw store and Data Docs in the project's var/,
# named by NIANBAO_HOME so every command below uses the same one): build the tests' (tests/support)
# fixture site, serve it on 127.0.0.1:8765 while `nianbao run` crawls it, loads what the crawl collected
# and checks it, and delivers the digests to the local mailbox var/mailbox (a Maildir); write the dashboard
# (var/dashboard); show the compliance roll-up; then check the user's example reports (the seeds) on their own,
# and say where everything is.
demo: export NIANBAO_HOME = $(CURDIR)/var
demo: setup
	$(BIN)/python -m tests.support.fixture_site.build var/fixture_site
	NIANBAO_SMTP_URL=maildir://$(CURDIR)/var/mailbox $(BIN)/python -m tests.support.fixture_site.serve var/fixture_site \
		--port 8765 -- $(BIN)/nianbao run --year 2024 --fast
	$(BIN)/nianbao dashboard --out var/dashboard
	$(BIN)/nianbao sql 08_compliance_rollup
	$(BIN)/nianbao check $(SHARED)/seeds/*.txt
	@echo "演示完成。数据仓库：$(NIANBAO_HOME)/nianbao.db；数据文档（Data Docs）：$(NIANBAO_HOME)/data_docs/index.html\
	（单独核查的文件：$(NIANBAO_HOME)/file_checks/data_docs/index.html）；看板：$(CURDIR)/var/dashboard/index.html；\
	邮箱：$(CURDIR)/var/mailbox"

lint: setup
	$(BIN)/ruff check .

test: setup services lint
	$(BIN)/pytest -n 2 -q --durations=15
