# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DEBUG=1
# pytest-xdist workers for `make test`; CI machines have two cores.
TEST_WORKERS ?= 2

.PHONY: run test lint format prerequisites gettext install compilemessages messages migrate demo curator check clean browser-deps bench

## run: install, migrate the SQLite database, load the demo data, serve http://127.0.0.1:8000
run: install compilemessages
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py load_demo_data
	$(DEV_ENV) $(BIN)/python manage.py rebuild_search_index
	@echo
	@echo "  Site:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  (create a curator account first: make curator)"
	@echo
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: install, then lint, check migrations and run the whole test suite
test: install lint compilemessages
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=zentralasien.test_settings
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

## lint: ruff (lint and format check)
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: apply ruff's fixes and formatting
format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## browser-deps: axe-core and the Nu HTML Checker from npm for the browser tests (node_modules/).
## Chromium and Java come from Debian: sudo apt install chromium default-jre-headless npm.
## Without them the browser tests skip locally (and fail in CI, where CI=true).
browser-deps: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Error: npm is missing: sudo apt install npm"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

## curator: create a curator account (asks for name and password) in the local database
curator: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py createcurator

## compilemessages: compile the translation catalogues (locale/*/LC_MESSAGES/django.po -> .mo)
compilemessages: install | gettext
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

## messages: after changing user-facing text, collect it into locale/; then translate de and ru
messages: install | gettext
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l de -l en -l ru --no-obsolete \
	  --ignore=.venv --ignore=node_modules --ignore=staticfiles
	msgen -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	@echo "Now translate the new or changed entries in locale/de and locale/ru (no msgstr \"\", no fuzzy)."

## bench: load-test the public pages under gunicorn on PostgreSQL (needs wrk: apt-get install wrk)
##        BENCH_ARGS="--organisations 100000 --duration 10" BENCH_DATABASE_URL=postgres://…
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zentralasien_bench
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Error: the benchmark needs wrk. On Debian/Ubuntu: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py --database-url $(BENCH_DATABASE_URL) $(BENCH_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml | prerequisites
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

prerequisites:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "Error: '$(PYTHON)' was not found. Install Python 3.11 or newer:"; \
	  echo "  sudo apt install python3 python3-venv"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "Error: Python 3.11 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "  Install a newer Python, or point make at one: make run PYTHON=python3.12"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "Error: Python's 'venv' module is missing. On Debian/Ubuntu:"; \
	  echo "  sudo apt install python3-venv"; exit 1; }

gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  echo "Error: GNU gettext (msgfmt) was not found; it compiles the German, English and"; \
	  echo "Russian translations. On Debian/Ubuntu:"; \
	  echo "  sudo apt install gettext"; exit 1; }

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles *.egg-info node_modules test-artifacts
