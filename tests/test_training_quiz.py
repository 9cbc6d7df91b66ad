"""The end-of-day quiz: fifteen questions checked by kamtools.training.check; the right answers score 15/15, the
typical wrong answers are told their mistake, in the trainer's folder and against the answer key."""

from __future__ import annotations

import pytest

from kamtools import paths
from kamtools.report import report_context
from kamtools.training import check, feedback, score
from kamtools.training.answers import write_key
from kamtools.training.core import EXERCISES, TRIES
from kamtools.training.hints import table
from kamtools.training.quiz import QUESTIONS, WRONG

IDS = [f"quiz.{n:02d}" for n in range(1, 16)]
#: A participant's right answers, written as participants write them.
RIGHT = {
    "quiz.01": "重点客户",
    "quiz.02": "m + A + N",
    "quiz.03": "Defense",
    "quiz.04": "冬眠期",
    "quiz.05": 1.5,
    "quiz.06": 0.65,
    "quiz.07": 3.2,
    "quiz.08": -0.045,
    "quiz.09": 67.5,
    "quiz.10": 31_000,
    "quiz.11": 517_000,
    "quiz.12": 0.52,
    "quiz.13": 45,
    "quiz.14": 120_000,
    "quiz.15": "Formal dunning letter",
}
#: Typical wrong answers and what the check must say of each (English).
TYPICAL = {
    "quiz.01": ("潜在客户", "'潜在客户': prospects are about 60 % of the accounts"),
    "quiz.02": ("M+a+N", "'M+a+N': the general manager signs every order, so authority is there"),
    "quiz.03": ("hibernation", "'hibernation': the customer still buys"),
    "quiz.04": ("防御期", "'防御期': falling purchases are the defense stage"),
    "quiz.05": (800_000 / 300_000, "2.67: this is the current ratio (流动比率)"),
    "quiz.06": (65, "65 is 100 times the answer: give a share (0.25), not a percentage (25)"),
    "quiz.07": (2.88, "2.88: this divides by the closing assets only"),
    "quiz.08": (0.045, "0.045 has the wrong sign"),
    "quiz.09": (22.5, "22.50: this multiplies by 30"),
    "quiz.10": (11_000, "11,000: the debt over 365 days is missing"),
    "quiz.11": (516_666.67, "516,666.67 is right to about 1 % but not to the precision asked"),
    "quiz.12": (52, "52 is 100 times the answer"),
    "quiz.13": (75, "75: this is the invoice's age (账龄)"),
    "quiz.14": (260_000, "260,000: this is the whole write-off"),
    "quiz.15": ("电话催收", "'电话催收': the collection call is for 15 to 30 days past due"),
}


@pytest.fixture(autouse=True)
def _english_from_the_first_try(monkeypatch):
    monkeypatch.setenv("KAM_TRAINING_LANG", "en")
    monkeypatch.delenv("KAM_TRAINING_KEY_DIR", raising=False)
    monkeypatch.setitem(feedback._CHOSEN, "language", None)
    TRIES.clear()


@pytest.fixture(scope="module")
def lesson():
    ctx = report_context("", str(paths.default_db()), language="en")  # labels stay English for the next tests
    return ctx.data, ctx.as_of


@pytest.fixture(scope="module")
def key_dir(lesson, tmp_path_factory):
    folder = tmp_path_factory.mktemp("quiz_key")
    write_key(folder, *lesson)
    return folder


def test_fifteen_questions_with_hints_and_typical_mistakes():
    assert [i for i in EXERCISES if i.startswith("quiz.")] == IDS == list(QUESTIONS)
    assert set(TYPICAL) == set(IDS)
    for id in IDS:
        assert table()[id]["nudge"]["zh"] and table()[id]["method"]["en"]
    assert {id for id, _ in WRONG} | {"quiz.06", "quiz.08", "quiz.11", "quiz.12"} == set(IDS)


@pytest.mark.parametrize("folder", ["trainer", "student"])
def test_the_right_answers_score_15_of_15(folder, lesson, key_dir, capsys, monkeypatch):
    if folder == "student":
        monkeypatch.setenv("KAM_TRAINING_KEY_DIR", str(key_dir))
    for id, given in RIGHT.items():
        assert check(id, given, lesson) is True, id
    capsys.readouterr()
    assert score(RIGHT, lesson) == 15
    assert capsys.readouterr().out == "Score: 15/15\n"
    assert TRIES == {}


@pytest.mark.parametrize("folder", ["trainer", "student"])
def test_typical_wrong_answers_get_their_message(folder, lesson, key_dir, capsys, monkeypatch):
    if folder == "student":
        monkeypatch.setenv("KAM_TRAINING_KEY_DIR", str(key_dir))
    for id, (given, said) in TYPICAL.items():
        assert check(id, given, lesson, strict=False) is False, id
        out = capsys.readouterr().out
        assert said in out and "Hint 1/3: " in out, (id, out)
    wrong = {id: given for id, (given, _) in TYPICAL.items()}
    assert score(wrong, lesson) == 0
    assert capsys.readouterr().out == f"Score: 0/15; not yet: {', '.join(IDS)}\n"
    half = {**RIGHT, **{id: wrong[id] for id in IDS[::2]}}
    monkeypatch.setenv("KAM_TRAINING_LANG", "zh")
    assert score(half, lesson) == 7
    assert capsys.readouterr().out.startswith("得分：7/15；还不对：quiz.01、quiz.03")
