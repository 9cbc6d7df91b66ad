# kamtools: key account management workbook.
# `make report` and `make test` create .venv from pyproject.toml on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DB     ?= data/kam.duckdb
PERIOD ?=
JOBS   ?=

.DEFAULT_GOAL := help
.PHONY: help report test test-fast lint format lock lab sync guide bench sample dictionary fonts browser clean

## Show this help
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(doc){split($$0,a,":"); printf "  make %-12s %s\n", a[1], doc}; doc=""}' $(MAKEFILE_LIST)

# The environment is installed from the lock file (every version pinned, so a monthly report
# is reproducible), then the package itself; pyproject.toml alone also installs everywhere.
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kamtools needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# The package's bytecode, written once: every page of a report starts two Python processes (a
# worker and a kernel), which otherwise compile kamtools again each time where the environment
# sets PYTHONDONTWRITEBYTECODE. Up-to-date files are skipped, so this takes a moment.
BYTECODE = $(PY) -m compileall -q kamtools > /dev/null

## Run the monthly report on the sample (or PERIOD=YYYY-MM DB=path JOBS=n) into reports/
report: $(STAMP)
	@$(BYTECODE)
	$(PY) -m kamtools.cli report --db $(DB) $(if $(JOBS),--jobs $(JOBS),) $(if $(PERIOD),--period $(PERIOD),)

## Run every test: unit, property, doctests, the layers contract and nbval over the notebooks
test: $(STAMP)
	@$(BYTECODE)
	$(PY) -m pytest -q -n auto --dist loadfile --durations=5

## The inner loop: every test that starts no notebook kernel, fewer property examples
test-fast: $(STAMP)
	@$(BYTECODE)
	HYPOTHESIS_PROFILE=dev $(PY) -m pytest -q -n auto --dist loadfile -m "not kernels" --ignore=notebooks

## Check the code with ruff and the import layers with import-linter
lint: $(STAMP)
	$(VENV)/bin/ruff check kamtools tests tools bench
	$(VENV)/bin/ruff format --check kamtools tests tools bench
	$(VENV)/bin/lint-imports

## Format the code with ruff (and sort imports)
format: $(STAMP)
	$(VENV)/bin/ruff check --select I --fix kamtools tests tools bench
	$(VENV)/bin/ruff format kamtools tests tools bench

## Pin every dependency again into requirements.lock (after changing pyproject.toml)
lock: $(STAMP)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --quiet -o requirements.lock

# Lab's root is the repository, not notebooks/: jupytext finds the pairing ([tool.jupytext] in
# pyproject.toml) only inside Lab's root. The file browser opens on notebooks/.
## Open JupyterLab on the notebooks; saving a notebook also saves its paired .py (jupytext)
lab: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,lab]'
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --ContentsManager.preferred_dir=notebooks

## Bring each notebook and its paired .py together (the newer one wins), then strip outputs
sync: $(STAMP)
	$(PY) -m jupytext --sync $(wildcard notebooks/*/*.ipynb notebooks/*/*/*.ipynb)
	$(PY) tools/strip_notebooks.py

## Regenerate the trainer's guide notebooks/training/FACILITATOR_GUIDE.md on the committed sample
guide: $(STAMP)
	$(PY) -m kamtools.cli training --guide notebooks/training/FACILITATOR_GUIDE.md --db data/sample

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

## Install headless Chromium, for `kam report --pdf` and the tests that screenshot and print the report (apt, as root)
browser:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
		echo "chromium is installed"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "install Chromium for kam report --pdf and the report screenshot tests (Debian/Ubuntu: sudo make browser)"; \
	fi

## Remove the virtual environment and generated reports
clean:
	rm -rf $(VENV) reports/20*
