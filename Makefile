# Kommune 360° — local development and checks.
#   make run    virtualenv, locked install, migrate, demo catalogue, http://127.0.0.1:8000
#   make test   ruff, pytest on SQLite and PostgreSQL, browser tests, production smoke test
#   make lint   ruff check + ruff format --check
#   make audit  pip-audit of requirements.lock (exit 3: no vulnerability database reachable)
#   make clean  remove generated files (keeps .venv and db.sqlite3)

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PYTHON := $(VENV)/bin/python
RUN_ADDR ?= 127.0.0.1:8000

# Stamps: pip install reruns only when a lock file is newer than its stamp
# (or the virtualenv, which holds the stamps, is gone).
RUNTIME_STAMP := $(VENV)/.k360-runtime.stamp
DEV_STAMP := $(VENV)/.k360-dev.stamp

.PHONY: help run admin test lint audit clean bench

help:
	@echo "make run    start the site with demo data on http://$(RUN_ADDR) (SQLite, DEBUG)"
	@echo "make admin  create a login for the local back office (/verwaltung/)"
	@echo "make test   ruff, pytest on SQLite and PostgreSQL, Chromium browser tests, smoke test"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make audit  known vulnerabilities in requirements.lock (pip-audit; needs pypi.org or api.osv.dev)"
	@echo "make clean  remove generated files (keeps .venv and db.sqlite3)"
	@echo "make bench  catalogue benchmarks on SQLite and PostgreSQL (SIZES=1000,10000,100000)"

$(RUNTIME_STAMP): requirements.lock
	@scripts/venv.sh requirements.lock
	@touch $@

$(DEV_STAMP): requirements.lock requirements-dev.lock
	@scripts/venv.sh requirements.lock requirements-dev.lock
	@touch $@

# make run always uses the SQLite file db.sqlite3, whatever DATABASE_URL says; links in
# e-mails, calendar files and canonical URLs point to RUN_ADDR.
LOCAL_ENV := export DJANGO_DEBUG=1 SITE_URL=http://$(RUN_ADDR); unset DATABASE_URL
run: $(RUNTIME_STAMP)
	@set -e; \
	$(LOCAL_ENV); \
	$(PYTHON) manage.py migrate --noinput; \
	$(PYTHON) manage.py load_demo; \
	$(PYTHON) manage.py rebuild_search_index; \
	echo "==> Kommune 360° runs on http://$(RUN_ADDR)/ (Ctrl+C stops it)"; \
	echo "==> Verwaltung (back office): http://$(RUN_ADDR)/verwaltung/ – a login: make admin"; \
	exec $(PYTHON) manage.py runserver $(RUN_ADDR)

# make admin: a team login for the local site (asks for name, e-mail and password).
admin: $(RUNTIME_STAMP)
	@set -e; \
	$(LOCAL_ENV); \
	$(PYTHON) manage.py migrate --noinput; \
	$(PYTHON) manage.py createsuperuser

test: $(DEV_STAMP)
	@scripts/test.sh

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# make audit: exit 0 clean, 1 vulnerable, 3 when no vulnerability database answers (then
# nothing was checked, and it says so).
audit: $(DEV_STAMP)
	@$(PYTHON) scripts/audit.py

clean:
	rm -rf staticfiles test-results .pytest_cache .ruff_cache .hypothesis
	@if [ -f .pgdata/data/postmaster.pid ]; then \
		echo "Leaving .pgdata alone: a test cluster is running there"; else rm -rf .pgdata; fi
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf

# make bench: synthetic catalogues on SQLite and PostgreSQL, table in bench/results.md.
# Quick run: make bench SIZES=1000,10000
SIZES ?= 1000,10000,100000
.PHONY: bench
bench: $(RUNTIME_STAMP)
	@bench/bench.sh "$(SIZES)"
