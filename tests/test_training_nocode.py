"""The no-code track (notebooks/training/nocode/): a notebook for every lesson with exercises, whose numbers are
enough to work each answer with a calculator, none of which is the answer itself, and whose student copies run
in nocode/ of the student folder with a fill-in cell per exercise."""

from __future__ import annotations

import math
import re

import nbformat
import pytest
from jupyter_client import KernelManager
from nbclient import NotebookClient
from test_training_guide import _english_only

from kamtools import paths
from kamtools.cli import main
from kamtools.report import report_context
from kamtools.training import check
from kamtools.training.answers import answer
from kamtools.training.core import EXERCISES, TRIES
from kamtools.training.lesson_data import lesson_date
from kamtools.training.worksheets import NO_CODE, ingredients, shown

NOTEBOOKS = sorted((paths.TRAINING_DIR / "nocode").glob("*.py"))
CHECK = re.compile(r"""training\.check\(\s*["']([^"']+)["']""")
#: The fill-in line of a no-code exercise: a number (or, for a code, a text in quotes) replaces ``None``.
STUB = re.compile(
    r"^[a-z_0-9]+ = None  # 在此填入(数字 / type the number here|答案，带引号 / type the answer here, in quotes)$"
)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _english_from_the_first_try(monkeypatch):
    monkeypatch.setenv("KAM_TRAINING_LANG", "en")
    TRIES.clear()


def _v(n, name):
    return n.loc[name, "value"]


def _code(n) -> str:
    return "+".join(
        letter.upper() if _v(n, key).startswith("是") else letter.lower()
        for letter, key in (("m", "money"), ("a", "authority"), ("n", "need"))
    )


def _transactional(n) -> int:
    ids = [i.removesuffix("_discount") for i in n.index if i.endswith("_discount")]
    return sum(
        _v(n, f"{c}_discount") > _v(n, "discount_share_limit")
        or _v(n, f"{c}_contribution") < _v(n, "contribution_split")
        for c in ids
    )


#: Each exercise worked from its numbers as a participant works it with a calculator.
BY_HAND = {
    "01.key_revenue_share": lambda n: _v(n, "key_revenue") / _v(n, "revenue"),
    "01.hours_to_move": lambda n: _v(n, "key_target") * _v(n, "hours") - _v(n, "key_hours"),
    "02.key_transactional": _transactional,
    "03.code": _code,
    "03.approach_value": lambda n: sum(_v(n, c) for c in ("M+A+N", "M+A+n", "M+a+N", "m+A+N")),
    "04.strategic_margin_share": lambda n: _v(n, "strategic") / n["value"].sum(),
    "05.quick_ratio": lambda n: (
        (_v(n, "current_assets") - _v(n, "inventory") - _v(n, "prepaid_expenses")) / _v(n, "current_liabilities")
    ),
    "05.debt_ratio": lambda n: _v(n, "total_liabilities") / _v(n, "total_assets"),
    "05.net_margin": lambda n: _v(n, "net_profit") / _v(n, "revenue"),
    "06.case_handler_burden": lambda n: (
        max(_v(n, "exposure") - _v(n, "approved_limit"), 0)
        + _v(n, "handler_share") * min(_v(n, "exposure"), _v(n, "approved_limit"))
    ),
    "07.over_90_share": lambda n: (_v(n, "d91_180") + _v(n, "d181_365") + _v(n, "d365_plus")) / _v(n, "total"),
    "07.dso": lambda n: _v(n, "receivables") / _v(n, "sales_90d") * _v(n, "days"),
    "07.provision": lambda n: sum(_v(n, b) * _v(n, f"{b}_rate") for b in n.index if f"{b}_rate" in n.index),
    "07.net_incentive": lambda n: (
        (
            _v(n, "collected") * _v(n, "collected_share")
            if _v(n, "collected") >= _v(n, "min_achievement") * _v(n, "target")
            else 0
        )
        - _v(n, "past_due") * _v(n, "penalty_share")
    ),
    "08.wallet_share": lambda n: _v(n, "revenue_12m") / _v(n, "wallet_estimate"),
    "08.account_time_share": lambda n: _v(n, "account_hours") / _v(n, "key_hours"),
    "10.defense_decline": lambda n: _v(n, "revenue_prev_12m") - _v(n, "revenue_12m"),
}


@pytest.fixture(scope="module", params=["sample", "generated"])
def book(request, small_data):
    if request.param == "sample":
        ctx = report_context("", "", language="en")
        return ctx.data, ctx.as_of
    return small_data, lesson_date(small_data)


