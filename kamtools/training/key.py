"""The answer key of the student copies: what a check needs to recognise a right answer, and no answer.

``kam training --student DIR`` writes ``DIR/answer_key.json`` (:data:`KEY_FILE`) for the data and month
of the course (:func:`kamtools.training.answers.write_key`). For each exercise it holds the hint, the
kind of answer and a salted SHA-256 digest of the answer: a whole number or a text as it is, a number
rounded to a step of its tolerance. A participant's check digests the participant's answer the same way
and compares; nothing in the participant's kernel computes or holds the answer.

What a determined participant can still do: compute the answer with the workbook's own functions (the
lessons show them), import the trainer's module :mod:`kamtools.training.answers` by name, or try numbers
against the key (each try is a digest: a share on a step of 0.001 has a thousand candidates). The key
stops the answer being one call away, not a participant who sets out to get it.

>>> key = make_key({"x.share": (0.4219, "a share", 0.0005, 0.0)}, "book", "2026-10-31", salt="s")
>>> verdict(key["exercises"]["x.share"], "x.share", 0.422, "s")
(True, '')
>>> verdict(key["exercises"]["x.share"], "x.share", 0.43, "s")
(False, '0.43 is not the answer')
>>> key = make_key({"x.code": ("M+a+N", "the code", 0.0, 0.0)}, "book", "2026-10-31", salt="s")
>>> verdict(key["exercises"]["x.code"], "x.code", "M + a + N", "s")
(True, '')
>>> "M+a+N" in json.dumps(key)
False
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["KEY_FILE", "fingerprint", "make_key", "read_key", "verdict"]

#: The answer key's file name, beside the student notebooks.
KEY_FILE = "answer_key.json"


def _digest(salt: str, id: str, value: str) -> str:
    return hashlib.sha256(f"{salt}|{id}|{value}".encode()).hexdigest()


def _step(value: float, rel_tol: float, abs_tol: float) -> float:
    """The rounding step of a number: its tolerance, up to the next power of ten (so the key tells the
    answer's size to within a factor of ten at most)."""
    tol = max(abs_tol, rel_tol * abs(value), 1e-12)
    return 10.0 ** math.ceil(math.log10(tol))


def _text(value: Any) -> str:
    return "".join(str(value).split())


def make_key(answers: dict[str, tuple[Any, str, float, float]], book: str, as_of: str, salt: str | None = None) -> dict:
    """The key of ``answers`` ({id: (answer, hint, rel_tol, abs_tol)}) on the data ``book`` (a
    :func:`fingerprint`) at ``as_of``."""
    salt = salt or secrets.token_hex(16)
    exercises = {}
    for id, (value, hint, rel_tol, abs_tol) in answers.items():
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating, str)):
            raise TypeError(f"exercise {id!r}: the key holds numbers and texts, not {type(value).__name__}")
        if isinstance(value, str):
            entry = {"kind": "text", "digest": _digest(salt, id, _text(value))}
        elif float(value).is_integer() and isinstance(value, (int, np.integer)):
            entry = {"kind": "whole", "digest": _digest(salt, id, str(int(value)))}
        else:
            step = _step(float(value), rel_tol, abs_tol)
            entry = {"kind": "number", "step": step, "digest": _digest(salt, id, str(round(float(value) / step)))}
        exercises[id] = {**entry, "hint": hint}
    return {"book": book, "as_of": as_of, "salt": salt, "exercises": exercises}


def verdict(entry: dict, id: str, answer: Any, salt: str) -> tuple[bool, str]:
    """Whether ``answer`` is the answer of the key's ``entry`` for the exercise ``id``; else what is wrong."""
    kind = entry["kind"]
    if kind == "text":
        ok = _digest(salt, id, _text(answer)) == entry["digest"]
        return (True, "") if ok else (False, f"{answer!r} is not the answer")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return False, f"expected a number, got {answer!r}"
    if not math.isfinite(value):
        return False, f"{value} is not a number the answer can be"
    if kind == "whole":
        ok = value.is_integer() and _digest(salt, id, str(int(value))) == entry["digest"]
    else:
        k = round(value / entry["step"])
        ok = any(_digest(salt, id, str(k + d)) == entry["digest"] for d in (-1, 0, 1))
    return (True, "") if ok else (False, f"{value:,.6g} is not the answer")


def fingerprint(data: Any) -> str:
    """A short digest of a book's customers and invoices: the key is for one book."""
    row = data.sql("select count(*) as n, coalesce(sum(amount), 0) as total from invoices").iloc[0]
    text = f"{len(data.customers)}|{int(row['n'])}|{round(float(row['total']), 2)}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_key(folder: str | Path = ".") -> dict | None:
    """The answer key in ``folder`` (the kernel's working folder: the student notebooks'), or None."""
    path = Path(folder) / KEY_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
