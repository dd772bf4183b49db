# Yishi: the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install lint check-migrations serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Install, migrate the SQLite default, load the demo district, serve on http://127.0.0.1:8000
demo: install
	$(BIN)/yishi migrate
	$(BIN)/yishi demo
	YISHI_COOKIE_SECURE=false $(BIN)/yishi serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

check-migrations: install
	$(BIN)/yishi makemigrations --check

# Install, lint, then the whole suite on SQLite and on PostgreSQL.
test: lint check-migrations
	YISHI_TEST_BACKEND=sqlite $(BIN)/python -m pytest
	YISHI_TEST_BACKEND=postgres $(BIN)/python -m pytest

serve: install
	$(BIN)/yishi serve --host $(HOST) --port $(PORT)
