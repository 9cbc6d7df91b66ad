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
...     return 1 + 2
>>> core.check("demo.sum", 3, data=None)
✔ demo.sum: correct.
True
>>> core.check("demo.sum", 4, data=None, strict=False)
✘ demo.sum: not yet: 4 is too high. Hint: Add the two numbers.
False
>>> core.EXERCISES.pop("demo.sum").hint
'Add the two numbers.'
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
from .key import fingerprint, read_key, verdict

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


def _same(answer: Any, expected: Any, ex: Exercise) -> tuple[bool, str]:
    """Compare an answer with the expected one; the message says what differs."""
    if answer is Ellipsis or answer is None:
        return False, "no answer yet: replace the `...` with your code"
    if isinstance(expected, pd.DataFrame):
        if not isinstance(answer, pd.DataFrame):
            return False, f"expected a DataFrame, got {type(answer).__name__}"
        missing = [c for c in expected.columns if c not in answer.columns]
        if missing:
            return False, f"missing columns: {', '.join(map(str, missing))}"
        if len(answer) != len(expected):
            return False, f"expected {len(expected):,} rows, got {len(answer):,}"
        for col in expected.columns:
            ok, why = _same(answer[col].reset_index(drop=True), expected[col].reset_index(drop=True), ex)
            if not ok:
                return False, f"column {col!r}: {why}"
        return True, ""
    if isinstance(expected, pd.Series):
        if not isinstance(answer, (pd.Series, list, tuple, np.ndarray)):
            return False, f"expected a Series or list, got {type(answer).__name__}"
        a = pd.Series(answer).reset_index(drop=True)
        e = expected.reset_index(drop=True)
        if len(a) != len(e):
            return False, f"expected {len(e):,} values, got {len(a):,}"
        if pd.api.types.is_numeric_dtype(e) and pd.api.types.is_numeric_dtype(a):
            if np.allclose(a.to_numpy(float), e.to_numpy(float), rtol=ex.rel_tol, atol=ex.abs_tol, equal_nan=True):
                return True, ""
            i = int(
                np.argmax(
                    ~np.isclose(a.to_numpy(float), e.to_numpy(float), rtol=ex.rel_tol, atol=ex.abs_tol, equal_nan=True)
                )
            )
            return False, f"value {i + 1} is {a.iloc[i]!r}, expected about {e.iloc[i]!r}"
        diff = [(i, x, y) for i, (x, y) in enumerate(zip(a, e)) if x != y]
        if diff:
            i, x, y = diff[0]
            return False, f"value {i + 1} is {x!r}, expected {y!r} ({len(diff)} differ)"
        return True, ""
    if isinstance(expected, (set, frozenset)):
        got = (
            set(answer)
            if isinstance(answer, (set, frozenset, list, tuple, pd.Series, pd.Index, np.ndarray))
            else {answer}
        )
        if got == set(expected):
            return True, ""
        extra, missing = got - set(expected), set(expected) - got
        parts = []
        if missing:
            parts.append(f"{len(missing)} missing (e.g. {sorted(map(str, missing))[0]})")
        if extra:
            parts.append(f"{len(extra)} that should not be there (e.g. {sorted(map(str, extra))[0]})")
        return False, "; ".join(parts)
    if isinstance(expected, (int, float, np.integer, np.floating)) and not isinstance(expected, bool):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return False, f"expected a number, got {answer!r}"
        if math.isclose(value, float(expected), rel_tol=ex.rel_tol, abs_tol=ex.abs_tol):
            return True, ""
        direction = "too high" if value > float(expected) else "too low"
        return False, f"{value:,.4g} is {direction}"
    if answer == expected:
        return True, ""
    return False, f"{answer!r} is not the answer"


def _by_key(key: dict, id: str, answer: Any, data: Any) -> tuple[bool, str, str]:
    """Check ``answer`` against the answer key: (right, what is wrong, hint)."""
    entry = key["exercises"].get(id)
    if entry is None:
        raise KeyError(f"exercise {id!r} is not in the answer key; known: {', '.join(sorted(key['exercises']))}")
    if answer is Ellipsis or answer is None:
        return False, "no answer yet: replace the `...` with your code", entry["hint"]
    data, as_of = lesson_context(data)
    book = data.kept(("answer key book",), lambda: fingerprint(data))
    if book != key["book"] or str(as_of) != key["as_of"]:
        why = (
            f"the answer key is for the course data at {key['as_of']}, and this notebook works on other data or "
            f"another date ({as_of}): set db and period back to the course's (or ask your trainer for a key)"
        )
        return False, why, entry["hint"]
    ok, why = verdict(entry, id, answer, key["salt"])
    return ok, why, entry["hint"]


def _by_computing(id: str, answer: Any, data: Any) -> tuple[bool, str, str]:
    """Check ``answer`` against the answer computed from ``data``: (right, what is wrong, hint)."""
    if id not in EXERCISES:
        importlib.import_module(ANSWERS_MODULE)  # the trainer's folder: the answers' functions register
    if id not in EXERCISES:
        known = ", ".join(sorted(EXERCISES)) or "none"
        raise KeyError(f"unknown exercise {id!r}; known: {known}")
    ex = EXERCISES[id]
    try:
        expected = ex.expected(data)
    except Exception as exc:  # a check must explain, not crash the lesson
        raise RuntimeError(f"exercise {id!r} could not compute its answer on this data: {exc}") from exc
    ok, why = _same(answer, expected, ex)
    return ok, why, ex.hint


def check(id: str, answer: Any, data: Any = None, *, strict: bool | None = None) -> bool:
    """Check a student's ``answer`` to the exercise ``id`` on ``data``; print what is right or what to try.

    With an answer key in the working folder (or in ``$KAM_TRAINING_KEY_DIR``), as in the student copies,
    the answer is compared with the key; else it is computed from ``data``. Returns True or False. With
    ``KAM_TRAINING_STRICT=1`` in the environment a wrong answer raises :class:`NotYet`, so the test suite
    catches an instructor notebook whose solution no longer holds; ``strict`` overrides the environment.
    """
    key = read_key(os.environ.get(KEY_ENV) or ".")
    ok, why, hint = _by_key(key, id, answer, data) if key is not None else _by_computing(id, answer, data)
    if ok:
        print(f"✔ {id}: correct.")
        return True
    message = f"✘ {id}: not yet: {why}. Hint: {hint}"
    if strict is None:
        strict = os.environ.get(STRICT_ENV) == "1"
    if strict:
        raise NotYet(message)
    print(message)
    return False
