# The two commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test install browser lint bench-search bench-import clean-db

run: install
	$(PY) manage.py runroom

test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

install: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock scripts/install-env
	@scripts/install-env
	@touch $@

browser:
	@scripts/ensure-browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy articles newsroom

clean-db:
	rm -rf var/pgdata

bench-import: install
	$(PY) bench/import_speed.py
