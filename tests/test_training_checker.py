"""The checks coach: a listed mistake of an exercise gets its own message, in the trainer's folder (the answer
computed) and in a student folder (the answer key); the common mistakes (a percentage for a share, the sign,
right to 1 % only) are named; the hints come one at a time; text answers are read tolerantly; money never in
scientific notation; messages in Chinese and English."""

from __future__ import annotations

import json

import pytest

import kamtools as kt
from kamtools.output import labels
from kamtools.training import check, feedback, language
from kamtools.training import core as training_core
from kamtools.training.answers import answer, coaching, write_key
from kamtools.training.core import EXERCISES, TRIES
from kamtools.training.feedback import canonical_text, num
from kamtools.training.hints import table
from kamtools.training.key import KEY_FILE
from kamtools.training.lesson_data import lesson_date

#: Every listed mistake of the course: exercise -> the mistakes it recognises.
LISTED = {
    "01.key_revenue_share": {"count_share"},
    "02.ordinary_high_potential": {"every_tier"},
    "02.key_transactional": {"every_tier"},
    "03.code": {"money_authority_swapped"},
    "03.approach_value": {"first_three", "every_lead"},
    "04.strategic_margin_share": {"count_share"},
    "04.clv_uplift": {"ratio_not_change"},
    "05.quick_ratio": {"current_ratio", "forgot_prepaid"},
    "05.asset_turnover": {"latest_assets"},
    "05.debt_ratio": {"debt_to_equity"},
    "05.net_margin": {"return_on_assets"},
    "05.weak_debt_ratio": {"every_statement"},
    "05.factor_points": {"scored_twice"},
    "06.top_level": {"decreases_counted"},
    "06.held_over_limit": {"exposure", "limit_itself", "no_limit_left_out"},
    "06.handler_burden": {"above_limit_only", "whole_exposure"},
    "06.case_handler_burden": {"above_limit_only", "whole_exposure"},
    "07.over_90_share": {"forgot_365_plus", "share_of_overdue"},
    "07.dso": {"overdue_only", "days_30"},
    "07.sales_to_recover": {"multiplied"},
    "07.letters_due": {"every_overdue", "formal_only"},
    "07.net_incentive": {"bonus_on_target", "no_deduction"},
    "08.wallet_share": {"inverted"},
    "08.account_time_share": {"all_accounts"},
    "10.defense_decline": {"revenue_not_decline", "hibernation_too"},
    "10.unprofitable": {"margin_only"},
    "10.profit_given_away": {"service_cost_only"},
    "10.current_below_ordinary": {"active_only", "whole_tier"},
}
SLIPS = sorted((id, name) for id, names in LISTED.items() for name in names)
#: The exercises whose answer is a share: a percentage is recognised.
SHARES = ["01.key_revenue_share", "04.strategic_margin_share", "05.debt_ratio", "07.over_90_share", "08.wallet_share"]


@pytest.fixture(autouse=True)
def _english_from_the_first_try(monkeypatch):
    monkeypatch.setenv("KAM_TRAINING_LANG", "en")
    monkeypatch.delenv("KAM_TRAINING_KEY_DIR", raising=False)
    monkeypatch.setitem(feedback._CHOSEN, "language", None)
    TRIES.clear()


@pytest.fixture(scope="module")
def book(small_data, tmp_path_factory):
    data = kt.KamData(db=small_data.save(tmp_path_factory.mktemp("checker") / "kam.duckdb"))
    yield data, lesson_date(data)
    data.close()


@pytest.fixture(scope="module")
def key_dir(book, tmp_path_factory):
    folder = tmp_path_factory.mktemp("key")
    write_key(folder, *book)
    return folder


def _printed(capsys, id, value, lesson) -> str:
    assert check(id, value, lesson, strict=False) is False
    return capsys.readouterr().out


