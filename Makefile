# Every target creates .venv/ by itself (Python >= 3.11) through `install`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# mkdocs 1.x plugins print a banner about a future mkdocs 2; it is noise for our strict builds.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: install run test generate check-generated docs serve bench test-thorough mutants conformance clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,docs,serve]'
	touch $(STAMP)

## make run: compile policy/ and evaluate an example case
run: install
	$(PY) -m catalapy generate policy -o generated
	$(VENV)/bin/secu-independants ij examples/p1_achat_revente_2020.json

## make generate: rebuild generated/ from policy/ (byte-identical for the same sources)
generate: install
	$(PY) -m catalapy generate policy -o generated

check-generated: install
	$(PY) -m catalapy generate policy -o generated --check

test: install check-generated
	HYPOTHESIS_PROFILE=ci $(PY) -m pytest

test-thorough: install
	HYPOTHESIS_PROFILE=thorough $(PY) -m pytest

docs: install
	$(VENV)/bin/mkdocs build --strict

serve: install
	$(VENV)/bin/mkdocs serve

bench: install
	CATALA_SUITE=$(CATALA_SUITE) $(PY) bench/run.py

## make bench [CATALA_SUITE=/path/to/catala/tests]; make conformance SUITE=/path/to/catala/tests
conformance: install
	$(PY) bench/conformance.py $(SUITE)

mutants: install
	$(PY) tests/mutants.py

clean:
	rm -rf $(VENV) site build dist .pytest_cache .hypothesis
