"""The trainer's facilitator guide: its numbers are the answer key's on the committed sample (the committed
guide is what the template gives), it covers every exercise and every lesson's judgment exercise, and nothing
of it reaches a student folder."""

from __future__ import annotations

import re

import nbformat
import pytest
from bilingual import _english_only

from kamtools import paths
from kamtools.cli import EXIT_DATA, main
from kamtools.report import report_context
from kamtools.training.core import EXERCISES
from kamtools.training.guide import GUIDE_FILE, TEMPLATE, render_guide
from kamtools.training.student import write_student_copies

GUIDE = paths.TRAINING_DIR / GUIDE_FILE
LESSONS = [p for p in sorted(paths.TRAINING_DIR.glob("*.ipynb")) if p.stem != "09_quiz"]  # the quiz ends with its score


@pytest.fixture(scope="module")
def committed() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _rows(text: str) -> dict[str, str]:
    """The expected-answer rows of the guide: exercise id -> the answer shown."""
    return dict(re.findall(r"^\| `([0-9a-z]+\.[0-9a-z_]+)` \| ([^|]+?) \|", text, flags=re.M))


def test_the_committed_guide_is_the_template_on_the_sample(committed):
    ctx = report_context("", str(paths.SAMPLE_DIR), language="en")
    fresh = render_guide(ctx.data, ctx.as_of, ctx.policy)
    assert fresh == committed, (
        "the guide is out of date: run `make guide` and commit notebooks/training/FACILITATOR_GUIDE.md"
    )


def test_every_exercise_has_its_expected_answer(committed):
    rows = _rows(committed)
    assert set(rows) == set(EXERCISES)
    assert "[[" not in committed and "]]" not in committed


def test_answers_computed_by_hand(committed):
    """The quiz carries its own numbers: its answers are known without the data."""
    rows = _rows(committed)
    assert rows["quiz.05"] == "1.5"  # (800,000 - 300,000 - 50,000) / 300,000
    assert rows["quiz.09"] == "67.5"  # 1,350,000 / 1,800,000 x 90
    assert rows["quiz.11"] == "517,000"  # 31,000 / 0.06 = 516,667, to the thousand
    assert rows["quiz.14"] == "120,000"  # 60,000 + 30 % of 200,000
    assert rows["quiz.02"] == "m+A+N"


def test_each_lesson_has_timing_mistakes_discussion_judgment_and_what_to_skip(committed):
    sections = re.split(r"^## 第\d课 ", committed, flags=re.M)[1:]
    assert len(sections) == 9
    for section in sections:
        for heading in (
            "**时间 Timing**",
            "**答案 Expected answers**",
            "**常见错误 Common mistakes**",
            "**来不及时 If late**",
        ):
            assert heading in section, (section[:40], heading)
    for section in sections[:8]:
        assert "**讨论 Discussion questions**" in section and "**判断练习 Judgment" in section, section[:40]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_ends_with_a_judgment_exercise(lesson):
    """The last cells: the decision on the case account in a markdown cell, then an empty cell for the
    participant's decision and reasons, with no check."""
    cells = nbformat.read(str(lesson), as_version=4).cells
    answer, question = cells[-1], cells[-2]
    assert answer.cell_type == "markdown" and "judgment" in answer.metadata.get("tags", [])
    assert "My decision (我的决定)" in answer.source and "Why (理由)" in answer.source
    assert question.cell_type == "markdown" and "**The decision." in question.source
    heading = max(i for i, c in enumerate(cells) if c.cell_type == "markdown" and "判断练习" in c.source)
    assert not any("training.check" in c.source for c in cells[heading:])
    assert any("focus_account" in c.source or "cid" in c.source for c in cells[heading:] if c.cell_type == "code")


def test_the_guide_never_reaches_a_student_folder(tmp_path, committed):
    out = tmp_path / "course"
    write_student_copies(out)
    assert not (out / GUIDE_FILE).exists()
    discussion = [
        line.strip()
        for line in TEMPLATE.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 40 and "[[" not in line and not line.startswith(("|", "#", "- **"))
    ]
    assert len(discussion) > 50
    for path in out.rglob("*"):
        if path.is_dir():  # cases/: its notebooks are read in turn
            continue
        text = path.read_text(encoding="utf-8")
        shown = [line for line in discussion if line in text]
        assert not shown, f"{path.name} holds the trainer's guide: {shown[:2]}"


def test_the_guide_is_refused_in_a_student_folder(tmp_path, capsys):
    (tmp_path / "answer_key.json").write_text("{}", encoding="utf-8")
    assert main(["training", "--guide", str(tmp_path / GUIDE_FILE), "--db", str(paths.SAMPLE_DIR)]) == EXIT_DATA
    assert "student folder" in capsys.readouterr().err
    assert not (tmp_path / GUIDE_FILE).exists()


def test_training_needs_a_student_folder_or_a_guide(capsys):
    assert main(["training"]) == EXIT_DATA
    assert "--student" in capsys.readouterr().err


def test_every_reading_and_discussion_is_in_chinese_with_english_beside_it(committed):
    """The trainer reads Chinese first: every expected-answer reading, discussion question, judgment discussion,
    case note, common-mistake note and how-to line carries its Chinese beside the English."""
    assert _english_only(TEMPLATE.read_text(encoding="utf-8")) == []
    # the listed mistakes the guide fills in from hints.yaml, each with its wrong number on the sample
    mistakes = [line for line in committed.splitlines() if line.startswith("- `")]
    assert len(mistakes) >= 20 and _english_only("\n".join(mistakes)) == []
    # a paragraph in English alone is found
    assert _english_only(
        "**讨论 Discussion questions**\n- Who at the customer should the plan add, and who meets them?"
    )


def test_the_guide_names_the_no_code_notebook_of_every_lesson_with_exercises(committed):
    section = committed.split("## 无代码练习")[1]
    for n in ("1.1–1.2", "2.2", "3.1 and 3.3", "4.1", "5.1", "7.1–7.3", "8.1–8.2", "10.1"):
        assert n in section, n
