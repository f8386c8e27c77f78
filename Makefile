# Two commands on a fresh machine (Python 3.11 + pip, node/npm):
#   make demo   create .venv, install obv3, run the end-to-end demo
#   make test   install the test extras (and the JS reference implementation), run everything
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed-stamp
JSDIR  := tests/interop/js
PYDIRS := $(wildcard src tests bench examples)

.PHONY: demo test lint typecheck unit bench docs clean install fuzz

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e '.[test,docs]'
	touch $(STAMP)

install: $(STAMP)

$(JSDIR)/node_modules/.package-lock.json: $(JSDIR)/package.json $(JSDIR)/package-lock.json
	cd $(JSDIR) && npm ci --no-audit --no-fund --loglevel=error

demo: $(STAMP)
	$(VENV)/bin/obv3 demo

lint: $(STAMP)
	$(VENV)/bin/ruff check $(PYDIRS)
	$(VENV)/bin/ruff format --check $(PYDIRS)

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP) $(JSDIR)/node_modules/.package-lock.json
	$(PY) -m pytest -q

test: lint typecheck unit docs

# Fuzz every harness in tests/fuzz for FUZZ_SECONDS each (atheris when it installs, else
# hypothesis); `make test` already runs a short pass of the same harnesses.
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	$(PIP) install --quiet -e '.[fuzz]' || echo "atheris did not install: fuzzing with hypothesis"
	$(PY) -m tests.fuzz.run --seconds $(FUZZ_SECONDS)

bench: $(STAMP)
	$(PY) bench/run.py

docs: $(STAMP)
	$(VENV)/bin/mkdocs build --strict --quiet --site-dir site

clean:
	rm -rf $(VENV) $(JSDIR)/node_modules site .pytest_cache .mypy_cache .ruff_cache .fuzz
