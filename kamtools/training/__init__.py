"""The training course's support: exercise checks and student copies.

Lessons live in ``notebooks/training/``; each exercise's expected answer is
computed here from the data with the workbook's own functions (see
:mod:`kamtools.training.core`). Exercise modules register their checks on import.
"""

from __future__ import annotations

from . import (
    credit_lessons,  # noqa: F401
    segments_lessons,  # noqa: F401
)
from .core import EXERCISES, NotYet, check, exercise, lesson_context
from .student import to_student, write_student_copies

__all__ = ["EXERCISES", "NotYet", "check", "exercise", "lesson_context", "to_student", "write_student_copies"]
