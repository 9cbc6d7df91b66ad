"""The answers of the exercises, for the trainer's side only: the instructor notebooks' checks, the
answer key ``kam training --student`` writes, the tests.

A participant's kernel does not import this module: the student copies' checks compare with the
answer key (:mod:`kamtools.training.key`), so ``kamtools.training`` in a participant's kernel holds
no function that computes an answer.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from . import (
    collections_lessons,  # noqa: F401
    credit_lessons,  # noqa: F401
    customer_lessons,  # noqa: F401
    quiz,  # noqa: F401
    segments_lessons,  # noqa: F401
)
from .core import EXERCISES, lesson_context
from .feedback import canonical_text
from .hints import hints_of, slip_messages
from .key import CLOSE, KEY_FILE, fingerprint, make_key

__all__ = ["answer", "coaching", "hints_of", "write_key"]


def answer(id: str, data: Any) -> Any:
    """The expected answer of the exercise ``id`` on ``data`` (or ``(data, as_of)``)."""
    if id not in EXERCISES:
        raise KeyError(f"unknown exercise {id!r}; known: {', '.join(sorted(EXERCISES))}")
    return EXERCISES[id].expected(data)


def _distinct(wrong: Any, right: Any) -> bool:
    """Whether a mistake's wrong answer can be told from the right one (not within about 1 % of it)."""
    if isinstance(right, str) or isinstance(wrong, str):
        return canonical_text(wrong) != canonical_text(right)
    if not (math.isfinite(float(wrong)) and math.isfinite(float(right))):
        return False
    return not math.isclose(float(wrong), float(right), rel_tol=CLOSE, abs_tol=1e-9)


def coaching(id: str, data: Any, expected: Any = None) -> dict:
    """The hints of ``id`` and its listed mistakes on ``data``: {"hints": [3 x {en, zh}], "slips": {name:
    (wrong answer, message)}}; a mistake that gives the right answer on this data is left out."""
    expected = answer(id, data) if expected is None else expected
    messages = slip_messages(id)
    slips = {}
    for name, fn in EXERCISES[id].slips.items():
        wrong = fn(data)
        if _distinct(wrong, expected):
            slips[name] = (wrong, messages[name])
    return {"hints": hints_of(id), "slips": slips}


def write_key(folder: str | Path, data: Any, as_of: Any, ids: list[str] | None = None) -> Path:
    """Write the answer key of the exercises ``ids`` (default: all) on ``data`` at ``as_of`` into ``folder``
    (:data:`kamtools.training.key.KEY_FILE`): what the student copies' checks compare with, with the
    hints and the listed mistakes of each exercise."""
    data, as_of = lesson_context((data, as_of))
    chosen = ids if ids is not None else sorted(EXERCISES)
    specs = {}
    for id in chosen:
        ex = EXERCISES[id]
        value = answer(id, (data, as_of))
        coached = coaching(id, (data, as_of), value)
        specs[id] = {
            "value": value,
            "rel_tol": ex.rel_tol,
            "abs_tol": ex.abs_tol,
            "hints": coached["hints"],
            "slips": coached["slips"],
        }
    key = make_key(specs, fingerprint(data), str(as_of))
    path = Path(folder) / KEY_FILE
    path.write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
