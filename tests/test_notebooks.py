"""Notebook hygiene: committed without outputs, one literal parameters cell in report notebooks."""
from __future__ import annotations

import ast

import nbformat
import pytest

from kamtools import paths
from kamtools.report import notebook_parameters, report_notebooks

NOTEBOOKS = sorted(p for p in paths.NOTEBOOKS_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def test_there_are_notebooks():
    assert report_notebooks(), "no report notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(paths.NOTEBOOKS_DIR)))
def test_committed_without_outputs(path):
    nb = nbformat.read(str(path), as_version=4)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; run python tools/strip_notebooks.py"
    assert "widgets" not in nb.metadata, f"{path.name} carries saved widget state; run python tools/strip_notebooks.py"


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
