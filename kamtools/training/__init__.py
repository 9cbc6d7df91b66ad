"""The training course's support: exercise checks and student copies.

Lessons live in ``notebooks/training/``. A check (:func:`check`) compares a participant's answer with
the answer key of the student folder (:mod:`kamtools.training.key`), or, in the trainer's folder, with
the answer computed from the data with the workbook's own functions (:mod:`kamtools.training.answers`,
which this package does not import: a participant's kernel holds no function that computes an answer).
"""

from __future__ import annotations

from .core import EXERCISES, NotYet, check, exercise, lesson_context, score
from .feedback import language
from .student import to_student, write_student_copies

__all__ = [
    "EXERCISES",
    "NotYet",
    "check",
    "exercise",
    "language",
    "lesson_context",
    "score",
    "to_student",
    "write_student_copies",
]
