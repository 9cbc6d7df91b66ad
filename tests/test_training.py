"""The training course: student copies (kam training --student) and the credit lessons' checks."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import nbformat
import numpy as np
import pandas as pd
import pytest
from jupyter_client import KernelManager
from nbclient import NotebookClient

import kamtools as kt
from kamtools import credit, paths
from kamtools.cli import EXIT_DATA, main
from kamtools.schema import CREDIT_FACTORS
from kamtools.training import NotYet, check
from kamtools.training.core import TRIES
from kamtools.training.credit_lessons import focus_account, lesson_date

LESSONS = sorted(paths.TRAINING_DIR.glob("*.ipynb"))
STUB_SUFFIX = " = ...  # your code here"


@pytest.fixture(autouse=True)
def _checks_in_english_from_the_first_try(monkeypatch):
    """The checks speak English here, and each test starts at the first hint."""
    monkeypatch.setenv("KAM_TRAINING_LANG", "en")
    TRIES.clear()


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _code_lines(source: str) -> set[str]:
    return {line.strip() for line in source.splitlines() if line.strip() and not line.strip().startswith("#")}


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    assert main(["training", "--student", str(out)]) == 0
    return out


# --------------------------------------------------------------------------- student copies
def test_lessons_exist():
    names = [p.name for p in LESSONS]
    for lesson in (
        "05_credit_investigation",
        "06_grades_limits_approval",
        "07_receivables_collections",
        "08_account_plan",
    ):
        assert f"{lesson}.ipynb" in names
    assert (paths.TRAINING_DIR / "README.md").is_file()


def test_one_student_notebook_per_lesson(student_dir):
    assert sorted(p.name for p in student_dir.glob("*.ipynb")) == [p.name for p in LESSONS]


def test_student_copies_get_the_participants_readme(student_dir):
    """The participants read how to work the exercises; the trainer's README (agenda, how the checks
    are built, where the solutions are) stays in the lesson folder."""
    readme = (student_dir / "README.md").read_text(encoding="utf-8")
    assert readme == (paths.TRAINING_DIR / "STUDENT_README.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in student_dir.glob("*.md")) == ["GLOSSARY.md", "README.md"]
    glossary = (student_dir / "GLOSSARY.md").read_text(encoding="utf-8")
    assert glossary == (paths.TRAINING_DIR / "GLOSSARY.md").read_text(encoding="utf-8")
    assert "your code here" in readme and "如何做练习" in readme
    for trainer_only in ("solution", "instructor", "KAM_TRAINING_STRICT", "Agenda"):
        assert trainer_only not in readme


def test_student_copies_get_the_case_notebooks(student_dir):
    """The case notebooks go to cases/ with their questions and cards; the answer discussions stay in the guide."""
    cases = sorted(p.name for p in (paths.TRAINING_DIR / "cases").glob("*.ipynb"))
    assert len(cases) == 5
    assert sorted(p.name for p in (student_dir / "cases").glob("*.ipynb")) == cases
    text = (student_dir / "cases" / "B_choosing_customers.ipynb").read_text(encoding="utf-8")
    assert "问题 Question B.1" in text and "角色卡 Card B.1" in text
    assert "Five principles of choosing" not in text  # the guide's discussion of B.2


def test_student_copies_never_overwrite_a_participants_work(tmp_path, capsys):
    out = tmp_path / "course"
    assert main(["training", "--student", str(out)]) == 0
    worked = out / LESSONS[0].name
    worked.write_text("a participant's work", encoding="utf-8")
    (out / LESSONS[1].name).unlink()
    capsys.readouterr()

    assert main(["training", "--student", str(out)]) == EXIT_DATA
    err = capsys.readouterr().err
    cases = sorted((paths.TRAINING_DIR / "cases").glob("*.ipynb")) + sorted(
        (paths.TRAINING_DIR / "nocode").glob("*.ipynb")
    )
    assert f"already holds {len(LESSONS) - 1 + len(cases)} lesson notebook(s)" in err
    assert f"cases/{cases[0].name}" in err  # a participant writes answers in the case notebooks too
    assert LESSONS[0].name in err and "--force" in err and "nothing was written" in err
    assert worked.read_text(encoding="utf-8") == "a participant's work"
    assert not (out / LESSONS[1].name).exists()

    assert main(["training", "--student", str(out), "--force"]) == 0
    assert "solution" not in worked.read_text(encoding="utf-8")
    assert (out / LESSONS[1].name).is_file()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_student_copy_holds_no_solution(lesson, student_dir):
    teacher = nbformat.read(str(lesson), as_version=4)
    student = nbformat.read(str(student_dir / lesson.name), as_version=4)
    solutions = [c for c in teacher.cells if "solution" in _tags(c)]
    assert solutions, f"{lesson.name}: no exercise (no cell tagged 'solution')"
    assert not [c for c in student.cells if "solution" in _tags(c)]
    assert len(student.cells) == len(teacher.cells)

    # Code that appears only in solution cells must be gone from the student copy.
    elsewhere = set().union(
        *(_code_lines(c.source) for c in teacher.cells if c.cell_type == "code" and "solution" not in _tags(c))
    )
    secret = set().union(*(_code_lines(c.source) for c in solutions)) - elsewhere
    assert secret
    kept = set().union(*(_code_lines(c.source) for c in student.cells if c.cell_type == "code"))
    assert not secret & kept, f"{lesson.name}: solution code in the student copy: {sorted(secret & kept)[:3]}"

    for t_cell, s_cell in zip(teacher.cells, student.cells):
        if "solution" not in _tags(t_cell):
            assert s_cell.source == t_cell.source
            continue
        assert "exercise" in _tags(s_cell)
        comments = [line for line in t_cell.source.splitlines() if line.startswith("#")]
        head = s_cell.source.splitlines()[: len(comments)]
        assert head and head == t_cell.source.splitlines()[: len(head)], "the task's comments must stay"
        stubs = [line for line in s_cell.source.splitlines() if not line.startswith("#")]
        assert stubs and all(line.endswith(STUB_SUFFIX) for line in stubs), stubs


def _first_exercise(nb) -> tuple[int, int]:
    """Index of the first stub and of the check cell after it."""
    stub = next(i for i, c in enumerate(nb.cells) if "exercise" in _tags(c))
    follow = next(i for i in range(stub + 1, len(nb.cells)) if nb.cells[i].cell_type == "code")
    return stub, follow


@pytest.fixture(scope="module")
def lesson_kernel(student_dir):
    """One kernel for the student copies, started in their folder with the checks not strict (a
    student's wrong answer prints ✘ and goes on): each copy runs in it after ``%reset -f``, with
    nothing left of the copy before but the modules it imported (starting a kernel and importing
    the workbook take most of the time of running a copy to its first exercise)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KAM_TRAINING_STRICT", "0")
        km = KernelManager(kernel_name="python3")
        km.start_kernel(cwd=str(student_dir))
    try:
        yield km
    finally:
        km.shutdown_kernel(now=True)


@pytest.mark.kernels
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_student_copy_runs_to_its_first_exercise(lesson, student_dir, lesson_kernel):
    """Run each student copy (on the committed sample) up to its first exercise and the check after it:
    everything before runs, the check of the empty stub says ✘ and returns False."""
    nb = nbformat.read(str(student_dir / lesson.name), as_version=4)
    stub, follow = _first_exercise(nb)
    assert "training.check(" in nb.cells[follow].source, f"{lesson.name}: no check after the first exercise"
    cells = nb.cells[: follow + 1]
    params = next(i for i, c in enumerate(cells) if "parameters" in _tags(c))
    declared = {node.target.id for node in ast.parse(cells[params].source).body if isinstance(node, ast.AnnAssign)}
    assert "db" in declared
    cells.insert(params + 1, nbformat.v4.new_code_cell(f"db = {str(paths.default_db())!r}"))  # the sample's store
    nb.cells = [nbformat.v4.new_code_cell("%reset -f"), *cells]  # no name of the copy run before
    client = NotebookClient(nb, km=lesson_kernel, timeout=600)
    try:
        client.execute()
    finally:
        client.kc.stop_channels()
    outputs = nb.cells[-1].outputs
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "✘" in printed and "no answer yet" in printed, printed
    results = [o.data["text/plain"] for o in outputs if o.output_type == "execute_result"]
    assert results == ["False"]


def test_student_copies_never_overwrite_the_lessons(capsys):
    before = {p: p.read_bytes() for p in LESSONS}
    assert main(["training", "--student", str(paths.TRAINING_DIR)]) == EXIT_DATA
    assert "must not overwrite" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in LESSONS} == before


