"""Every note and decision box a report page writes reaches the reader: Jupyter shows only a cell's last
expression, so a ``kt.tables.*``, ``kt.headlines.*`` or ``show_page_decisions`` call anywhere else (earlier in the
cell, inside an ``if``) must be wrapped in ``display(...)``; without it the sentence is computed and never shown."""

from __future__ import annotations

import ast
import re

import pytest

from kamtools import paths

SHOWN = ("kt.tables.", "kt.headlines.", "show_page_decisions")


def dropped(cell: str) -> list[tuple[int, str]]:
    """The lines of ``cell`` whose note Jupyter would not show: a bare call of :data:`SHOWN` that is not the
    cell's last statement (one inside an ``if``, ``for`` or ``try`` never is)."""
    try:
        tree = ast.parse(cell)
    except SyntaxError:
        return []
    last = tree.body[-1] if tree.body else None
    out: list[tuple[int, str]] = []

    def visit(statements: list[ast.stmt]) -> None:
        for st in statements:
            if isinstance(st, (ast.FunctionDef, ast.ClassDef)):
                continue  # a function returns its note to the caller
            if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
                name = ast.unparse(st.value.func)
                if name.startswith(SHOWN) and st is not last:
                    out.append((st.lineno, name))
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(st, field, None)
                if isinstance(inner, list):
                    visit(inner)
            for handler in getattr(st, "handlers", None) or []:
                visit(handler.body)

    visit(tree.body)
    return out


def test_the_check_finds_a_dropped_note():
    cell = 'kt.tables.note("first")\nif x:\n    kt.tables.note("second")\nelse:\n    display(kt.tables.note("ok"))\n'
    assert dropped(cell) == [(1, "kt.tables.note"), (3, "kt.tables.note")]
    assert dropped('x = 1\nkt.tables.note("last")\n') == []


@pytest.mark.parametrize("page", sorted(p.name for p in (paths.ROOT / "notebooks" / "reports").glob("*.py")))
def test_every_note_of_a_report_page_is_displayed(page):
    text = (paths.ROOT / "notebooks" / "reports" / page).read_text(encoding="utf-8")
    found = [(i, line, name) for i, cell in enumerate(re.split(r"^# %%.*$", text, flags=re.M))
             for line, name in dropped(cell)]  # fmt: skip
    assert found == [], f"{page}: notes never shown (cell, line in cell, call): {found}"
