"""The end-of-day quiz (``notebooks/training/09_quiz``): fifteen questions on the whole method, checked by
:func:`kamtools.training.check` as ``quiz.01`` to ``quiz.15`` and scored by :func:`kamtools.training.score`.

The questions give their own numbers (a small case each), so the answers do not depend on the course data;
the student copies check them against the answer key like every exercise. Each question lists the typical
wrong answers (:func:`kamtools.training.core.slip`) with their messages in ``hints.yaml``: the current ratio
for the quick ratio, prepaid expenses forgotten, a percentage for a share, the wrong sign, the age of an
invoice for its days past due, the whole write-off for the handler's part, a limit not rounded.

>>> from kamtools.training.core import EXERCISES
>>> len([i for i in EXERCISES if i.startswith("quiz.")])
15
>>> EXERCISES["quiz.05"].expected(None)
1.5
"""

from __future__ import annotations

from typing import Any

from .core import exercise, slip

__all__ = ["QUESTIONS"]

#: The quiz's answers: id -> (answer, the English recipe the third hint gives, absolute tolerance).
QUESTIONS: dict[str, tuple[Any, str, float]] = {
    "quiz.01": (
        "key",
        "The pyramid gives about 60 % of the selling time to its top tier, the key accounts (重点客户).",
        0.0,
    ),
    "quiz.02": ("m+A+N", "No budget: small m; the general manager signs: capital A; a clear need: capital N.", 0.0),
    "quiz.03": ("defense", "Purchases falling while the customer still buys: the defense stage (防御期).", 0.0),
    "quiz.04": ("hibernation", "No purchase in the last 12 months: the dormant stage (冬眠期, hibernation).", 0.0),
    "quiz.05": (1.5, "(800,000 - 300,000 - 50,000) / 300,000.", 0.005),
    "quiz.06": (0.65, "1,300,000 / 2,000,000, as a share.", 0.0005),
    "quiz.07": (3.2, "3,600,000 / ((1,000,000 + 1,250,000) / 2).", 0.005),
    "quiz.08": (-0.045, "-162,000 / 3,600,000: a loss gives a negative margin.", 0.0005),
    "quiz.09": (67.5, "1,350,000 / 1,800,000 x 90.", 0.05),
    "quiz.10": (31_000.0, "100,000 x 1 % + 40,000 x 25 % + 20,000 x 100 %.", 0.5),
    "quiz.11": (517_000.0, "31,000 / 0.06 = 516,666.67, rounded to the nearest 1,000.", 0.01),
    "quiz.12": (0.52, "4,680,000 / 9,000,000, as a share.", 0.0005),
    "quiz.13": (45.0, "Days past due count from the due date: 75 - 30.", 0.01),
    "quiz.14": (120_000.0, "(260,000 - 200,000) + 30 % x 200,000.", 0.5),
    "quiz.15": ("formal_letter", "31 to 60 days past due: the formal dunning letter (催款函).", 0.0),
}


def _register(id: str, value: Any, recipe: str, abs_tol: float) -> None:
    exercise(id, hint=recipe, rel_tol=0.0, abs_tol=abs_tol)(lambda data: value)


for _id, (_value, _recipe, _tol) in QUESTIONS.items():
    _register(_id, _value, _recipe, _tol)

#: The typical wrong answers of the quiz: (id, mistake) -> the wrong answer (messages in hints.yaml).
WRONG: dict[tuple[str, str], Any] = {
    ("quiz.01", "prospect"): "prospect",
    ("quiz.02", "swapped"): "M+a+N",
    ("quiz.03", "hibernation"): "hibernation",
    ("quiz.04", "defense"): "defense",
    ("quiz.05", "current_ratio"): 800_000 / 300_000,
    ("quiz.05", "forgot_prepaid"): 500_000 / 300_000,
    ("quiz.06", "debt_to_equity"): 1_300_000 / 700_000,
    ("quiz.07", "latest_assets"): 3_600_000 / 1_250_000,
    ("quiz.07", "first_assets"): 3_600_000 / 1_000_000,
    ("quiz.08", "return_on_assets"): -162_000 / 1_250_000,
    ("quiz.09", "days_30"): 1_350_000 / 1_800_000 * 30,
    ("quiz.09", "inverted"): 1_800_000 / 1_350_000 * 90,
    ("quiz.10", "forgot_365_plus"): 11_000.0,
    ("quiz.11", "multiplied"): 31_000 * 0.06,
    ("quiz.13", "age"): 75.0,
    ("quiz.13", "added"): 105.0,
    ("quiz.14", "above_limit_only"): 60_000.0,
    ("quiz.14", "whole_exposure"): 260_000.0,
    ("quiz.14", "share_of_all"): 0.3 * 260_000,
    ("quiz.15", "call"): "call",
}


def _register_slip(id: str, name: str, value: Any) -> None:
    slip(id, name)(lambda data: value)


for (_id, _name), _value in WRONG.items():
    _register_slip(_id, _name, _value)