# --------------------------------------------------------------------------- credit lessons' checks
@pytest.fixture(scope="module")
def book(small_data, tmp_path_factory):
    """The generated book in a store, as the lessons read theirs: the checks of lesson 6 then work
    out the limits once for every check (:meth:`KamData.kept`)."""
    data = kt.KamData(db=small_data.save(tmp_path_factory.mktemp("book") / "kam.duckdb"))
    as_of = lesson_date(data)
    yield data, as_of, pd.Timestamp(as_of), focus_account(data, as_of)
    data.close()


def _window(frame: pd.DataFrame, col: str, end: pd.Timestamp, start: pd.Timestamp) -> pd.DataFrame:
    return frame[(frame[col] > start) & (frame[col] <= end)]


def _expected_by_hand(data, as_of: pd.Timestamp, cid: str) -> dict[str, float]:
    """Each credit exercise's answer from the raw tables, the way a student computes it."""
    pol = kt.policy.load_policy(None)
    out: dict[str, float] = {}
    fin = data.financials[data.financials["period_end"] <= as_of].sort_values("period_end")
    own = fin[fin["customer_id"] == cid]
    last, prev = own.iloc[-1], own.iloc[-2]
    prepaid = 0.0 if pd.isna(last["prepaid_expenses"]) else last["prepaid_expenses"]
    out["05.quick_ratio"] = (last["current_assets"] - last["inventory"] - prepaid) / last["current_liabilities"]
    out["05.asset_turnover"] = last["revenue"] / ((prev["total_assets"] + last["total_assets"]) / 2)
    out["05.debt_ratio"] = last["total_liabilities"] / last["total_assets"]
    out["05.net_margin"] = last["net_profit"] / last["revenue"]
    latest = fin.groupby("customer_id").tail(1)
    out["05.weak_debt_ratio"] = int((latest["total_liabilities"] / latest["total_assets"] > 0.7).sum())
    fac = data.credit_factors
    fac = fac[(fac["customer_id"] == cid) & (fac["assessed_on"] <= as_of)].sort_values("assessed_on").iloc[-1]
    weights = pol["credit"]["weights"]
    # a factor scored once with a ratio (credit.scored_once) earns nothing while the statements
    # give the ratio: the focus account has two years of statements, so both pairs go to the ratios
    paired = set(pol["credit"]["scored_once"].values())
    out["05.factor_points"] = sum(weights[f] * (float(fac[f]) - 1) / 4 for f in CREDIT_FACTORS if f not in paired)

    inv = data.sql("select customer_id, invoice_date, amount from invoices")
    year = _window(inv, "invoice_date", as_of, as_of - pd.DateOffset(months=12))
    grade = credit.score(data, as_of).loc[cid, "grade"]
    equity = last["total_assets"] - last["total_liabilities"]
    working_capital = last["current_assets"] - last["current_liabilities"]
    # terms need: purchases over the months bought x (terms + 10 grace days) / 30 + open orders;
    # x the grade's multiplier, at most the greater of the equity and working-capital shares
    mine = year[year["customer_id"] == cid]
    by_month = mine.groupby(mine["invoice_date"].dt.to_period("M"))["amount"].sum()
    terms = data.customers.set_index("customer_id").loc[cid, "payment_terms_days"]
    oo = data.table("open_orders")
    orders = oo.loc[(oo["customer_id"] == cid) & (pd.to_datetime(oo["order_date"]) <= as_of), "amount"].sum()
    need = by_month.sum() / (by_month > 0).sum() * (terms + 10) / 30 + orders
    mult = {"AAA": 1.5, "AA": 1.3, "A": 1.2, "BBB": 1.1, "BB": 1.0, "B": 0.75, "C": 0.0}[grade]
    eq_share = {"AAA": 0.20, "AA": 0.15, "A": 0.12, "BBB": 0.10, "BB": 0.08, "B": 0.05, "C": 0.0}[grade]
    wc_share = {"AAA": 0.50, "AA": 0.40, "A": 0.30, "BBB": 0.25, "BB": 0.20, "B": 0.15, "C": 0.0}[grade]
    cap = max(eq_share * equity, wc_share * working_capital, 0.0)
    out["06.recommended_limit"] = np.floor(min(need * mult, cap) / 1000 + 0.5) * 1000
    lim = credit.limits(data, as_of)
    out["06.top_level"] = int(((lim["limit_change"] > 0) & (lim["recommended_limit"] > 500_000)).sum())
    over = lim[lim["over_limit"]]
    within = np.minimum(over["exposure"], over["approved_limit"])
    out["06.handler_burden"] = float((over["exposure"] - within + 0.3 * within).sum())
    out["06.held_over_limit"] = _held_over_limit_by_hand(lim)

    ag = kt.receivables.aging(data, as_of)
    out["07.over_90_share"] = ag[["d91_180", "d181_365", "d365_plus"]].to_numpy().sum() / ag["total"].sum()
    sales = _window(inv, "invoice_date", as_of, as_of - pd.Timedelta(days=90))["amount"].sum()
    out["07.dso"] = ag["total"].sum() / sales * 90
    rates = {
        "current": 0.0,
        "d1_30": 0.01,
        "d31_60": 0.05,
        "d61_90": 0.10,
        "d91_180": 0.25,
        "d181_365": 0.50,
        "d365_plus": 1.0,
    }
    out["07.provision"] = sum(ag[b].sum() * r for b, r in rates.items())

    wallet = data.customers.set_index("customer_id").loc[cid, "wallet_estimate"]
    out["08.wallet_share"] = year.loc[year["customer_id"] == cid, "amount"].sum() / wallet
    acts = _window(
        data.sql("select customer_id, date, hours from activities"), "date", as_of, as_of - pd.DateOffset(months=12)
    )
    tiers = kt.segments.pyramid(data, as_of)["tier"]
    on_key = acts[acts["customer_id"].map(tiers) == "key"]
    out["08.account_time_share"] = on_key.loc[on_key["customer_id"] == cid, "hours"].sum() / on_key["hours"].sum()
    return out


