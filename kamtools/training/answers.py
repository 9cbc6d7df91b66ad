"""The answers of the exercises, for the trainer's side only: the instructor notebooks' checks, the
answer key ``kam training --student`` writes, the tests.

A participant's kernel does not import this module: the student copies' checks compare with the
answer key (:mod:`kamtools.training.key`), so ``kamtools.training`` in a participant's kernel holds
no function that computes an answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import (
    credit_lessons,  # noqa: F401
    segments_lessons,  # noqa: F401
)
from .core import EXERCISES, lesson_context
from .key import KEY_FILE, fingerprint, make_key

__all__ = ["answer", "write_key"]


def answer(id: str, data: Any) -> Any:
    """The expected answer of the exercise ``id`` on ``data`` (or ``(data, as_of)``)."""
    if id not in EXERCISES:
        raise KeyError(f"unknown exercise {id!r}; known: {', '.join(sorted(EXERCISES))}")
    return EXERCISES[id].expected(data)


def write_key(folder: str | Path, data: Any, as_of: Any, ids: list[str] | None = None) -> Path:
    """Write the answer key of the exercises ``ids`` (default: all) on ``data`` at ``as_of`` into ``folder``
    (:data:`kamtools.training.key.KEY_FILE`): what the student copies' checks compare with."""
    data, as_of = lesson_context((data, as_of))
    chosen = ids if ids is not None else sorted(EXERCISES)
    answers = {
        id: (answer(id, (data, as_of)), EXERCISES[id].hint, EXERCISES[id].rel_tol, EXERCISES[id].abs_tol)
        for id in chosen
    }
    key = make_key(answers, fingerprint(data), str(as_of))
    path = Path(folder) / KEY_FILE
    path.write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
