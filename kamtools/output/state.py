"""The language labels, sentences and money are written in now, with the names the policy gives
(approval and dunning levels, currency): set by :func:`kamtools.output.labels.use`, read by the
labels and by :mod:`.currency`."""

from __future__ import annotations

from typing import Any

#: What :func:`kamtools.output.labels.use` set last (English and the shipped names until then).
STATE: dict[str, Any] = {"language": "en", "levels": {}}


def language() -> str:
    """The language labels and sentences are written in now."""
    return STATE["language"]
