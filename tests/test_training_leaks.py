"""No exercise shows its answer before its check: the student copies are run as a participant runs them,
in course order, and everything the participant has seen before each check (the text of the lessons, every
output of the cells run so far, in this lesson and the ones before) is searched for the exercise's answer in
the forms a page shows numbers: 0.91, 0.912, 91 %, 91.2%, 673,600, 673600.00, 71, and text codes such as
M+a+N.

A number shows the answer when it equals the answer rounded to the decimals it is shown with (a percentage to
its decimals plus two); a fraction needs two significant digits (0.9 says little about 0.91). Pages are full
of numbers, and a short one equals some answer by chance (a policy weight of 0.75, a count of 28, a group
depth of 1): so the course runs on three books, the committed sample and two generated ones, and an answer
leaks when it is shown at the same place (the same cell, the same n-th number counted from the start or from
the end) on every book. A page that computes the answer shows it there on every book; a chance equality
does not repeat.
"""

from __future__ import annotations

import html
import math
import re

import nbformat
import pytest
from jupyter_client import KernelManager
from nbclient import NotebookClient

import kamtools as kt
from kamtools import paths
from kamtools.cli import main
from kamtools.report import report_context
from kamtools.training.answers import answer

pytestmark = pytest.mark.kernels

LESSONS = sorted(paths.TRAINING_DIR.glob("*.ipynb"))
#: The no-code track, run on its own in course order: a participant on it sees its pages, not the lessons' code.
NO_CODE = sorted((paths.TRAINING_DIR / "nocode").glob("*.ipynb"))
TRACKS = {"lessons": LESSONS, "nocode": NO_CODE}
#: The end-of-day quiz: its answers are what the lessons taught, so only its own pages must not show them.
QUIZ = "09_quiz"
CHECK = re.compile(r"""training\.check\(\s*["']([^"']+)["']""")
DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
NUMBER = re.compile(r"(?<![\w.])(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?)(\s?%)?(?![\w])")


def _seen(cell) -> str:
    """What a participant sees of a cell: its text, and the text of its outputs (tags of HTML dropped)."""
    parts = [cell.source]
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            for mime in ("text/html", "text/markdown", "text/plain"):
                if mime in out.data:
                    text = out.data[mime]
                    parts.append(html.unescape(re.sub(r"<[^>]+>", " ", text)) if mime == "text/html" else text)
                    break
        elif out.output_type == "error":
            parts.append("\n".join(out.get("traceback", [])))
    return "\n".join(parts)


def _significant(token: str) -> int:
    return len(token.replace(",", "").replace(".", "").replace("-", "").lstrip("0"))


def places(value, text: str, context: int = 0) -> list[tuple[int, int, str]]:
    """Where ``text`` shows ``value``: (n-th match or number of the text, n-th from its end, the snippet with
    ``context`` characters either side) each.

    >>> [s for _, _, s in places(0.9123, "quick ratio 0.91; debt 91 %; turnover 0.9 or 0.9124")]
    ['0.91', '91 %']
    >>> [s for _, _, s in places(673_600.0, "limit 673,600 and 673600.00, not 673,601 or 6,736")]
    ['673,600', '673600.00']
    >>> [s for _, _, s in places(28, "28 customers, 2026-10-28, 128 held, 2.8")]
    ['28']
    >>> places("M+a+N", "M+A+N first; then M + a + N")
    [(0, -1, 'M + a + N')]
    >>> places(0.25, "weights 0.40 0.25 0.15; share 25 %, 2 of 8")
    [(1, -5, '0.25'), (3, -3, '25 %')]
    """
    if isinstance(value, str):
        code = re.compile(r"\s*".join(re.escape(ch) for ch in value.replace(" ", "")))
        found = list(code.finditer(text))
        return [(i, i - len(found), text[max(m.start() - context, 0) : m.end() + context]) for i, m in enumerate(found)]
    value = float(value)
    if not math.isfinite(value):
        return []
    text = DATE.sub(" ", text)
    numbers = list(NUMBER.finditer(text))
    found = []
    for i, m in enumerate(numbers):
        token, decimals, percent = m.group(1), len(m.group(2) or ""), bool(m.group(3))
        if _significant(token) < 2 and not value.is_integer():
            continue
        shown = float(token.replace(",", "")) / (100 if percent else 1)
        digits = decimals + (2 if percent else 0)
        if abs(round(value, digits) - shown) < 1e-9:
            found.append((i, i - len(numbers), text[max(m.start() - context, 0) : m.end() + context].strip()))
    return found


