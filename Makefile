# kamtools: key account management workbook.
# `make report` and `make test` create .venv from pyproject.toml on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DB     ?= data/kam.duckdb
PERIOD ?=

.DEFAULT_GOAL := help
.PHONY: help report test lab bench sample dictionary fonts clean

## Show this help
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(doc){split($$0,a,":"); printf "  make %-12s %s\n", a[1], doc}; doc=""}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kamtools needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## Run the monthly report on the sample (or PERIOD=YYYY-MM DB=path) into reports/
report: $(STAMP)
	$(PY) -m kamtools.cli report --db $(DB) $(if $(PERIOD),--period $(PERIOD),)

## Run every test: unit, property, doctests and nbval over every notebook
test: $(STAMP)
	$(PY) -m pytest -q

## Open JupyterLab on the notebooks
lab: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,lab]'
	$(VENV)/bin/jupyter lab notebooks

## Measure speed and memory at scale (see bench/README.md)
bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) bench/run.py

## Regenerate the committed sample in data/sample/
sample: $(STAMP)
	$(PY) -m kamtools.cli sample --customers 500 --years 3 --seed 7 --out data/sample

## Regenerate the data dictionary data/README.md from the schema
dictionary: $(STAMP)
	$(PY) -m kamtools.cli dictionary --out data/README.md

## Install a CJK font so charts show Chinese names (Debian/Ubuntu, needs root)
fonts:
	apt-get update && apt-get install -y fonts-noto-cjk

## Remove the virtual environment and generated reports
clean:
	rm -rf $(VENV) reports/20*