def _held_over_limit_by_hand(
    lim: pd.DataFrame, owed: str = "receivables", share: float = 0.10, no_limit: bool = True
) -> int:
    """Customers the hold rule over_limit holds: receivables (open invoices less unapplied cash, not below 0;
    open orders do not count) above the approved limit x 1.10 (exactly 110 % is not held), or receivables
    and no approved limit. The other arguments make the slips the hint warns of: ``owed="exposure"``,
    ``share=0`` (over the limit itself), ``no_limit=False`` (customers without a limit left out)."""
    receivables = (lim["open_receivables"] - lim["unapplied_credit"]).clip(lower=0).round(2)
    amount = receivables if owed == "receivables" else lim["exposure"]
    limit = lim["approved_limit"]
    held = ((limit > 0) & (amount > limit * (1 + share))) | ((limit == 0) & (amount > 0) & no_limit)
    return int(held.sum())


@pytest.fixture(scope="module")
def by_hand(book):
    data, _, as_of, cid = book
    return _expected_by_hand(data, as_of, cid)


CREDIT_EXERCISES = [
    "05.quick_ratio",
    "05.asset_turnover",
    "05.debt_ratio",
    "05.net_margin",
    "05.weak_debt_ratio",
    "05.factor_points",
    "06.recommended_limit",
    "06.top_level",
    "06.handler_burden",
    "06.held_over_limit",
    "07.over_90_share",
    "07.dso",
    "07.provision",
    "08.wallet_share",
    "08.account_time_share",
]


