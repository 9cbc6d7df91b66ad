"""Charts of the credit analysis (re-exported by :mod:`kamtools.plots`)."""
from __future__ import annotations

from ._plotbase import new_axes, thousands  # noqa: F401

__all__: list[str] = []
