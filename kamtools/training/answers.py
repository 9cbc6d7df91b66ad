"""The answers of the exercises, for the trainer's side only: the instructor notebooks' checks, the
answer key ``kam training --student`` writes, the tests.

A participant's kernel does not import this module: the student copies' checks compare with the
answer key (:mod:`kamtools.training.key`), so ``kamtools.training`` in a participant's kernel holds
no function that computes an answer.
"""

from __future__ import annotations

from typing import Any

from . import (
    credit_lessons,  # noqa: F401
    segments_lessons,  # noqa: F401
)
from .core import EXERCISES

__all__ = ["answer"]


def answer(id: str, data: Any) -> Any:
    """The expected answer of the exercise ``id`` on ``data`` (or ``(data, as_of)``)."""
    if id not in EXERCISES:
        raise KeyError(f"unknown exercise {id!r}; known: {', '.join(sorted(EXERCISES))}")
    return EXERCISES[id].expected(data)
