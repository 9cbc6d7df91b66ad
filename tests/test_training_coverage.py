"""The coverage table of the trainer's README (notebooks/training/README.md, 教材覆盖表): every concept of the
material maps to its lesson and to something the participants do with it (an exercise a check marks, a scenario
question of a case notebook, a role-play card), and every reference is real."""

from __future__ import annotations

import re

import pytest

from kamtools import paths
from kamtools.training import answers  # noqa: F401  (registers the exercises)
from kamtools.training.core import EXERCISES

README = paths.TRAINING_DIR / "README.md"
CASES = paths.TRAINING_DIR / "cases"
EXERCISE = re.compile(r"`((?:\d{2}|quiz)\.[a-z0-9_]+)`")
QUESTION = re.compile(r"\bcase ([A-Z])\.(\d+)\b")
CARD = re.compile(r"\bcard ([A-Z])\.(\d+)\b")


def coverage_rows(text: str) -> list[dict[str, str]]:
    """The rows of the coverage table of ``text``: {number, concept, lesson, covered}.

    >>> rows = coverage_rows("## Coverage of the material\\n\\n| # | c | lesson | x |\\n|---|---|---|---|\\n"
    ...                      "| 1 | pyramid | 01 | `01.key_revenue_share`, case A.1 |\\n\\n## Next\\n| 2 | no | 02 | y |")
    >>> rows
    [{'number': '1', 'concept': 'pyramid', 'lesson': '01', 'covered': '`01.key_revenue_share`, case A.1'}]
    """
    section = text.split("## Coverage of the material", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            rows.append(dict(zip(("number", "concept", "lesson", "covered"), cells)))
    return rows


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return coverage_rows(README.read_text(encoding="utf-8"))


def _case_text(letter: str) -> str:
    found = sorted(CASES.glob(f"{letter}_*.py"))
    assert len(found) == 1, f"case {letter}: expected one notebook cases/{letter}_*.py, found {found}"
    return found[0].read_text(encoding="utf-8")


def _questions_and_cards() -> tuple[set[str], set[str]]:
    """Every scenario question and role-play card the case notebooks hold, as 'A.1'."""
    questions, cards = set(), set()
    for path in sorted(CASES.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        questions |= {f"{a}.{n}" for a, n in re.findall(r"\*\*问题 Question ([A-Z])\.(\d+)\*\*", text)}
        cards |= {f"{a}.{n}" for a, n in re.findall(r"\*\*角色卡 Card ([A-Z])\.(\d+)\b", text)}
    return questions, cards


def test_the_table_lists_the_materials_concepts(rows):
    assert len(rows) >= 50
    assert [int(r["number"]) for r in rows] == list(range(1, len(rows) + 1))
    concepts = " ".join(r["concept"] for r in rows)
    for term in (
        "AIDMAS",
        "富兰克林",
        "现实",
        "流失",
        "非客户",
        "内部客户",
        "四种风险",
        "五项原则",
        "十五种",
        "赊销",
        "投诉",
        "拜访时机",
        "客户卡片",
        "双赢",
        "道德",
        "盈利性",
        "大客户经理",
        "战略",
        "目标",
        "激励",
        "评估",
    ):
        assert term in concepts, term


def test_every_concept_has_an_exercise_a_question_or_a_card(rows):
    empty = [
        r["concept"]
        for r in rows
        if not (EXERCISE.search(r["covered"]) or QUESTION.search(r["covered"]) or CARD.search(r["covered"]))
    ]
    assert not empty


def test_every_exercise_named_exists_in_the_checker(rows):
    named = {m for r in rows for m in EXERCISE.findall(r["covered"])}
    assert named, "the table names no exercise"
    assert not named - set(EXERCISES), f"not in the checker: {sorted(named - set(EXERCISES))}"


def test_every_case_question_and_card_named_exists_in_its_notebook(rows):
    missing = []
    for r in rows:
        for letter, n in QUESTION.findall(r["covered"]):
            if f"**问题 Question {letter}.{n}**" not in _case_text(letter):
                missing.append(f"row {r['number']}: case {letter}.{n}")
        for letter, n in CARD.findall(r["covered"]):
            if f"**角色卡 Card {letter}.{n}" not in _case_text(letter):
                missing.append(f"row {r['number']}: card {letter}.{n}")
    assert not missing


def test_every_lesson_named_exists(rows):
    for r in rows:
        for part in r["lesson"].split(","):
            part = part.strip()
            if part.startswith("case "):
                _case_text(part.removeprefix("case "))
            else:
                assert list(paths.TRAINING_DIR.glob(f"{part}_*.ipynb")), (r["number"], part)


def test_every_exercise_question_and_card_of_the_course_is_in_the_table(rows):
    """Nothing taught is left out of the table: the lessons' exercises, the case questions, the cards."""
    covered = " ".join(r["covered"] for r in rows)
    lessons = {i for i in EXERCISES if not i.startswith("quiz.")}
    assert not {i for i in lessons if f"`{i}`" not in covered}
    questions, cards = _questions_and_cards()
    assert questions and cards
    assert not {q for q in questions if not re.search(rf"\bcase {re.escape(q)}\b", covered)}
    assert not {c for c in cards if not re.search(rf"\bcard {re.escape(c)}\b", covered)}


def test_the_table_fails_on_an_unknown_reference():
    """The checks above can fail: a row naming an exercise or a card that does not exist is caught."""
    text = "## Coverage of the material\n| 1 | x | 07 | `07.no_such_thing`, card A.9 |\n"
    (row,) = coverage_rows(text)
    assert EXERCISE.findall(row["covered"]) == ["07.no_such_thing"] and "07.no_such_thing" not in EXERCISES
    assert CARD.findall(row["covered"]) == [("A", "9")] and "**角色卡 Card A.9" not in _case_text("A")
