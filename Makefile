# Every target creates .venv on first use; nothing but Python 3.11 and make is needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-clock lint format messages compilemessages install worker beat clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

compilemessages: install
	$(PY) -m thiduaportal.compilemessages

## The portal with demo data on SQLite, tasks in-process, at http://$(HOST):$(PORT)
run: compilemessages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

## The whole suite (SQLite by default; PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
test: compilemessages
	$(PY) -m pytest $(PYTEST_ARGS)

## The date-sensitive tests with the clock moved to 23:30 UTC today (already tomorrow in Ho Chi Minh
## City) and to a leap day in 2028: no test may depend on the day or the hour it runs.
CLOCK_TESTS ?= tests/ideas tests/awards tests/notifications tests/records tests/councils tests/library
test-clock: compilemessages
	PORTAL_TEST_CLOCK=$$(date -u +%Y-%m-%dT23:30:00Z) $(PY) -m pytest $(CLOCK_TESTS) $(PYTEST_ARGS)
	PORTAL_TEST_CLOCK=2028-02-29T23:30:00Z $(PY) -m pytest $(CLOCK_TESTS) $(PYTEST_ARGS)

## ruff (lint and format), mypy (types; configured in pyproject.toml) and migrations in step with the models
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Regenerates the .po catalogues from the source (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages --all --no-location --no-obsolete --ignore='.venv/*' --ignore='bench/*' --ignore='tests/*' --ignore='staticfiles/*'

worker: install
	$(VENV)/bin/celery -A thiduaportal worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A thiduaportal beat --loglevel=info

clean:
	rm -rf $(VENV) staticfiles