def _run_course(folder, km, db: str, notebooks=LESSONS) -> list[tuple[str, list]]:
    """The student copies of ``notebooks`` in ``folder`` run top to bottom on the store ``db`` at its latest
    complete month, in course order, with the empty answer of every exercise: [(lesson name, cells as run)]."""
    run = []
    for lesson in notebooks:
        nb = nbformat.read(str(folder / lesson.relative_to(paths.TRAINING_DIR)), as_version=4)
        params = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
        given = f"db = {db!r}"
        cells = [*nb.cells[: params + 1], nbformat.v4.new_code_cell(given), *nb.cells[params + 1 :]]
        nb.cells = [nbformat.v4.new_code_cell("%reset -f"), *cells]
        client = NotebookClient(nb, km=km, timeout=600, allow_errors=True)
        try:
            client.execute()
        finally:
            client.kc.stop_channels()
        run.append((lesson.name, [c for c in nb.cells[1:] if c.source not in ("%reset -f", given)]))
    return run


def _checks(run) -> list[tuple[str, str, list[tuple[str, int, str]]]]:
    """Every check of a run in course order: (exercise id, lesson, what the participant saw before it, as
    (lesson, cell number, text) per cell)."""
    seen, found = [], []
    for name, cells in run:
        for i, cell in enumerate(cells):
            m = CHECK.search(cell.source) if cell.cell_type == "code" else None
            if m:
                found.append((m.group(1), name, list(seen)))
            seen.append((name, i, _seen(cell)))
    return found


@pytest.fixture(scope="module")
def courses(tmp_path_factory, small_data):
    """The course run on three books, the committed sample and two generated ones, the lessons and the no-code
    track each on its own: {track: {book: (checks, answers by exercise id)}}."""
    out = tmp_path_factory.mktemp("course")
    assert main(["training", "--student", str(out)]) == 0
    other = kt.sample_data(customers=150, years=2, seed=5)
    books = {
        "sample": str(paths.default_db()),
        "generated": str(small_data.save(tmp_path_factory.mktemp("book") / "kam.duckdb")),
        "another": str(other.save(tmp_path_factory.mktemp("book") / "kam.duckdb")),
    }
    runs: dict[str, dict] = {track: {} for track in TRACKS}
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KAM_TRAINING_STRICT", "0")
        km = KernelManager(kernel_name="python3")
        km.start_kernel(cwd=str(out))
    try:
        for book, db in books.items():
            ctx = report_context("", db, language="en")  # labels stay English for the tests after it
            for track, notebooks in TRACKS.items():
                checks = _checks(_run_course(out, km, db, notebooks))
                runs[track][book] = (checks, {i: answer(i, (ctx.data, ctx.as_of)) for i, _, _ in checks})
    finally:
        km.shutdown_kernel(now=True)
    return runs


def test_every_lesson_has_checks(courses):
    for checks, _ in courses["lessons"].values():
        ids = [exercise_id for exercise_id, _, _ in checks]
        assert len(ids) == len(set(ids)) >= 20
        assert {lesson for _, lesson, _ in checks} == {p.name for p in LESSONS}


def test_every_no_code_notebook_has_checks(courses):
    """The no-code track checks each of its exercises once, each notebook at least one."""
    for checks, _ in courses["nocode"].values():
        ids = [exercise_id for exercise_id, _, _ in checks]
        assert len(ids) == len(set(ids)) >= 17
        assert {lesson for _, lesson, _ in checks} == {p.name for p in NO_CODE}
        assert {"03.code", "05.quick_ratio", "08.wallet_share", "10.defense_decline"} <= set(ids)


@pytest.mark.parametrize("track", TRACKS)
def test_no_answer_is_shown_before_its_check(courses, track):
    shown: dict[str, list[dict]] = {}
    for checks, answers in courses[track].values():
        for exercise_id, _, seen in checks:
            at = {}
            for lesson, cell, text in seen:
                if exercise_id.startswith("quiz.") and not lesson.startswith(QUIZ):
                    continue  # the lessons teach what the quiz asks: only the quiz itself must not show it
                for first, last, snippet in places(answers[exercise_id], text, context=40):
                    at[(lesson, cell, "from the start", first)] = at[(lesson, cell, "from the end", last)] = snippet
            shown.setdefault(exercise_id, []).append(at)
    leaks = []
    for exercise_id, books in shown.items():
        for place in sorted(set.intersection(*(set(at) for at in books))):
            lesson, cell, counted, n = place
            leaks.append(
                f"{exercise_id}: {lesson} cell {cell}, match {abs(n) + (n >= 0)} {counted}: "
                + " / ".join(repr(at[place]) for at in books)
            )
    assert not leaks, "\n".join(leaks)
