# TipPortal. `make run` sets up and serves the site; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve worker beat test lint format check bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core, which the accessibility tests run in the browser (docs/accessibility.md). Without
# npm the install goes on and those tests are skipped (an error in CI, which installs npm).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel error && touch $@; \
	else \
		echo "npm not found: the accessibility tests will be skipped (apt-get install nodejs npm)"; \
	fi

install: $(VENV)/.installed node_modules/.installed

# Development server. Without DATABASE_URL/REDIS_URL: SQLite, tasks inline. With them:
# PostgreSQL, Redis and a Celery worker (and beat) started alongside the web server, kept running
# by tipportal/supervise.py: a worker that exits is started again (warnings and errors only).
run: export DEBUG ?= on
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Starting a Celery worker with beat (REDIS_URL is set), restarted if it exits"; \
		$(BIN)/python -m tipportal.supervise $(BIN)/celery -A tipportal --quiet worker --beat --loglevel WARNING \
			--concurrency 2 -Q urgent,default --without-gossip --without-mingle & \
		worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT); \
	else \
		$(BIN)/python manage.py runserver $(HOST):$(PORT); \
	fi

# Production-style: gunicorn with the repository's config (set SECRET_KEY, ALLOWED_HOSTS, ...).
serve: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn -c gunicorn.conf.py tipportal.wsgi

worker: install
	$(BIN)/celery -A tipportal worker --loglevel INFO -Q urgent,default

beat: install
	$(BIN)/celery -A tipportal beat --loglevel INFO

# The journey tests leave screenshots at phone and laptop widths in screenshots/ (docs/accessibility.md).
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=on $(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Translations (docs/translation.md): gather every marked string into locale/*/LC_MESSAGES/*.po,
# for Python and templates (django) and for JavaScript (djangojs); translate the new entries;
# run it again to compile the .mo files the site reads (they are committed, so the site needs
# no gettext to run). Needs GNU gettext (apt-get install gettext).
MESSAGES_IGNORE := --ignore "$(VENV)/*" --ignore "staticfiles/*" --ignore "uploads/*" --ignore "node_modules/*" \
	--ignore "screenshots/*"
messages: export DEBUG ?= on
messages: install
	$(BIN)/python manage.py makemessages --all --domain django --add-location file --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py makemessages --all --domain djangojs --add-location file --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages $(MESSAGES_IGNORE)

clean:
	rm -rf $(VENV) node_modules screenshots staticfiles .pytest_cache .ruff_cache
