# Two commands on a fresh machine (Python 3.11 + pip, node/npm):
#   make demo   create .venv, install obv3, run the end-to-end demo
#   make test   install the test extras (and the JS reference implementation), run everything
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed-stamp
# `make demo` needs only the runtime install; `make test` adds every extra the tests use.
RUNTIME_STAMP := $(VENV)/.runtime-stamp
JSDIR  := tests/interop/js
PYDIRS := $(wildcard src tests bench examples)

.PHONY: demo test lint typecheck unit bench docs clean install conformance postgres chromium fribidi fuzz

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e '.[test,docs,dask,server,registry]'
	touch $(STAMP)

$(RUNTIME_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e .
	touch $(RUNTIME_STAMP)

install: $(STAMP)

$(JSDIR)/node_modules/.package-lock.json: $(JSDIR)/package.json $(JSDIR)/package-lock.json
	cd $(JSDIR) && npm ci --no-audit --no-fund --loglevel=error

demo: $(RUNTIME_STAMP)
	$(VENV)/bin/obv3 demo

lint: $(STAMP)
	$(VENV)/bin/ruff check $(PYDIRS)
	$(VENV)/bin/ruff format --check $(PYDIRS)

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# The registry tests start their own throwaway PostgreSQL server from Debian's package:
# installed here when missing and we are root (CI, containers); otherwise say how.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	  else \
	    echo "the registry tests need PostgreSQL: sudo apt-get install postgresql" >&2; \
	  fi; \
	fi

# The browser tests (tests/web/test_browser.py) drive Debian's chromium; installed when missing
# and running as root (CI, containers). Playwright never downloads a browser.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } || \
		{ echo "install Debian's chromium package (apt-get install chromium) for the browser tests"; exit 1; }

# Pillow's raqm shapes Arabic, Hebrew and Indic badge text with libfribidi, loaded at run time.
fribidi:
	@ldconfig -p 2>/dev/null | grep -q 'libfribidi\.so\.0' || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libfribidi0; } || \
		{ echo "install Debian's libfribidi0 package for the render tests"; exit 1; }

unit: $(STAMP) $(JSDIR)/node_modules/.package-lock.json postgres chromium fribidi
	$(PY) -m pytest -q

test: lint typecheck unit docs

# Fuzz every harness in tests/fuzz for FUZZ_SECONDS each (atheris when it installs, else
# hypothesis); `make test` already runs a short pass of the same harnesses.
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	$(PIP) install --quiet -e '.[fuzz]' || echo "atheris did not install: fuzzing with hypothesis"
	$(PY) -m tests.fuzz.run --seconds $(FUZZ_SECONDS)

bench: $(STAMP) $(JSDIR)/node_modules/.package-lock.json
	$(PY) bench/run.py

docs: $(STAMP)
	$(VENV)/bin/mkdocs build --strict --quiet --site-dir site

clean:
	rm -rf $(VENV) $(JSDIR)/node_modules site .pytest_cache .mypy_cache .ruff_cache .fuzz

# The official W3C suites against `obv3 serve`, offline (not part of `make test`: the suites are
# fetched separately). W3C_SUITES names the folder holding the four checkouts; see
# docs/conformance.md.
conformance: $(STAMP)
	@test -n "$(W3C_SUITES)" || { echo "set W3C_SUITES=/path/to/the/suites (see docs/conformance.md)"; exit 2; }
	W3C_SUITES="$(W3C_SUITES)" $(PY) tests/interop/w3c/run_conformance.py
