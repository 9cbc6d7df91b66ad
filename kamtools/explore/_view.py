"""What the explorers share on screen: HTML of tables and records, PNG of figures, dropdown
options, and the base class of an explorer."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure

from ..output.formats import compact_text, registered_kind
from ..text import html_text
from .accounts import ALL


def _money_html(v: Any) -> str:
    return compact_text(v, "money")


def _share_html(v: Any) -> str:
    return compact_text(v, "share")


def _value_html(key: str, v: Any) -> str:
    """One value of a record (:func:`_record_html`): money and shares as the registry says, dates as dates."""
    if isinstance(v, pd.Timestamp) and not pd.isna(v):
        return str(v.date())
    return compact_text(v, registered_kind(key))


def _frame_html(df: pd.DataFrame, max_rows: int = 50) -> str:
    """A DataFrame as a compact HTML table (text escaped, money with separators)."""
    shown = df.head(max_rows).copy()
    fmt: dict[str, Any] = {}
    for col in shown.columns:
        kind = registered_kind(col)  # money and shares as the format registry says; the rest as pandas shows it
        if kind == "share":
            fmt[col] = _share_html
        elif kind == "money":
            fmt[col] = _money_html
    out = shown.to_html(formatters=fmt, na_rep="", escape=True, border=0, classes="kam-table")
    more = f"<p>{len(df) - max_rows:,} more rows not shown.</p>" if len(df) > max_rows else ""
    return f'<div style="max-height:420px;overflow:auto">{out}</div>{more}'


def _record_html(pairs: Mapping[str, Any]) -> str:
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{html_text(k)}</th><td>{html_text(v)}</td></tr>"
        for k, v in pairs.items()
    )
    return f"<table>{rows}</table>"


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72)
    return buf.getvalue()


def _options(values: Iterable[Any], order: Iterable[Any] | None = None) -> list[tuple[str, str]]:
    """Dropdown options: "(all)" first, then the values (in ``order`` when given)."""
    present = {str(v) for v in values if v is not None and not pd.isna(v)}
    ordered = [str(v) for v in order if str(v) in present] if order is not None else []
    ordered += sorted(present - set(ordered))
    return [("(all)", ALL)] + [(v, v) for v in ordered]


class _Explorer:
    """Common parts: the top-level widget, display, and holding updates."""

    widget: W.Widget

    def __init__(self) -> None:
        self._holding = 0

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Change several widgets and update once, at the end."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not self._holding:
            self.update()

    def _changed(self, change: Any = None) -> None:
        if not self._holding:
            self.update()

    def update(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