def test_the_hints_and_mistakes_are_complete():
    """Every exercise has a nudge and a method in both languages and its recipe in Chinese; every listed
    mistake has a function computing its wrong answer and a message in both languages, and nothing else."""
    hints = table()
    assert set(hints) >= {i for i in EXERCISES if not i.startswith("quiz.")}
    for id, entry in hints.items():
        assert id in EXERCISES, id
        for level in ("nudge", "method"):
            assert entry[level]["en"] and entry[level]["zh"], (id, level)
        assert entry["recipe_zh"], id
        assert set(entry["slips"] or {}) == set(EXERCISES[id].slips), id
        for name, text in (entry["slips"] or {}).items():
            assert text["en"] and text["zh"], (id, name)
    lessons = {id: set(ex.slips) for id, ex in EXERCISES.items() if ex.slips and not id.startswith("quiz.")}
    assert lessons == LISTED  # the quiz's are tested in test_training_quiz.py


@pytest.mark.parametrize(("id", "name"), SLIPS)
def test_each_listed_mistake_gets_its_message(id, name, book, key_dir, capsys, monkeypatch):
    """The wrong answer a listed mistake makes, computed on the book by hand's twin (the slip's function),
    is named with its message: by the trainer's check and by the student's (the answer key)."""
    lesson = book
    wrong = EXERCISES[id].slips[name](lesson)
    right = answer(id, lesson)
    assert (
        canonical_text(wrong) != canonical_text(right)
        if isinstance(right, str)
        else wrong != pytest.approx(right, rel=0.01)
    )
    text = table()[id]["slips"][name]
    shown = repr(wrong) if isinstance(wrong, str) else num(wrong)
    assert f"{shown}: {text['en']}" in _printed(capsys, id, wrong, lesson)
    monkeypatch.setenv("KAM_TRAINING_KEY_DIR", str(key_dir))
    assert f"{shown}: {text['en']}" in _printed(capsys, id, wrong, lesson)
    language("zh")
    try:
        assert f"{shown}：{text['zh']}" in _printed(capsys, id, wrong, lesson)
    finally:
        training_core.TRIES.clear()
        language("en")


@pytest.mark.parametrize("id", SHARES)
def test_a_percentage_for_a_share_is_named(id, book, key_dir, capsys, monkeypatch):
    right = float(answer(id, book))
    for folder in (None, key_dir):
        if folder:
            monkeypatch.setenv("KAM_TRAINING_KEY_DIR", str(folder))
        out = _printed(capsys, id, right * 100, book)
        assert f"{num(right * 100)} is 100 times the answer: give a share (0.25), not a percentage (25)" in out
        out = _printed(capsys, id, right / 100, book)
        assert "is a hundredth of the answer" in out


@pytest.mark.parametrize(
    "id",
    [
        "05.net_margin",
        "07.provision",
        "06.handler_burden",
        "01.hours_to_move",
        "07.net_incentive",
        "10.profit_given_away",
    ],
)
def test_the_wrong_sign_is_named(id, book, key_dir, capsys, monkeypatch):
    right = float(answer(id, book))
    assert right != 0
    for folder in (None, key_dir):
        if folder:
            monkeypatch.setenv("KAM_TRAINING_KEY_DIR", str(folder))
        assert f"{num(-right)} has the wrong sign" in _printed(capsys, id, -right, book)


@pytest.mark.parametrize("id", ["06.recommended_limit", "07.provision", "07.dso", "05.factor_points"])
def test_right_to_one_percent_is_a_rounding_slip(id, book, key_dir, capsys, monkeypatch):
    """0.6 % off: right but for the precision; 3 % off: plainly too high. Money reads 673,600, never 6.7e+05."""
    right = float(answer(id, book))
    for folder in (None, key_dir):
        if folder:
            monkeypatch.setenv("KAM_TRAINING_KEY_DIR", str(folder))
        out = _printed(capsys, id, right * 1.006, book)
        assert f"{num(right * 1.006)} is right to about 1 % but not to the precision asked" in out
        assert "e+" not in out
        out = _printed(capsys, id, right * 1.03, book)
        assert "right to about 1 %" not in out and "e+" not in out