def test_focus_account_is_a_key_account_with_a_credit_file(book):
    data, as_of, ts, cid = book
    pyr = kt.segments.pyramid(data, as_of)
    assert pyr.loc[cid, "tier"] == "key"
    assert (data.financials.loc[data.financials["customer_id"] == cid, "period_end"] <= ts).sum() >= 2
    assert (data.credit_factors["customer_id"] == cid).any()
    key = pyr[(pyr["tier"] == "key") & (pyr["kind"] == "customer")]
    assert pyr.loc[cid, "revenue_12m"] <= key["revenue_12m"].max()


@pytest.mark.parametrize("exercise_id", CREDIT_EXERCISES)
def test_credit_check_accepts_the_answer_computed_by_hand(exercise_id, book, by_hand, capsys):
    data, as_of, _, _ = book
    assert check(exercise_id, by_hand[exercise_id], (data, as_of)) is True
    assert f"✔ {exercise_id}: correct." in capsys.readouterr().out


@pytest.mark.parametrize("exercise_id", CREDIT_EXERCISES)
def test_credit_check_rejects_a_wrong_answer_with_a_hint(exercise_id, book, by_hand, capsys):
    data, as_of, _, _ = book
    wrong = by_hand[exercise_id] * 1.5 + 1
    assert check(exercise_id, wrong, (data, as_of), strict=False) is False
    out = capsys.readouterr().out
    assert out.startswith(f"✘ {exercise_id}: not yet:") and "too high" in out and "Hint 1/3: " in out
    with pytest.raises(NotYet):
        check(exercise_id, wrong, (data, as_of), strict=True)


