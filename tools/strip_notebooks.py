"""Strip outputs, execution counts and saved widget state from the workbook's notebooks (keeps tags).

Usage: python tools/strip_notebooks.py [NOTEBOOK ...]   (default: every notebook); `make sync` runs it.

Only outputs change, never a cell's source, so a stripped .ipynb keeps its modification time:
jupytext takes the newer file of a pair as the source of the cells, and stripping must not make
the .ipynb win over edits made in its paired .py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def strip(path: Path) -> bool:
    nb = nbformat.read(str(path), as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count = [], None
            changed = True
        for key in ("execution", "collapsed", "scrolled"):
            if key in cell.metadata:
                del cell.metadata[key]
                changed = True
    if "widgets" in nb.metadata:  # saved widget state of an interactive session
        del nb.metadata["widgets"]
        changed = True
    if changed:
        stat = path.stat()
        nbformat.write(nb, str(path))
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return changed


if __name__ == "__main__":
    targets = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "notebooks").rglob("*.ipynb"))
    for p in targets:
        if ".ipynb_checkpoints" not in p.parts and strip(p):
            print(f"stripped {p}")
