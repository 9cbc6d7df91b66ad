# kamtools: key account management workbook.
# `make report` and `make test` create .venv from pyproject.toml on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DB     ?= data/kam.duckdb
PERIOD ?=
JOBS   ?= 2

.DEFAULT_GOAL := help
.PHONY: help report test lab sync bench sample dictionary fonts browser clean

## Show this help
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(doc){split($$0,a,":"); printf "  make %-12s %s\n", a[1], doc}; doc=""}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kamtools needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## Run the monthly report on the sample (or PERIOD=YYYY-MM DB=path JOBS=n) into reports/
report: $(STAMP)
	$(PY) -m kamtools.cli report --db $(DB) --jobs $(JOBS) $(if $(PERIOD),--period $(PERIOD),)

## Run every test: unit, property, doctests and nbval over every notebook
test: $(STAMP)
	$(PY) -m pytest -q

# Lab's root is the repository, not notebooks/: jupytext finds the pairing ([tool.jupytext] in
# pyproject.toml) only inside Lab's root. The file browser opens on notebooks/.
## Open JupyterLab on the notebooks; saving a notebook also saves its paired .py (jupytext)
lab: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,lab]'
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --ContentsManager.preferred_dir=notebooks

## Bring each notebook and its paired .py together (the newer one wins), then strip outputs
sync: $(STAMP)
	$(PY) -m jupytext --sync $(wildcard notebooks/*/*.ipynb)
	$(PY) tools/strip_notebooks.py

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

## Install a CJK font so charts show Chinese names (Debian/Ubuntu with apt, as root)
fonts:
	@if fc-list 2>/dev/null | grep -qiE 'Noto Sans CJK|WenQuanYi'; then \
		echo "a CJK font is installed"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk; \
	else \
		echo "install a CJK font (Debian/Ubuntu: sudo make fonts, i.e. apt-get install fonts-noto-cjk)"; \
	fi

## Install headless Chromium, used by the test that screenshots the HTML report (apt, as root)
browser:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
		echo "chromium is installed"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "install Chromium to run the report screenshot test (Debian/Ubuntu: sudo make browser)"; \
	fi

## Remove the virtual environment and generated reports
clean:
	rm -rf $(VENV) reports/20*
