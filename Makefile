# Everything a developer does is a target here. `make run` and `make test` work on a
# fresh clone: they create the virtualenv and install the pinned requirements first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version)
# pyenv's shim honours .python-version; elsewhere use whatever python3.13 is on PATH.
PYTHON ?= $(shell command -v python$(PYTHON_VERSION) || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run serve test check lint fmt migrate seed clean e2e backup restore bench

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == tuple(map(int, "$(PYTHON_VERSION)".split("."))), f"Python $(PYTHON_VERSION) is needed, found {sys.version.split()[0]}"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed  ## Create the virtualenv and install the pinned requirements

migrate: install  ## Apply database migrations
	$(MANAGE) migrate --no-input

seed: migrate  ## Load the demo staff and clients (idempotent)
	$(MANAGE) seed_demo

run: seed  ## Set up and serve the app on http://127.0.0.1:8000 with demo data
	$(MANAGE) runserver $(HOST):$(PORT)

# No gunicorn access log: the app logs each request itself (justicecentre.request_log),
# without the query string, where searches carry client names.
serve: install  ## Serve with gunicorn and production settings (needs the production env vars)
	DJANGO_SETTINGS_MODULE=justicecentre.settings.production $(MANAGE) collectstatic --no-input
	DJANGO_SETTINGS_MODULE=justicecentre.settings.production $(MANAGE) createcachetable
	DJANGO_SETTINGS_MODULE=justicecentre.settings.production $(VENV)/bin/gunicorn justicecentre.wsgi \
		--bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3}

# Not part of `make test`: about 15 minutes, most of it seeding and load.
bench: install  ## Load-test the main pages: PostgreSQL, 100,000 clients, wrk (docs/benchmarks.md)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
		|| { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(PY) scripts/bench.py

lint: install  ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install  ## Format and fix what ruff can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install  ## Django system checks and missing-migration check
	DJANGO_SETTINGS_MODULE=justicecentre.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=justicecentre.settings.test $(MANAGE) makemigrations --check --dry-run

test: install  ## Lint, checks and the whole suite (browser journeys too) on a throwaway PostgreSQL
	scripts/ensure-chromium
	scripts/with-postgres $(MAKE) --no-print-directory lint check pytest
	$(MAKE) --no-print-directory test-sqlite

# `make run` serves from SQLite: the pages, access policy, supervision and reports tests
# run on it too, so a query only PostgreSQL accepts cannot reach the demo unnoticed.
SQLITE_TESTS = tests/test_client_pages.py tests/test_access_matrix.py tests/test_access_policy.py \
	tests/test_supervision_dashboard.py tests/test_reports_figures.py tests/test_reports_psychosocial.py \
	tests/test_capped_list.py tests/test_search.py::test_a_supervisors_search_is_found_once_and_stays_in_scope \
	tests/test_search.py::test_a_supervisors_search_pages_and_filters_like_any_list
.PHONY: test-sqlite
test-sqlite: install  ## The page, access and report tests on SQLite (the make run default)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	DATABASE_URL="sqlite:///$$tmp/test.sqlite3" $(VENV)/bin/pytest -q -p no:cacheprovider -n 2 $(SQLITE_TESTS)

e2e: install  ## Only the real-browser journeys (screenshots in test-artifacts/screenshots/)
	scripts/ensure-chromium
	scripts/with-postgres $(VENV)/bin/pytest tests/e2e $(PYTEST_ARGS)

.PHONY: pytest
pytest:
	$(VENV)/bin/pytest $(PYTEST_ARGS)

backup: install  ## Back up the database and the documents into backups/ (BACKUP_DIR=...)
	$(MANAGE) backup --output $${BACKUP_DIR:-backups}

restore: install  ## Restore FROM=backups/justicecentre-... into an empty database
	@test -n "$(FROM)" || { echo "usage: make restore FROM=backups/justicecentre-YYYYmmdd-HHMMSS"; exit 2; }
	$(MANAGE) restore $(FROM)

clean:  ## Remove the virtualenv, the SQLite database and local documents
	rm -rf $(VENV) db.sqlite3 var staticfiles .pytest_cache test-artifacts
