"""Student copies of the training notebooks: solution cells replaced by stubs.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> cell = nbformat.v4.new_code_cell("# Exercise: count the key accounts\\nanswer = (tiers == 'key').sum()")
>>> cell.metadata["tags"] = ["solution"]
>>> nb.cells.append(cell)
>>> print(to_student(nb).cells[0].source)
# Exercise: count the key accounts
answer = ...  # your code here

A cell tagged ``fill-in`` as well (the no-code track) becomes a line to type a number into, in both languages:

>>> cell.metadata["tags"] = ["solution", "fill-in"]
>>> print(to_student(nb).cells[0].source)
# Exercise: count the key accounts
answer = None  # 在此填入数字 / type the number here
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from .. import paths

_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z_0-9]*)\s*=(?!=)")
#: The line a participant of the no-code track types into: a cell tagged ``fill-in`` (a number) or
#: ``fill-in-text`` (a code in quotes).
FILL_IN = {
    "fill-in": "None  # 在此填入数字 / type the number here",
    "fill-in-text": "None  # 在此填入答案，带引号 / type the answer here, in quotes",
}


def _stub(source: str, blank: str = "...  # your code here") -> str:
    """Keep the cell's leading comments; assign ``blank`` (``...``) to each name the solution defined."""
    lines = source.splitlines()
    head = []
    for line in lines:
        if line.startswith("#"):
            head.append(line)
        else:
            break
    names: list[str] = []
    for line in lines:
        m = _ASSIGN.match(line)
        if m and m.group(1) not in names:
            names.append(m.group(1))
    body = [f"{name} = {blank}" for name in names] or [blank]
    return "\n".join(head + body)


def to_student(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose cells tagged ``solution`` are stubs and carry no outputs."""
    nb = nbformat.from_dict(nb)  # deep copy
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        tags = cell.get("metadata", {}).get("tags", [])
        if "solution" in tags:
            blank = next((FILL_IN[t] for t in tags if t in FILL_IN), None)
            cell.source = _stub(cell.source, blank) if blank else _stub(cell.source)
            cell.metadata["tags"] = [t for t in tags if t != "solution" and t not in FILL_IN] + ["exercise"]
    return nb


#: The participants' README in the lesson folder: written into the student folder as ``README.md``. The
#: folder's own README (agenda, solutions, how the checks are built) is the trainer's and is not copied.
STUDENT_README = "STUDENT_README.md"
#: The Chinese-English glossary of the course, copied beside the student notebooks as it is.
GLOSSARY = "GLOSSARY.md"
#: The subfolder of the case notebooks (the behavioural half: scenario questions and role-play cards), copied as
#: ``cases/`` of the student folder; their answer discussions are in the facilitator guide, never in a notebook.
CASES = "cases"
#: The subfolder of the no-code track (fill-in-the-number exercises), copied as ``nocode/`` of the student folder.
NO_CODE = "nocode"


class WouldOverwrite(ValueError):
    """The student folder already holds notebooks a participant may have worked in."""


def write_student_copies(out_dir: str | Path, src_dir: str | Path | None = None, *, force: bool = False) -> list[Path]:
    """Write the student version of every lesson in ``src_dir`` (default ``notebooks/training``) to ``out_dir``,
    of every case notebook (:data:`CASES`) to ``out_dir/cases`` and of the no-code track (:data:`NO_CODE`) to
    ``out_dir/nocode``, with the participants' README
    (:data:`STUDENT_README`) as ``README.md`` and the glossary (:data:`GLOSSARY`).

    A notebook already in ``out_dir`` is a participant's work: without ``force`` nothing is written and
    :class:`WouldOverwrite` names the notebooks that would be replaced.
    """
    src = Path(src_dir) if src_dir else paths.TRAINING_DIR
    out = Path(out_dir)
    if out.resolve() == src.resolve():
        raise ValueError(f"{out}: student copies must not overwrite the instructor notebooks")
    lessons = sorted(src.glob("*.ipynb"))
    cases = [p for folder in (CASES, NO_CODE) for p in sorted((src / folder).glob("*.ipynb"))]
    if not lessons:
        raise ValueError(f"{src}: no lesson notebooks found")
    readme = src / STUDENT_README
    if not readme.is_file():
        raise ValueError(f"{src}: no {STUDENT_README} (the participants' README) found")
    taken = [path.name for path in lessons if (out / path.name).exists()]
    taken += [path.relative_to(src).as_posix() for path in cases if (out / path.relative_to(src)).exists()]
    if taken and not force:
        raise WouldOverwrite(
            f"{out} already holds {len(taken)} lesson notebook(s) a participant may have worked in: "
            f"{', '.join(taken)}; nothing was written. Choose another folder, or add --force to replace them."
        )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for folder in {path.parent.name for path in cases}:
        (out / folder).mkdir(exist_ok=True)
    for path in [*lessons, *cases]:
        nb = nbformat.read(str(path), as_version=4)
        target = out / path.relative_to(src)
        nbformat.write(to_student(nb), str(target))
        written.append(target)
    (out / "README.md").write_text(readme.read_text(encoding="utf-8"), encoding="utf-8")
    if (src / GLOSSARY).is_file():
        (out / GLOSSARY).write_text((src / GLOSSARY).read_text(encoding="utf-8"), encoding="utf-8")
    return written
