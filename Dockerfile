# syntax=docker/dockerfile:1
# The nianbao image: Airflow 3 and nianbao installed from uv.lock into one virtual environment, the DAGs
# in $AIRFLOW_HOME/dags. Every service of docker-compose.yml runs it; the entrypoint is `airflow`.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# The Data Docs' offline scripts (bootstrap-table, Vega), from the npm lock in the repository.
FROM node:22-bookworm-slim AS docs-assets
WORKDIR /assets
COPY expectations/docs_assets/package.json expectations/docs_assets/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# Dependencies first (cached while uv.lock is unchanged), then nianbao itself as a wheel: not editable,
# so expectations/ and sql/ come from the package data (nianbao/_data) like in any installation.
FROM ${PYTHON_IMAGE} AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_PROJECT_ENVIRONMENT=/opt/nianbao UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /src
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev --no-install-project
COPY README.md ./
COPY nianbao nianbao
COPY parsers parsers
COPY crawlers crawlers
COPY expectations expectations
COPY sql sql
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev --no-editable
COPY --from=docs-assets /assets/node_modules \
     /opt/nianbao/lib/python3.11/site-packages/nianbao/_data/expectations/docs_assets/node_modules

# Airflow image conventions: user airflow (uid 50000, group 0), AIRFLOW_HOME=/opt/airflow with dags/,
# logs/ and the shared folders nianbao writes (raw store, Data Docs).
FROM ${PYTHON_IMAGE}
ENV AIRFLOW_HOME=/opt/airflow PATH=/opt/nianbao/bin:$PATH PYTHONUNBUFFERED=1 LANG=C.UTF-8
# Headless LibreOffice converts old .doc/.wps/.xls/.et reports for the readers (parsers/office.py).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --uid 50000 --gid 0 --home-dir /opt/airflow --no-create-home airflow \
 && mkdir -p /opt/airflow/dags /opt/airflow/logs /opt/airflow/config /opt/airflow/raw /opt/airflow/data_docs \
 && chown -R 50000:0 /opt/airflow && chmod -R g+rwX /opt/airflow
COPY --from=build /opt/nianbao /opt/nianbao
COPY --chown=50000:0 dags/ /opt/airflow/dags/
USER 50000
WORKDIR /opt/airflow
EXPOSE 8080
ENTRYPOINT ["airflow"]
CMD ["version"]