def test_the_hints_come_one_at_a_time(book, key_dir, capsys, monkeypatch):
    """The first wrong try gets a nudge, the second the method, the third and later the recipe; an empty
    answer is not a try; a right answer says nothing of hints. In a student folder the hints come from the key."""
    hints = table()["05.debt_ratio"]
    recipe = EXERCISES["05.debt_ratio"].hint
    for folder in (None, key_dir):
        TRIES.clear()
        if folder:
            monkeypatch.setenv("KAM_TRAINING_KEY_DIR", str(folder))
        assert f"Hint 1/3: {hints['nudge']['en']}" in _printed(capsys, "05.debt_ratio", ..., book)
        assert f"Hint 1/3: {hints['nudge']['en']}" in _printed(capsys, "05.debt_ratio", 7.0, book)
        assert f"Hint 2/3: {hints['method']['en']}" in _printed(capsys, "05.debt_ratio", 8.0, book)
        assert f"Hint 3/3: {recipe}" in _printed(capsys, "05.debt_ratio", 9.0, book)
        assert f"Hint 3/3: {recipe}" in _printed(capsys, "05.debt_ratio", 10.0, book)
    key = json.loads((key_dir / KEY_FILE).read_text(encoding="utf-8"))
    assert key["exercises"]["05.debt_ratio"]["hints"][1] == hints["method"]


@pytest.mark.parametrize("written", ["M+a+N", "M + a + N", " M+a+N ", "M a N", "MaN", "M＋a＋N", "Ｍ＋ａ＋Ｎ", "M/a/N"])
def test_man_codes_are_read_tolerantly(written, book, key_dir, capsys, monkeypatch):
    assert check("03.code", written, book) is True
    monkeypatch.setenv("KAM_TRAINING_KEY_DIR", str(key_dir))
    assert check("03.code", written, book) is True
    assert "The case" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("重点客户", "key"),
        ("Key account", "key"),
        ("KEY", "key"),
        ("关键客户", "key"),
        ("普通客户", "ordinary"),
        ("Ordinary customers", "ordinary"),
        ("潜在客户", "prospect"),
        ("冬眠期", "hibernation"),
        ("休眠期", "hibernation"),
        ("dormant", "hibernation"),
        ("Breakthrough", "breakthrough"),
        ("防御期", "defense"),
    ],
)
def test_terms_in_chinese_or_english_read_as_their_code(written, code):
    assert canonical_text(written) == code


def test_messages_follow_the_language(book, capsys, monkeypatch):
    """KAM_TRAINING_LANG (or training.language) chooses; without it the report's language: both gives the
    Chinese line, then the English line."""
    right = float(answer("05.debt_ratio", book))
    monkeypatch.setenv("KAM_TRAINING_LANG", "zh")
    out = _printed(capsys, "05.debt_ratio", right * 100, book)
    assert out.startswith("✘ 05.debt_ratio：还不对：") and "是答案的 100 倍" in out and "提示 1/3：资产负债率" in out
    assert "not yet" not in out
    check("05.debt_ratio", right, book)
    assert capsys.readouterr().out == "✔ 05.debt_ratio：正确。\n"
    monkeypatch.delenv("KAM_TRAINING_LANG")
    labels.use("both")
    try:
        zh, en = _printed(capsys, "05.debt_ratio", right * 100, book).splitlines()
    finally:
        labels.use("en")
    assert zh.startswith("✘ 05.debt_ratio：还不对：") and en.startswith("✘ 05.debt_ratio: not yet: ")


def test_money_reads_with_thousands_separators():
    assert num(673600.0) == "673,600"
    assert num(1_234_567.891) == "1,234,567.89"
    assert num(-0.000123456) == "-0.0001235"
    assert num(12) == "12"


def test_a_mistake_giving_the_right_answer_on_the_data_is_left_out(book):
    """A listed mistake whose wrong answer is the right one on this book (prepaid expenses of 0, say) is not
    offered: a right answer is never told it is a mistake."""
    coached = coaching("05.quick_ratio", book)
    right = answer("05.quick_ratio", book)
    for wrong, _ in coached["slips"].values():
        assert wrong != pytest.approx(right, rel=0.01)
