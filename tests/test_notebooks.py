"""Notebook hygiene: every notebook paired with a percent .py that says the same, committed
without outputs, one literal parameters cell in report notebooks. No kernel is started."""

from __future__ import annotations

import ast

import jupytext
import nbformat
import pytest
from jupytext.config import load_jupytext_configuration_file

from kamtools import paths
from kamtools.report import notebook_parameters, report_notebooks


def _in_notebooks(pattern: str) -> list:
    """The files under notebooks/ matching ``pattern`` (not Lab's checkpoints, not pytest's conftest.py)."""
    return sorted(
        p for p in paths.NOTEBOOKS_DIR.rglob(pattern) if ".ipynb_checkpoints" not in p.parts and p.name != "conftest.py"
    )


NOTEBOOKS = _in_notebooks("*.ipynb")
SCRIPTS = _in_notebooks("*.py")
PYPROJECT = paths.NOTEBOOKS_DIR.parent / "pyproject.toml"
PAIRING = "ipynb,py:percent"


def _name(path) -> str:
    return str(path.relative_to(paths.NOTEBOOKS_DIR))


def test_there_are_notebooks():
    assert report_notebooks(), "no report notebooks found"


# --------------------------------------------------------------------------- one source per notebook


@pytest.fixture(scope="module")
def jupytext_config():
    """The project's jupytext settings ([tool.jupytext] in pyproject.toml), as `jupytext --sync` and Lab use them."""
    config = load_jupytext_configuration_file(str(PYPROJECT))
    assert config is not None, f"{PYPROJECT.name} has no [tool.jupytext] section"
    return config


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_paired_with_its_script(path, jupytext_config):
    assert jupytext_config.default_formats(str(path)) == PAIRING, f"{_name(path)} is not paired as {PAIRING}"
    script = path.with_suffix(".py")
    assert script.is_file(), f"{_name(path)} has no paired {script.name}: run make sync"
    expected = jupytext.writes(jupytext.read(path), fmt="py:percent", config=jupytext_config)
    assert script.read_text(encoding="utf-8") == expected, (
        f"{_name(script)} and {path.name} differ: run make sync (the newer of the two wins), "
        "or edit in JupyterLab (make lab), which saves both"
    )


@pytest.mark.parametrize("script", SCRIPTS, ids=_name)
def test_every_script_has_its_notebook(script):
    assert script.with_suffix(".ipynb").is_file(), (
        f"{_name(script)} has no {script.with_suffix('.ipynb').name}: "
        f"create it with .venv/bin/jupytext --sync notebooks/{_name(script)}, or delete the script"
    )


# --------------------------------------------------------------------------- committed clean


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_committed_without_outputs(path):
    nb = nbformat.read(str(path), as_version=4)
    dirty = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; run make sync (or python tools/strip_notebooks.py)"
    assert "widgets" not in nb.metadata, (
        f"{path.name} carries saved widget state; run make sync (or python tools/strip_notebooks.py)"
    )


# --------------------------------------------------------------------------- report parameters


@pytest.mark.parametrize("path", report_notebooks(), ids=lambda p: p.name)
def test_report_notebook_parameters(path):
    nb = nbformat.read(str(path), as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: {len(tagged)} cells tagged 'parameters', expected 1"
    tree = ast.parse(tagged[0].source)
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign), f"{path.name}: parameters need a type hint: {ast.unparse(node)}"
        assert isinstance(node.value, ast.Constant), f"{path.name}: parameter defaults must be literals"
    for line in tagged[0].source.splitlines():
        assert "#" in line, f"{path.name}: parameter without a comment: {line!r}"
    params = notebook_parameters(path)
    assert {"period", "db", "policy"} <= set(params), f"{path.name}: report parameters missing"
