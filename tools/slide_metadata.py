"""Give the training lessons their slides: Jupyter slideshow metadata on each lesson's cells, so that
`jupyter nbconvert --to slides LESSON.ipynb` (nbconvert's reveal.js exporter) makes one deck per lesson.

Usage: python tools/slide_metadata.py [NOTEBOOK ...]   (default: every lesson of notebooks/training),
then `make sync` (the paired .py files take the metadata from the notebooks).

The rule, from the lesson's own structure: the title (`# `) and every section (`## `) start a slide, a
subsection (`### `) a sub-slide (reveal.js shows it below its section), the `parameters` cell is left out
(`skip`); every other cell follows the slide before it. A cell whose slide type was set by hand to
`fragment` or `notes` keeps it. tests/test_training_slides.py checks the rule on every lesson and that
each exports.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "notebooks" / "training"
#: Slide types a trainer may set by hand, which the rule leaves alone.
KEPT = ("fragment", "notes")


def slide_type(cell) -> str | None:
    """The slide type the rule gives ``cell``, or None (the cell follows the slide before it)."""
    if "parameters" in cell.get("metadata", {}).get("tags", []):
        return "skip"
    if cell.cell_type != "markdown":
        return None
    first = cell.source.lstrip().split("\n", 1)[0]
    if first.startswith(("# ", "## ")):
        return "slide"
    if first.startswith("### "):
        return "subslide"
    return None


def apply(path: Path) -> bool:
    """Set the slide types of the notebook ``path``; True when it changed."""
    nb = nbformat.read(str(path), as_version=4)
    changed = False
    for cell in nb.cells:
        now = cell.metadata.get("slideshow", {}).get("slide_type")
        if now in KEPT:
            continue
        wanted = slide_type(cell)
        if wanted is None and now is not None:
            del cell.metadata["slideshow"]
            changed = True
        elif wanted is not None and now != wanted:
            cell.metadata["slideshow"] = {"slide_type": wanted}
            changed = True
    if changed:
        nbformat.write(nb, str(path))
    return changed


def main(argv: list[str]) -> int:
    notebooks = [Path(a) for a in argv] or sorted(TRAINING.glob("*.ipynb"))
    for path in notebooks:
        if apply(path):
            print(f"slides set: {os.path.relpath(path, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
