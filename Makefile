# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Needs only Python 3.11+, make, and Node.js with npm.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run serve test test-fast lint format check bench load throughput clean demo

help:
	@echo "make run    - install, migrate, load reference and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install and run the whole test suite (DATABASE_URL/REDIS_URL honoured)"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - benchmarks in bench/ (not part of make test)"
	@echo "make security - bandit: fails on any medium or high severity finding"
	@echo "make load   - locust load test: 50 users for 60 s against gunicorn (bench/load.py)"
	@echo "make throughput - main pages' requests/s against a bare view (bench/throughput.py)"

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	$(PY) manage.py seed_demo --scale $(SCALE) --if-empty

run: demo
	$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: install
	$(PY) -m bench

load: install
	$(PY) -m bench.load

throughput: install
	$(PY) -m bench.throughput

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache

# --- Operations (see docs/deployment.md) ---------------------------------------------
.PHONY: ci worker beat check-deploy security

ci:
	bash .ci/run

worker: install
	$(VENV)/bin/celery -A config worker --loglevel INFO

beat: install
	$(VENV)/bin/celery -A config beat --loglevel INFO --schedule celerybeat-schedule

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))')" \
	DATABASE_URL="$${DATABASE_URL:-postgres://localhost/clp}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-example.org}" \
	SECURE_HSTS_PRELOAD="$${SECURE_HSTS_PRELOAD:-true}" \
	$(PY) manage.py check --deploy --fail-level WARNING

# Static security analysis; settings in pyproject.toml [tool.bandit]. A reviewed finding
# is marked `# nosec BXXX` on its line with the reason in a comment above.
security: install
	$(VENV)/bin/bandit -c pyproject.toml -r . -q --severity-level medium
