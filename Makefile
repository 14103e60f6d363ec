# Every target creates .venv/ by itself (Python >= 3.11) through `install`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# mkdocs 1.x plugins print a banner about a future mkdocs 2; it is noise for our strict builds.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: install run test typecheck generate check-generated docs serve bench test-thorough mutants conformance conformance-examples clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,docs,dask,serve]'
	touch $(STAMP)

## make run: compile policy/ and evaluate an example case
run: generate
	$(VENV)/bin/secu-independants ij examples/p1_achat_revente_2020.json

## make generate: rebuild generated/ from policy/ (byte-identical for the same sources)
generate: install
	$(PY) -m catalapy generate policy -o generated
	$(PY) -m secu_independants.schemas > secu_independants/types.py.nouveau
	mv secu_independants/types.py.nouveau secu_independants/types.py

check-generated: install
	$(PY) -m catalapy generate policy -o generated --check

test: install check-generated
	HYPOTHESIS_PROFILE=ci $(PY) -m pytest

## make typecheck: mypy --strict on the modules listed in pyproject.toml ([tool.mypy] files)
typecheck: install
	$(PY) -m mypy

test-thorough: install
	HYPOTHESIS_PROFILE=thorough $(PY) -m pytest

docs: install
	$(VENV)/bin/mkdocs build --strict

serve: install
	$(VENV)/bin/mkdocs serve

## make bench [SUITE=/path/to/catala/tests] [EXAMPLES=/path/to/catala-examples]
bench: install
	$(PY) bench/run.py $(if $(SUITE),--suite $(SUITE)) $(if $(EXAMPLES),--exemples $(EXAMPLES))

## make conformance SUITE=/path/to/catala/tests
conformance: install
	$(PY) bench/conformance.py $(SUITE)

## make conformance-examples EXAMPLES=/path/to/catala-examples
conformance-examples: install
	$(PY) bench/conformance_examples.py $(EXAMPLES)

mutants: install
	$(PY) tests/mutants.py

clean:
	rm -rf $(VENV) site build dist .pytest_cache .hypothesis