def test_credit_check_without_an_answer(book, capsys):
    data, as_of, _, _ = book
    assert check("07.dso", ..., (data, as_of), strict=False) is False
    assert "no answer yet" in capsys.readouterr().out


def test_credit_checks_follow_the_lesson_date(book):
    data, _, _, _ = book
    earlier = pd.Timestamp("2026-06-30")
    ag = kt.receivables.aging(data, earlier)
    share = ag[["d91_180", "d181_365", "d365_plus"]].to_numpy().sum() / ag["total"].sum()
    assert check("07.over_90_share", share, (data, earlier.date()), strict=False) is True
    # plain data means the latest complete month, where the share differs
    latest = kt.receivables.aging(data, lesson_date(data))
    assert not np.isclose(share, latest[["d91_180", "d181_365", "d365_plus"]].to_numpy().sum() / latest["total"].sum())
    assert check("07.over_90_share", share, data, strict=False) is False


def test_lesson_05_computes_the_four_ratios_by_hand():
    """Lesson 5 has a checked exercise for each of the four ratios of the method, for the focus account."""
    nb = nbformat.read(str(paths.TRAINING_DIR / "05_credit_investigation.ipynb"), as_version=4)
    checks = [c.source for c in nb.cells if c.cell_type == "code" and "training.check(" in c.source]
    for ex in ("05.quick_ratio", "05.debt_ratio", "05.asset_turnover", "05.net_margin"):
        assert any(f'"{ex}"' in src for src in checks), ex
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "first two rows" not in text


def test_ratio_checks_are_strict_about_shares(book, by_hand, capsys):
    # a debt ratio or net margin off by half a percentage point is not accepted
    data, as_of, _, _ = book
    for ex in ("05.debt_ratio", "05.net_margin"):
        assert check(ex, by_hand[ex] + 0.005, (data, as_of), strict=False) is False


def test_held_over_limit_refuses_the_usual_mistakes(book, by_hand):
    """The hold exercise counts receivables, not exposure, over 110 % of the limit, and the customers with
    receivables and no limit: each slip gives a different count on the test book, and the check refuses it."""
    data, as_of, _, _ = book
    lim = credit.limits(data, as_of)
    right = by_hand["06.held_over_limit"]
    assert right == int(credit.holds(data, as_of, lim=lim)["hold_over_limit"].sum()) > 0
    slips = {
        "exposure instead of receivables": _held_over_limit_by_hand(lim, owed="exposure"),
        "over the limit itself, not 110 % of it": _held_over_limit_by_hand(lim, share=0.0),
        "customers without a limit left out": _held_over_limit_by_hand(lim, no_limit=False),
    }
    for slip, count in slips.items():
        assert count != right, slip
        assert check("06.held_over_limit", count, (data, as_of), strict=False) is False, slip


