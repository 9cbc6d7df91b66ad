"""The answer key of the student copies: what a check needs to recognise a right answer, the common
mistakes of an exercise and its three hints, and no answer.

``kam training --student DIR`` writes ``DIR/answer_key.json`` (:data:`KEY_FILE`) for the data and month
of the course (:func:`kamtools.training.answers.write_key`). For each exercise it holds the hints (a
nudge, the method, the recipe; in Chinese and English), the kind of answer and a salted SHA-256 digest of
the answer: a whole number or a text as it is (:func:`~kamtools.training.feedback.canonical_text`), a
number rounded to a step of its tolerance, and to a step of about 1 % (to tell a rounding slip). Each
listed mistake of the exercise (the current ratio for the quick ratio, prepaid expenses forgotten, ...)
is a digest of its wrong answer with its message. A participant's check digests the participant's answer
the same way and compares; nothing in the participant's kernel computes or holds the answer.

What a determined participant can still do: compute the answer with the workbook's own functions (the
lessons show them), import the trainer's module :mod:`kamtools.training.answers` by name, or try numbers
against the key (each try is a digest: a share on a step of 0.001 has a thousand candidates). The key
stops the answer being one call away, not a participant who sets out to get it.

>>> spec = {"value": 0.4219, "rel_tol": 0.0, "abs_tol": 0.0005, "hints": [], "slips": {}}
>>> key = make_key({"x.share": spec}, "book", "2026-10-31", salt="s")
>>> verdict(key["exercises"]["x.share"], "x.share", 0.422, "s")
(True, {})
>>> verdict(key["exercises"]["x.share"], "x.share", 0.43, "s")[1]["en"]
'0.43 is not the answer'
>>> verdict(key["exercises"]["x.share"], "x.share", 42.19, "s")[1]["en"]
'42.19 is 100 times the answer: give a share (0.25), not a percentage (25)'
>>> verdict(key["exercises"]["x.share"], "x.share", 0.42, "s")[1]["en"].startswith("0.42 is right to about 1 %")
True
>>> spec = {"value": "M+a+N", "rel_tol": 0.0, "abs_tol": 0.0, "hints": [], "slips": {}}
>>> key = make_key({"x.code": spec}, "book", "2026-10-31", salt="s")
>>> verdict(key["exercises"]["x.code"], "x.code", "M + a + N", "s")
(True, {})
>>> verdict(key["exercises"]["x.code"], "x.code", "m+A+n", "s")[1]["zh"]
"'m+A+n' 的字母对，但大小写不对：大写表示具备该条件，小写表示不具备"
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

from .feedback import canonical_text, near_miss, num, phrase

__all__ = ["KEY_FILE", "NUMBER_CHECKS", "encode", "fingerprint", "make_key", "matches", "read_key", "verdict"]

#: The answer key's file name, beside the student notebooks.
KEY_FILE = "answer_key.json"
#: The common mistakes any number answer is tested for (a count is tested for none).
NUMBER_CHECKS = ("sign", "percent", "rounding")
#: "Right to about 1 %": what a rounding slip is.
CLOSE = 0.01


def _digest(salt: str, label: str, value: str) -> str:
    return hashlib.sha256(f"{salt}|{label}|{value}".encode()).hexdigest()


def _step(value: float, rel_tol: float, abs_tol: float) -> float:
    """The rounding step of a number: its tolerance, up to the next power of ten (so the key tells the
    answer's size to within a factor of ten at most)."""
    tol = max(abs_tol, rel_tol * abs(value), 1e-12)
    return 10.0 ** math.ceil(math.log10(tol))


def _is_whole(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def encode(salt: str, label: str, value: Any, rel_tol: float, abs_tol: float) -> dict:
    """The digests of ``value`` under ``label`` (an exercise's id, or ``id#mistake``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating, str)):
        raise TypeError(f"{label!r}: the key holds numbers and texts, not {type(value).__name__}")
    if isinstance(value, str):
        text = canonical_text(value)
        return {"kind": "text", "digest": _digest(salt, label, text), "folded": _digest(salt, label, text.casefold())}
    if _is_whole(value):
        return {"kind": "whole", "digest": _digest(salt, label, str(int(value)))}
    step = _step(float(value), rel_tol, abs_tol)
    entry = {"kind": "number", "step": step, "digest": _digest(salt, label, str(round(float(value) / step)))}
    if float(value) != 0:  # "about 1 %" is a window of 100 to 1,000 coarse steps
        coarse = 10.0 ** math.floor(math.log10(CLOSE * abs(float(value)) / 100))
        if coarse > step:
            entry.update(coarse_step=coarse, coarse=_digest(salt, label, str(round(float(value) / coarse))))
    return entry


def matches(entry: dict, salt: str, label: str, answer: Any, close: bool = False) -> bool:
    """Whether ``answer`` is the value ``entry`` encodes (``close``: to about 1 %, or a text but for its case)."""
    if entry["kind"] == "text":
        text = canonical_text(answer)
        return _digest(salt, label, text.casefold() if close else text) == entry["folded" if close else "digest"]
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return False
    if not math.isfinite(value):
        return False
    if entry["kind"] == "whole":
        return not close and value.is_integer() and _digest(salt, label, str(int(value))) == entry["digest"]
    if not close:
        k = round(value / entry["step"])
        return any(_digest(salt, label, str(k + d)) == entry["digest"] for d in (-1, 0, 1))
    step, digest = (entry["coarse_step"], entry["coarse"]) if "coarse" in entry else (entry["step"], entry["digest"])
    k, window = round(value / step), math.ceil(CLOSE * abs(value) / step) + 1
    if window > 5_000:  # a tolerance far finer than 1 % of the number: not a rounding slip to look for
        return False
    return any(_digest(salt, label, str(k + d)) == digest for d in range(-window, window + 1))


def make_key(specs: dict[str, dict], book: str, as_of: str, salt: str | None = None) -> dict:
    """The key of the exercises ``specs`` ({id: {value, rel_tol, abs_tol, hints, slips}}, ``slips`` being
    {name: (wrong value, message)}) on the data ``book`` (a :func:`fingerprint`) at ``as_of``."""
    salt = salt or secrets.token_hex(16)
    exercises = {}
    for id, spec in specs.items():
        entry = encode(salt, id, spec["value"], spec["rel_tol"], spec["abs_tol"])
        slips = []
        for name, (wrong, text) in spec["slips"].items():
            slip = encode(salt, f"{id}#{name}", wrong, spec["rel_tol"], spec["abs_tol"])
            slips.append({**slip, "name": name, "message": text})
        exercises[id] = {**entry, "hints": spec["hints"], "slips": slips}
    return {"book": book, "as_of": as_of, "salt": salt, "exercises": exercises}


def verdict(entry: dict, id: str, answer: Any, salt: str) -> tuple[bool, dict[str, str]]:
    """Whether ``answer`` is the answer of the key's ``entry`` for the exercise ``id``; else what is
    wrong, in English and Chinese (a listed mistake, a common one, or plainly not the answer)."""
    if matches(entry, salt, id, answer):
        return True, {}
    if entry["kind"] != "text":
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return False, phrase("number", value=answer)
        if not math.isfinite(value):
            return False, phrase("not_finite", value=value)
        answer = value
    for close in (False, True):  # a mistake matched exactly first, then one within about 1 %
        for slip in entry.get("slips", []):
            if close and slip["kind"] != "number":
                continue
            if matches(slip, salt, f"{id}#{slip['name']}", answer, close=close):
                return False, _slip_message(answer, slip["message"])
    if entry["kind"] == "text":
        return False, phrase("case" if matches(entry, salt, id, answer, close=True) else "wrong", value=answer)
    checks = NUMBER_CHECKS if entry["kind"] == "number" else ()
    slip = near_miss(
        answer, lambda x: matches(entry, salt, id, x), lambda x: matches(entry, salt, id, x, close=True), checks
    )
    return False, phrase(slip or "wrong", value=answer)


def _slip_message(answer: Any, text: dict[str, str]) -> dict[str, str]:
    shown = num(answer) if isinstance(answer, float) else repr(answer)
    return {"en": f"{shown}: {text['en']}", "zh": f"{shown}：{text['zh']}"}


def fingerprint(data: Any) -> str:
    """A short digest of a book's customers and invoices: the key is for one book."""
    row = data.sql("select count(*) as n, coalesce(sum(amount), 0) as total from invoices").iloc[0]
    text = f"{len(data.customers)}|{int(row['n'])}|{round(float(row['total']), 2)}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_key(folder: str | Path = ".") -> dict | None:
    """The answer key in ``folder`` (the kernel's working folder: the student notebooks'), or in the folder
    above it (the no-code track's notebooks run in ``nocode/`` of the student folder), or None."""
    for place in (Path(folder), Path(folder).resolve().parent):
        path = place / KEY_FILE
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    return None