def test_every_lesson_with_exercises_has_its_no_code_notebook():
    """Lessons 01-08 and 10 each have a no-code notebook of the same name; the quiz carries its own numbers."""
    assert [p.stem for p in NOTEBOOKS] == [
        "01_pyramid_and_time",
        "02_account_classification",
        "03_man_prospects",
        "04_customer_value",
        "05_credit_investigation",
        "06_grades_limits_approval",
        "07_receivables_collections",
        "08_account_plan",
        "10_profit_and_states",
    ]
    assert {p.stem for p in NOTEBOOKS} <= {p.stem for p in paths.TRAINING_DIR.glob("*.ipynb")}
    assert list(NO_CODE) == [p.stem[:2] for p in NOTEBOOKS]
    assert set(BY_HAND) == {i for ids in NO_CODE.values() for i in ids} <= set(EXERCISES)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_checks_what_its_worksheet_prints(notebook):
    """The checks of a no-code notebook are its lesson's worksheet questions, in the same order; each shows its
    numbers as the worksheet prints them, and each check follows a cell tagged as the exercise's solution."""
    text = notebook.read_text(encoding="utf-8")
    assert CHECK.findall(text) == list(NO_CODE[notebook.stem[:2]])
    nb = nbformat.read(str(notebook.with_suffix(".ipynb")), as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and CHECK.search(cell.source):
            assert "solution" in nb.cells[i - 1].metadata.get("tags", []), (notebook.stem, i)
    assert "shown(" in text and "ingredients(" in text


def test_the_numbers_are_enough_to_work_each_answer(book, capsys):
    """Each exercise worked by hand from the numbers the notebook shows is accepted by its check."""
    data, as_of = book
    for ids in NO_CODE.values():
        for id in ids:
            worked = BY_HAND[id](ingredients(id, data, as_of))
            assert check(id, worked, (data, as_of), strict=False) is True, (id, worked, capsys.readouterr().out)


def test_no_number_shown_is_the_answer(book):
    """The numbers are the inputs of the arithmetic, never its result (nor the result as a percentage)."""
    data, as_of = book
    for ids in NO_CODE.values():
        for id in ids:
            right = answer(id, (data, as_of))
            numbers = ingredients(id, data, as_of)
            if isinstance(right, str):
                assert right not in " ".join(map(str, numbers.to_numpy().ravel())), id
                continue
            for value in numbers["value"]:
                if isinstance(value, str) or float(right) == 0:
                    continue
                for form in (float(right), 100 * float(right)):
                    assert not math.isclose(float(value), form, rel_tol=1e-6), (id, value, right)


def test_numbers_are_shown_with_thousands_separators(book):
    data, as_of = book
    screen = shown(ingredients("05.quick_ratio", data, as_of))
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d\d", screen.loc["current_assets", "value"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", screen.loc["period_end", "value"])
    assert "e+" not in " ".join(screen["value"])


@pytest.fixture(scope="module")
def student_nocode(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    assert main(["training", "--student", str(out)]) == 0
    return out / "nocode"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_student_copies_hold_one_fill_in_line_per_exercise(notebook, student_nocode):
    """A participant on the no-code track sees the question's comment, in Chinese and English, and one line to type
    the number into: no arithmetic of the solution survives, and no "your code here"."""
    student = nbformat.read(str(student_nocode / notebook.with_suffix(".ipynb").name), as_version=4)
    cells = [c for c in student.cells if "exercise" in c.metadata.get("tags", [])]
    assert len(cells) == len(NO_CODE[notebook.stem[:2]])
    for cell in cells:
        code = [line for line in cell.source.splitlines() if not line.startswith("#")]
        assert len(code) == 1 and STUB.match(code[0]), cell.source
        assert "numbers" not in code[0]
        comments = [line for line in cell.source.splitlines() if line.startswith("#")]
        assert any(CJK.search(line) for line in comments) and "your code" not in cell.source, cell.source


@pytest.mark.kernels
def test_student_copies_run_with_every_answer_empty(student_nocode):
    """Every no-code student copy runs top to bottom in nocode/ of the student folder on the committed sample:
    no cell fails, each check of an empty answer says so and returns False."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KAM_TRAINING_STRICT", "0")
        km = KernelManager(kernel_name="python3")
        km.start_kernel(cwd=str(student_nocode))
    try:
        for notebook in NOTEBOOKS:
            nb = nbformat.read(str(student_nocode / notebook.with_suffix(".ipynb").name), as_version=4)
            nb.cells = [nbformat.v4.new_code_cell("%reset -f"), *nb.cells]
            client = NotebookClient(nb, km=km, timeout=600)
            try:
                client.execute()
            finally:
                client.kc.stop_channels()
            checks = [c for c in nb.cells if c.cell_type == "code" and CHECK.search(c.source)]
            assert len(checks) == len(NO_CODE[notebook.stem[:2]])
            for cell in checks:
                printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
                assert "✘" in printed and "no answer yet" in printed, (notebook.stem, printed)
                assert [o.data["text/plain"] for o in cell.outputs if o.output_type == "execute_result"] == ["False"]
    finally:
        km.shutdown_kernel(now=True)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_paragraph_is_in_chinese_with_english_beside_it(notebook):
    nb = nbformat.read(str(notebook.with_suffix(".ipynb")), as_version=4)
    assert _english_only("\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")) == []
