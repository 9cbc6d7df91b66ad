"""A sentence made from a template, and how it reads in Chinese (declarative; :mod:`kamtools.output.codes`
and :mod:`kamtools.output.credit_phrases` hold the templates, :mod:`kamtools.output.labels` reads them)."""

from __future__ import annotations

import re
from typing import NamedTuple


class Phrase(NamedTuple):
    """A sentence made from a template: ``pattern`` matches the English, ``zh`` is the Chinese
    with ``{0}``, ``{1}`` ... for the pattern's groups; ``codes`` names the domain of a group
    that is a code (its label is put in), None for a group taken as it is (a number, a grade)."""

    pattern: re.Pattern
    zh: str
    codes: tuple[str | None, ...] = ()


def _p(pattern: str, zh: str, *codes: str | None) -> Phrase:
    return Phrase(re.compile(pattern), zh, codes)


#: An amount or a number as the sentences write it (``1.35 M``, ``785 k``, ``12,000.50``, ``-3``).
_N = r"(-?[\d,.]+(?: [kM])?)"