# --------------------------------------------------------------------------- the answer key of the student copies
STUDENT_KERNEL = """
import sys
from kamtools import training
from kamtools.report import report_context
ctx = report_context("", "")
lesson = (ctx.data, ctx.as_of)
right = {right!r}
print(sorted(training.EXERCISES))
print(training.check("05.quick_ratio", right["05.quick_ratio"], lesson))
print(training.check("05.quick_ratio", right["05.quick_ratio"] + 0.05, lesson))
print(training.check("05.quick_ratio", right["current_ratio"], lesson))
print(training.check("05.quick_ratio", right["05.quick_ratio"] * 100, lesson))
print(training.check("06.recommended_limit", right["06.recommended_limit"] + 1234.5, lesson))
print(training.check("03.code", "m+A+N", lesson))
print(training.check("03.code", "M+A+n", lesson))
training.language("zh")
print(training.check("07.over_90_share", -right["07.over_90_share"], lesson))
training.language("en")
print(training.check("03.code", "M + a + N", lesson))
print(training.check("06.top_level", right["06.top_level"], lesson))
print(training.check("07.provision", right["07.provision"] * (1 + 1e-8), lesson))
print(training.check("07.dso", right["07.dso"], (ctx.data, "2026-07-31")))
print("kamtools.training.answers" in sys.modules, "kamtools.training.credit_lessons" in sys.modules)
"""


