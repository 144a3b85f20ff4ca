# The two commands a newcomer needs are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
DEMO_ENV := CAREWATCH_DEMO=1
PYTEST_ARGS ?= -n 2 --dist worksteal
# `make run ADDR=127.0.0.1:8001 DEMO_ARGS='--out /tmp/demo'` (bench/bench_first_page.py uses both)
ADDR ?= 127.0.0.1:8000
DEMO_ARGS ?=

.PHONY: run test test-postgres smoke install browser redis lint bench demo-data clean

# uv installs the same packages from the same registry about four times faster than pip (ADR 0012);
# pip remains the fallback.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]' || $(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Run carewatch with a synthetic England at http://127.0.0.1:8000
run: install
	$(DEMO_ENV) $(BIN)/carewatch migrate --noinput
	$(DEMO_ENV) $(BIN)/carewatch setup-demo --serve-first $(DEMO_ARGS)
	$(DEMO_ENV) $(BIN)/carewatch runserver --skip-checks $(ADDR)  # migrate has just run the checks

## Install what the tests need (Chromium included) and run the whole suite
test: install browser redis
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

## The same suite against PostgreSQL (starts a local server when one is installed)
test-postgres: install browser redis
	bash scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

## The production set-up on loopback for a minute at a low rate, checking /readyz (CI runs it)
smoke: install
	bash scripts/with-postgres.sh bash scripts/smoke.sh

browser:
	@bash scripts/install-chromium.sh

# redis-server for the Redis cache tests (they skip without it)
redis:
	@bash scripts/install-redis.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) carewatch.sqlite3* staticfiles var
