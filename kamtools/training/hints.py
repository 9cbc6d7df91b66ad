"""The hints and the common mistakes' messages of the exercises, for the trainer's side: the checks of the
instructor notebooks and the answer key ``kam training --student`` writes (a participant's kernel reads them
from the key, never from here).

``hints.yaml`` beside this module holds, per exercise, a nudge and the method (Chinese and English), the
recipe's Chinese (its English is the exercise's ``hint``, beside the code that computes the answer) and the
message of each listed mistake (``slips``), whose wrong answer a function of the lesson's module computes
(:func:`kamtools.training.core.slip`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .core import EXERCISES

__all__ = ["HINTS_FILE", "hints_of", "slip_messages", "table"]

HINTS_FILE = Path(__file__).with_name("hints.yaml")


@cache
def table() -> dict:
    """The contents of ``hints.yaml``: exercise id -> nudge, method, recipe_zh, slips."""
    return yaml.safe_load(HINTS_FILE.read_text(encoding="utf-8"))


def hints_of(id: str) -> list[dict[str, str]]:
    """The three hints of the exercise ``id``: a nudge, the method, the recipe ({en, zh} each). An exercise
    without an entry gets its recipe three times."""
    recipe = EXERCISES[id].hint
    entry = table().get(id)
    if entry is None:
        return [{"en": recipe, "zh": recipe}] * 3
    return [entry["nudge"], entry["method"], {"en": recipe, "zh": entry["recipe_zh"]}]


def slip_messages(id: str) -> dict[str, dict[str, str]]:
    """The messages of the listed mistakes of ``id``: name -> {en, zh}."""
    return dict((table().get(id) or {}).get("slips") or {})
