"""Exercise checks for the training course.

A lesson's exercise cell is tagged ``solution`` in the instructor notebook;
the student copy (``kam training --student``) replaces it with a stub. The
cell after it calls :func:`check` with the exercise's id and the student's
answer.

In the trainer's folder the expected answer is computed from the same data
with the workbook's own functions (:mod:`kamtools.training.answers`, loaded
by the first check), so a check stays right when the data change. In a
student folder, the one holding an answer key (:mod:`kamtools.training.key`),
the check compares a digest of the answer with the key and computes nothing:
a participant's kernel never loads the functions that compute the answers.

>>> from kamtools.training import core
>>> @core.exercise("demo.sum", hint="Add the two numbers.")
... def _demo(data):
...     return 1.0 + 2.0
>>> core.check("demo.sum", 3, data=None)
✔ demo.sum: correct.
True
>>> core.check("demo.sum", 4, data=None, strict=False)
✘ demo.sum: not yet: 4 is too high. Hint 1/3: Add the two numbers.
False
>>> core.check("demo.sum", -3, data=None, strict=False)
✘ demo.sum: not yet: -3 has the wrong sign: check which amount is subtracted from which. Hint 2/3: Add the two numbers.
False
>>> core.EXERCISES.pop("demo.sum").hint
'Add the two numbers.'

A wrong try gets the next hint (:func:`hint_level`): a nudge, then the method, then the recipe. A wrong
number is tested for the common mistakes (:mod:`kamtools.training.feedback`: a percentage for a share, the
wrong sign, right to 1 % only) and for the exercise's listed mistakes (:func:`slip`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..periods import as_date, data_period, period_end
from ..store import KamData
from .feedback import canonical_text, language, message, near_miss, num, phrase
from .key import CLOSE, NUMBER_CHECKS, fingerprint, read_key, verdict

#: Set to ``1`` (the test suite does) to make a wrong answer raise instead of print.
STRICT_ENV = "KAM_TRAINING_STRICT"
#: The folder of the answer key (default: the kernel's working folder, where the student notebooks are).
KEY_ENV = "KAM_TRAINING_KEY_DIR"
#: The module whose import registers the functions that compute the answers (the trainer's side).
ANSWERS_MODULE = "kamtools.training.answers"


class NotYet(AssertionError):
    """A wrong answer while :data:`STRICT_ENV` is set: the instructor notebook is broken."""


@dataclass
class Exercise:
    """One exercise: how to compute the expected answer and what to tell a student who is off."""

    id: str
    expected: Callable[[Any], Any]
    hint: str
    rel_tol: float = 1e-6
    abs_tol: float = 0.01
    extra: dict = field(default_factory=dict)
    #: The exercise's common mistakes: name -> ``fn(data)`` giving the wrong answer that mistake makes.
    slips: dict[str, Callable[[Any], Any]] = field(default_factory=dict)


def lesson_context(data: Any) -> tuple[Any, dt.date]:
    """The data and report date of a check: ``(data, as_of)`` as the lessons pass it, or plain
    ``data`` for the last day of the latest complete month of its invoices (what a lesson
    uses when its ``period`` is left empty).

    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31")
    >>> lesson_context(data)[1]
    datetime.date(2026, 10, 31)
    >>> lesson_context((data, "2026-06-30"))[1]
    datetime.date(2026, 6, 30)
    """
    as_of = None
    if isinstance(data, tuple):
        if len(data) != 2:
            raise TypeError(f"pass data or (data, as_of), got a tuple of {len(data)} items")
        data, as_of = data
        as_of = as_date(as_of)
    if not isinstance(data, KamData):
        raise TypeError(f"pass the lesson's data (a KamData) or (data, as_of), got {type(data).__name__}")
    return data, as_of if as_of is not None else period_end(data_period(data))


#: Every registered exercise, by id (``lesson.exercise``).
EXERCISES: dict[str, Exercise] = {}


def exercise(id: str, *, hint: str, rel_tol: float = 1e-6, abs_tol: float = 0.01):
    """Register ``fn(data) -> expected answer`` as the exercise ``id``."""

    def register(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        if id in EXERCISES:
            raise ValueError(f"exercise {id!r} is registered twice")
        EXERCISES[id] = Exercise(id, fn, hint, rel_tol, abs_tol)
        return fn

    return register


def slip(id: str, name: str):
    """Register ``fn(data) -> the wrong answer`` as the common mistake ``name`` of the exercise ``id``
    (its message is in :mod:`kamtools.training.hints`)."""

    def register(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        EXERCISES[id].slips[name] = fn
        return fn

    return register


#: Wrong tries per exercise in this kernel: the n-th wrong try gets the n-th hint (at most the third).
TRIES: dict[str, int] = {}


def hint_level(id: str, counted: bool = True) -> int:
    """The hint the next wrong try of ``id`` gets (1 a nudge, 2 the method, 3 the recipe); ``counted``
    adds the try (an empty answer is not a try)."""
    if counted:
        TRIES[id] = TRIES.get(id, 0) + 1
    return min(max(TRIES.get(id, 0), 1), 3)


def _both(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _same(answer: Any, expected: Any, ex: Exercise) -> tuple[bool, dict[str, str]]:
    """Compare an answer with the expected one; the message (English and Chinese) says what differs."""
    if answer is Ellipsis or answer is None:
        return False, phrase("empty")
    if isinstance(expected, pd.DataFrame):
        return _same_frame(answer, expected, ex)
    if isinstance(expected, pd.Series):
        return _same_series(answer, expected, ex)
    if isinstance(expected, (set, frozenset)):
        return _same_set(answer, expected)
    if isinstance(expected, (int, float, np.integer, np.floating)) and not isinstance(expected, bool):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return False, phrase("number", value=answer)
        if math.isclose(value, float(expected), rel_tol=ex.rel_tol, abs_tol=ex.abs_tol):
            return True, {}
        return False, phrase("too_high" if value > float(expected) else "too_low", value=value)
    if isinstance(expected, str):
        if canonical_text(answer) == canonical_text(expected):
            return True, {}
        folded = canonical_text(answer).casefold() == canonical_text(expected).casefold()
        return False, phrase("case" if folded else "wrong", value=answer)
    if answer == expected:
        return True, {}
    return False, phrase("wrong", value=answer)


def _same_frame(answer: Any, expected: pd.DataFrame, ex: Exercise) -> tuple[bool, dict[str, str]]:
    if not isinstance(answer, pd.DataFrame):
        name = type(answer).__name__
        return False, _both(f"expected a DataFrame, got {name}", f"答案应是一个 DataFrame，而不是 {name}")
    missing = ", ".join(str(c) for c in expected.columns if c not in answer.columns)
    if missing:
        return False, _both(f"missing columns: {missing}", f"缺少列：{missing}")
    if len(answer) != len(expected):
        n, m = f"{len(expected):,}", f"{len(answer):,}"
        return False, _both(f"expected {n} rows, got {m}", f"应有 {n} 行，实际 {m} 行")
    for col in expected.columns:
        ok, why = _same(answer[col].reset_index(drop=True), expected[col].reset_index(drop=True), ex)
        if not ok:
            return False, _both(f"column {col!r}: {why['en']}", f"列 {col!r}：{why['zh']}")
    return True, {}


def _same_series(answer: Any, expected: pd.Series, ex: Exercise) -> tuple[bool, dict[str, str]]:
    if not isinstance(answer, (pd.Series, list, tuple, np.ndarray)):
        name = type(answer).__name__
        return False, _both(f"expected a Series or list, got {name}", f"答案应是 Series 或列表，而不是 {name}")
    a = pd.Series(answer).reset_index(drop=True)
    e = expected.reset_index(drop=True)
    if len(a) != len(e):
        return False, _both(f"expected {len(e):,} values, got {len(a):,}", f"应有 {len(e):,} 个值，实际 {len(a):,} 个")
    if pd.api.types.is_numeric_dtype(e) and pd.api.types.is_numeric_dtype(a):
        near = np.isclose(a.to_numpy(float), e.to_numpy(float), rtol=ex.rel_tol, atol=ex.abs_tol, equal_nan=True)
        if near.all():
            return True, {}
        i = int(np.argmax(~near))
        got, want = num(a.iloc[i]), num(e.iloc[i])
        return False, _both(f"value {i + 1} is {got}, expected about {want}", f"第 {i + 1} 个值是 {got}，应约为 {want}")
    diff = [(i, x, y) for i, (x, y) in enumerate(zip(a, e)) if x != y]
    if diff:
        i, x, y = diff[0]
        return False, _both(
            f"value {i + 1} is {x!r}, expected {y!r} ({len(diff)} differ)",
            f"第 {i + 1} 个值是 {x!r}，应为 {y!r}（共 {len(diff)} 个不同）",
        )
    return True, {}


def _same_set(answer: Any, expected: set | frozenset) -> tuple[bool, dict[str, str]]:
    listed = (set, frozenset, list, tuple, pd.Series, pd.Index, np.ndarray)
    got = set(answer) if isinstance(answer, listed) else {answer}
    if got == set(expected):
        return True, {}
    extra, missing = got - set(expected), set(expected) - got
    en, zh = [], []
    if missing:
        e = sorted(map(str, missing))[0]
        en.append(f"{len(missing)} missing (e.g. {e})")
        zh.append(f"缺少 {len(missing)} 个（如 {e}）")
    if extra:
        e = sorted(map(str, extra))[0]
        en.append(f"{len(extra)} that should not be there (e.g. {e})")
        zh.append(f"多出 {len(extra)} 个不该有的（如 {e}）")
    return False, _both("; ".join(en), "；".join(zh))


def _diagnose(answer: Any, expected: Any, ex: Exercise, slips: dict) -> dict[str, str] | None:
    """The listed or common mistake a wrong scalar ``answer`` shows (``slips``: name -> (wrong value,
    message)), or None."""
    for rel_tol in (ex.rel_tol, max(ex.rel_tol, CLOSE)):  # a mistake matched exactly first, then within 1 %
        for wrong, text in slips.values():
            if isinstance(wrong, str):
                hit = canonical_text(answer) == canonical_text(wrong)
            else:
                try:
                    value = float(answer)
                except (TypeError, ValueError):
                    return None
                hit = math.isclose(value, float(wrong), rel_tol=rel_tol, abs_tol=ex.abs_tol)
            if hit:
                shown = num(answer) if not isinstance(answer, str) else repr(answer)
                return {"en": f"{shown}: {text['en']}", "zh": f"{shown}：{text['zh']}"}
    whole = isinstance(expected, (int, np.integer))
    if isinstance(expected, str) or whole or not isinstance(expected, (float, np.floating)):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    e = float(expected)
    kind = near_miss(
        value,
        lambda x: math.isclose(x, e, rel_tol=ex.rel_tol, abs_tol=ex.abs_tol),
        lambda x: math.isclose(x, e, rel_tol=CLOSE),
        NUMBER_CHECKS,
    )
    return phrase(kind, value=value) if kind else None


def _by_key(key: dict, id: str, answer: Any, data: Any) -> tuple[bool, dict[str, str], list]:
    """Check ``answer`` against the answer key: (right, what is wrong, the three hints)."""
    entry = key["exercises"].get(id)
    if entry is None:
        raise KeyError(f"exercise {id!r} is not in the answer key; known: {', '.join(sorted(key['exercises']))}")
    if answer is Ellipsis or answer is None:
        return False, phrase("empty"), entry["hints"]
    data, as_of = lesson_context(data)
    book = data.kept(("answer key book",), lambda: fingerprint(data))
    if book != key["book"] or str(as_of) != key["as_of"]:
        return False, phrase("key_other_data", key_as_of=key["as_of"], as_of=str(as_of)), entry["hints"]
    ok, why = verdict(entry, id, answer, key["salt"])
    return ok, why, entry["hints"]


def _by_computing(id: str, answer: Any, data: Any) -> tuple[bool, dict[str, str], list]:
    """Check ``answer`` against the answer computed from ``data``: (right, what is wrong, the three hints)."""
    answers = importlib.import_module(ANSWERS_MODULE)  # the trainer's folder: the answers' functions register
    if id not in EXERCISES:
        known = ", ".join(sorted(EXERCISES)) or "none"
        raise KeyError(f"unknown exercise {id!r}; known: {known}")
    ex = EXERCISES[id]
    try:
        expected = ex.expected(data)
    except Exception as exc:  # a check must explain, not crash the lesson
        raise RuntimeError(f"exercise {id!r} could not compute its answer on this data: {exc}") from exc
    ok, why = _same(answer, expected, ex)
    if ok or answer is Ellipsis or answer is None:
        return ok, why, answers.hints_of(id)
    coaching = answers.coaching(id, data, expected)
    return False, _diagnose(answer, expected, ex, coaching["slips"]) or why, coaching["hints"]


def check(id: str, answer: Any, data: Any = None, *, strict: bool | None = None) -> bool:
    """Check a student's ``answer`` to the exercise ``id`` on ``data``; print what is right or what to try.

    With an answer key in the working folder (or in ``$KAM_TRAINING_KEY_DIR``), as in the student copies,
    the answer is compared with the key; else it is computed from ``data``. Returns True or False. A wrong
    answer is told the mistake it shows, when it is a common one, and a hint: the first wrong try a nudge,
    the second the method, the third and later the recipe. Messages follow the training language
    (:func:`kamtools.training.feedback.language`: ``KAM_TRAINING_LANG``, else the report's language).
    With ``KAM_TRAINING_STRICT=1`` in the environment a wrong answer raises :class:`NotYet`, so the test
    suite catches an instructor notebook whose solution no longer holds; ``strict`` overrides the environment.
    """
    key = read_key(os.environ.get(KEY_ENV) or ".")
    ok, why, hints = _by_key(key, id, answer, data) if key is not None else _by_computing(id, answer, data)
    if ok:
        print(message(id, True))
        return True
    n = hint_level(id, counted=answer is not Ellipsis and answer is not None)
    text = message(id, False, why, hints[n - 1] if hints else None, n)
    if strict is None:
        strict = os.environ.get(STRICT_ENV) == "1"
    if strict:
        raise NotYet(text)
    print(text)
    return False


def score(answers: dict[str, Any], data: Any = None) -> int:
    """How many of ``answers`` ({exercise id: answer}) are right, checked as :func:`check` checks them but
    quietly and without counting as tries; prints the score and the ids still wrong (the quiz's last cell).
    """
    key = read_key(os.environ.get(KEY_ENV) or ".")
    wrong = [
        id
        for id, given in answers.items()
        if not (_by_key(key, id, given, data) if key is not None else _by_computing(id, given, data))[0]
    ]
    right = len(answers) - len(wrong)
    lines = {
        "en": f"Score: {right}/{len(answers)}" + (f"; not yet: {', '.join(wrong)}" if wrong else ""),
        "zh": f"得分：{right}/{len(answers)}" + (f"；还不对：{'、'.join(wrong)}" if wrong else ""),
    }
    chosen = language()
    print(lines[chosen] if chosen in lines else f"{lines['zh']}\n{lines['en']}")
    return right
