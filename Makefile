# The one entry point: `make run` serves the demo, `make test` runs everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := .ci/constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000
# Every core, each test file's tests on one worker (the browser tests share a seeded database).
PYTEST_ARGS ?= -n auto --dist loadfile

# The test suite runs on the real services; these defaults match a local install.
TEST_ENV := DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cwg_portal} \
	CELERY_BROKER_URL=$${TEST_CELERY_BROKER_URL:-redis://127.0.0.1:6379/15} \
	CACHE_URL=$${TEST_CACHE_URL:-rediscache://127.0.0.1:6379/14} \
	CELERY_TASK_ALWAYS_EAGER=1 REQUIRE_MFA=0

.PHONY: venv run test lint fmt migrations-check bench lock clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e ".[dev]"
	touch $@

# The demo: embedded SQLite and in-process tasks unless DATABASE_URL and
# CELERY_BROKER_URL say otherwise; with a broker a worker and beat run beside it.
# Links in the demo's e-mails open where the demo serves.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: venv
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
		$(BIN)/celery -A cwg_portal worker --beat --loglevel INFO & \
		trap "kill $$!" EXIT; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT); \
	else \
		$(BIN)/python manage.py runserver $(HOST):$(PORT); \
	fi

test: venv
	@scripts/test-machine
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest -ra --durations=15 $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Times the heaviest pages on the ten-year demo data, in a database of its own.
bench: venv
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS cwg_portal_bench" -c "CREATE DATABASE cwg_portal_bench"
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cwg_portal_bench} \
		CELERY_TASK_ALWAYS_EAGER=1 LOG_LEVEL=WARNING $(BIN)/python benchmarks/run.py

# Re-pin what CI installs after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/cwg-portal-lock && $(PYTHON) -m venv /tmp/cwg-portal-lock
	/tmp/cwg-portal-lock/bin/pip install --quiet -e ".[dev]"
	/tmp/cwg-portal-lock/bin/pip freeze --exclude-editable > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) .data
