"""Slides per lesson: every lesson carries Jupyter slideshow metadata (tools/slide_metadata.py: its title and
sections start a slide, subsections a sub-slide, the parameters cell is skipped), and `jupyter nbconvert --to
slides` (nbconvert's reveal.js exporter) makes one deck of each, with a slide per section."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import nbformat
import pytest

from kamtools import paths

LESSONS = sorted(paths.TRAINING_DIR.glob("*.ipynb"))
#: Lessons whose cells are being reworked: run tools/slide_metadata.py on them once that work is in.
PENDING: set[str] = set()

_spec = importlib.util.spec_from_file_location("slide_metadata", paths.ROOT / "tools" / "slide_metadata.py")
slides = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(slides)


def _types(nb) -> list[str | None]:
    return [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]


def test_the_rule():
    md = nbformat.v4.new_markdown_cell
    params = nbformat.v4.new_code_cell("db = ''")
    params.metadata["tags"] = ["parameters"]
    cells = [
        md("# Lesson 1"),
        md("## 1. Tiers"),
        md("### Exercise 1.1"),
        md("Some text"),
        nbformat.v4.new_code_cell("x = 1"),
        params,
    ]
    assert [slides.slide_type(c) for c in cells] == ["slide", "slide", "subslide", None, None, "skip"]


@pytest.mark.parametrize("lesson", [p for p in LESSONS if p.stem not in PENDING], ids=lambda p: p.stem)
def test_every_lesson_has_its_slides(lesson):
    nb = nbformat.read(str(lesson), as_version=4)
    types = _types(nb)
    assert types[0] == "slide"
    assert types == [slides.slide_type(c) for c in nb.cells], "run tools/slide_metadata.py, then make sync"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_judgment_exercise_opens_a_slide(lesson):
    nb = nbformat.read(str(lesson), as_version=4)
    judgment = [c for c in nb.cells if c.cell_type == "markdown" and "判断练习" in c.source.split("\n", 1)[0]]
    if lesson.stem.startswith("09"):
        assert not judgment
        return
    assert [c.metadata.get("slideshow", {}).get("slide_type") for c in judgment] == ["slide"]


def test_nbconvert_exports_each_lesson_as_slides(tmp_path):
    """One nbconvert run over every lesson, as a trainer would make the decks (no kernel: the lessons are
    committed without outputs)."""
    cmd = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "slides", "--output-dir", str(tmp_path)]
    run = subprocess.run([*cmd, *map(str, LESSONS)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    for lesson in LESSONS:
        deck = (tmp_path / f"{lesson.stem}.slides.html").read_text(encoding="utf-8")
        assert "reveal" in deck.lower()
        nb = nbformat.read(str(lesson), as_version=4)
        starts = sum(t in ("slide", "subslide") for t in _types(nb))
        # reveal.js nests a slide's sub-slides in its section: one <section> per slide plus one per (sub)slide
        sections = len(re.findall(r"<section\b", deck))
        assert sections >= starts, (lesson.stem, sections, starts)
        heading = nb.cells[0].source.splitlines()[0].lstrip("# ").strip()
        assert heading.split(":")[0].split(" — ")[0] in deck, lesson.stem