def test_student_checks_use_the_key_and_load_no_answer(student_dir):
    """In a student folder a check compares with the answer key: right and wrong answers are told apart,
    another date is refused with a reason, and the kernel never loads a function that computes an answer
    (``training.EXERCISES`` stays empty: no ``expected`` to call)."""
    from kamtools.report import report_context
    from kamtools.training.answers import answer, coaching

    ctx = report_context("", "", language="en")  # labels stay English for the tests after it
    ids = ("05.quick_ratio", "06.top_level", "07.provision", "07.dso", "06.recommended_limit", "07.over_90_share")
    right = {i: answer(i, (ctx.data, ctx.as_of)) for i in ids}
    right["current_ratio"] = coaching("05.quick_ratio", (ctx.data, ctx.as_of))["slips"]["current_ratio"][0]
    right = {i: float(v) if isinstance(v, float) else int(v) for i, v in right.items()}
    env = {**os.environ, "PYTHONPATH": str(paths.NOTEBOOKS_DIR.parent), "KAM_TRAINING_STRICT": "0"}
    run = subprocess.run(
        [sys.executable, "-c", STUDENT_KERNEL.format(right=right)],
        cwd=student_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    lines = run.stdout.splitlines()
    assert lines[0] == "[]"
    assert lines[1:3] == ["✔ 05.quick_ratio: correct.", "True"]
    assert lines[3].startswith("✘ 05.quick_ratio: not yet: ") and "is not the answer. Hint 1/3: " in lines[3]
    # the listed mistakes and the common ones, each with its message; the hints get more precise
    shown = f"{right['current_ratio']:.2f}"
    assert lines[5].startswith(f"✘ 05.quick_ratio: not yet: {shown}: this is the current ratio (流动比率)"), lines[5]
    assert "Hint 2/3: Quick assets = current assets minus inventory minus prepaid expenses" in lines[5]
    assert "is 100 times the answer: give a share (0.25)" in lines[7] and "Hint 3/3: take the focus" in lines[7]
    limit = f"{right['06.recommended_limit'] + 1234.5:,.2f}"
    assert f"not yet: {limit} is right to about 1 % but not to the precision asked" in lines[9], lines[9]
    assert "e+0" not in lines[9]
    assert "'m+A+N': the budget is approved, so money is there (capital M)" in lines[11]
    assert "'M+A+n' has the right letters in the wrong case" in lines[13]
    assert lines[15].startswith("✘ 07.over_90_share：还不对：-0.") and "的符号反了" in lines[15], lines[15]
    assert "提示 1/3：逾期 90 天以上包括三个账龄段" in lines[15]
    lines = lines[:3] + lines[17:]
    assert lines[3:7] == ["✔ 03.code: correct.", "True", "✔ 06.top_level: correct.", "True"]
    assert lines[7:9] == ["✔ 07.provision: correct.", "True"]
    assert lines[9].startswith("✘ 07.dso: not yet: the answer key is for the course data at ")
    assert lines[-1] == "False False"


NO_CODE_KERNEL = """
import sys
from kamtools import training
from kamtools.report import report_context
ctx = report_context("", "", language="en")
print(training.check("06.case_handler_burden", {right!r}, (ctx.data, ctx.as_of)))
print(training.check("06.case_handler_burden", {right!r} + 100000, (ctx.data, ctx.as_of)))
print(len(training.EXERCISES), "kamtools.training.answers" in sys.modules)
"""


def test_the_no_code_track_checks_with_the_key_from_its_subfolder(student_dir):
    """The no-code notebooks run in nocode/ of the student folder: their checks read the folder's answer key and
    load no function that computes an answer; the worksheets and the case account's credit forms are printed
    beside them."""
    from openpyxl import load_workbook

    from kamtools.report import report_context
    from kamtools.training.answers import answer

    ctx = report_context("", "", language="en")
    right = float(answer("06.case_handler_burden", (ctx.data, ctx.as_of)))
    assert sorted(p.name for p in (student_dir / "nocode").glob("*.ipynb")) == [
        "01_pyramid_and_time.ipynb",
        "02_account_classification.ipynb",
        "03_man_prospects.ipynb",
        "04_customer_value.ipynb",
        "05_credit_investigation.ipynb",
        "06_grades_limits_approval.ipynb",
        "07_receivables_collections.ipynb",
        "08_account_plan.ipynb",
        "10_profit_and_states.ipynb",
    ]
    env = {**os.environ, "PYTHONPATH": str(paths.NOTEBOOKS_DIR.parent), "KAM_TRAINING_STRICT": "0"}
    run = subprocess.run(
        [sys.executable, "-c", NO_CODE_KERNEL.format(right=right)],
        cwd=student_dir / "nocode",
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    lines = run.stdout.splitlines()
    assert lines[0:2] == ["✔ 06.case_handler_burden: correct.", "True"]
    assert lines[2].startswith("✘ 06.case_handler_burden: not yet: ") and "is not the answer" in lines[2]
    assert lines[-1] == "0 False"
    sheets = load_workbook(student_dir / "worksheets" / "worksheets.xlsx")
    assert sheets.sheetnames == [f"第{n}课 Lesson {n}" for n in ("01", "02", "03", "04", "05", "06", "07", "08", "10")]
    cells = [str(c.value) for row in sheets["第07课 Lesson 07"].iter_rows() for c in row if c.value is not None]
    assert "2. 07.dso" in cells and cells.count("我的答案 My answer") == 4
    forms = list((student_dir / "worksheets").glob("credit_forms_*.xlsx"))
    assert len(forms) == 1
    assert load_workbook(forms[0]).sheetnames == ["客户信用状况调查表", "信用等级评分项目表", "客户授信申请表"]


def test_the_key_holds_no_answer(student_dir):
    key = json.loads((student_dir / "answer_key.json").read_text(encoding="utf-8"))
    assert set(key) == {"book", "as_of", "salt", "exercises"}
    for id, entry in key["exercises"].items():
        assert set(entry) - {"step", "coarse_step", "coarse", "folded"} == {"kind", "digest", "hints", "slips"}, id
        assert len(entry["digest"]) == 64
        assert len(entry["hints"]) == 3 and all(h["en"] and h["zh"] for h in entry["hints"]), id
        for slip in entry["slips"]:
            assert set(slip) - {"step", "coarse_step", "coarse", "folded"} == {"kind", "digest", "name", "message"}
            assert slip["message"]["en"] and slip["message"]["zh"]
    assert {s["name"] for s in key["exercises"]["05.quick_ratio"]["slips"]} == {"current_ratio", "forgot_prepaid"}
    assert "M+a+N" not in json.dumps(key)
