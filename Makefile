# Yishi: the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install lint check-migrations browser-deps serve

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
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

check-migrations: install
	$(BIN)/yishi makemigrations --check

# Debian's Chromium and CJK fonts for tests/browser (Playwright drives this one and never
# downloads a browser of its own). Installed with apt-get when missing.
browser-deps:
	@if [ -x $(CHROMIUM) ] && dpkg -s fonts-noto-cjk >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    chromium fonts-noto-cjk; \
	else echo "No apt-get: install Chromium yourself or set YISHI_CHROMIUM (browser tests)"; fi

# Install, lint, then the whole suite on SQLite (with the browser journeys) and PostgreSQL.
test: lint check-migrations browser-deps
	YISHI_TEST_BACKEND=sqlite $(BIN)/python -m pytest
	YISHI_TEST_BACKEND=postgres $(BIN)/python -m pytest

serve: install
	$(BIN)/yishi serve --host $(HOST) --port $(PORT)
