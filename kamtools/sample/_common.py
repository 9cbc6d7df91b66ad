"""Helpers of the sample generator: day numbers, ids as Arrow strings, vectorized draws."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..periods import as_date, as_timestamp

_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # the dtype pandas calls "str"


def _day(value) -> int:
    """Days since 1970-01-01 of a date."""
    return int(np.datetime64(as_date(value, "date"), "D").astype(np.int64))


def _dates(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 as ``datetime64[us]``."""
    return (np.asarray(days, dtype=np.int64) * 86_400_000_000).view("datetime64[us]")


def _order_by_day(days: np.ndarray) -> np.ndarray:
    """Stable order of ``days`` (a radix sort when the days span less than 179 years)."""
    if len(days) and int(days.max()) - int(days.min()) < 65_536:
        return np.argsort((days - days.min()).astype(np.uint16), kind="stable")
    return np.argsort(days, kind="stable")


_DIGITS4 = np.frombuffer("".join(f"{i:04d}" for i in range(10_000)).encode(), dtype=np.uint32)  # "0000".."9999"


def _ids(prefix: str, numbers: np.ndarray, width: int, valid: np.ndarray | None = None) -> pa.Array:
    """``prefix`` + zero-padded ``numbers`` as an Arrow string array, built straight from bytes.

    Rows where ``valid`` is false are null. Much faster than string formatting for millions of ids.
    """
    numbers = np.asarray(numbers)
    n = len(numbers)
    if n and int(numbers.max()) >= 10**width:
        width = len(str(int(numbers.max())))
    groups = -(-width // 4)
    rest = numbers.astype(np.uint32 if width <= 9 else np.uint64)
    digits = np.empty((n, groups), dtype=np.uint32)
    for j in range(groups - 1, -1, -1):  # one pass per group of four digits
        digits[:, j] = _DIGITS4[rest % 10_000]
        rest //= 10_000
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    size = len(head) + width
    buf = np.empty((n, size), dtype=np.uint8)
    buf[:, : len(head)] = head
    buf[:, len(head) :] = digits.view(np.uint8)[:, 4 * groups - width :]
    del digits
    bitmap = None
    if valid is not None:
        bitmap = pa.py_buffer(np.packbits(np.asarray(valid, dtype=bool), bitorder="little"))
    if n * size >= 2**31:
        offsets = np.arange(n + 1, dtype=np.int64) * size
        arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(buf), bitmap)
        return arr.cast(pa.string())
    offsets = np.arange(n + 1, dtype=np.int32) * size
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(buf), bitmap)


def _take(values, idx: np.ndarray) -> pa.Array:
    """``values[idx]`` as an Arrow string array."""
    return pa.array(list(values), type=pa.string()).take(pa.array(np.asarray(idx, dtype=np.int64)))


def _null_where(arr: pa.Array, mask: np.ndarray) -> pa.Array:
    """``arr`` with nulls where ``mask`` is true."""
    return pc.if_else(pa.array(np.asarray(mask, dtype=bool)), pa.scalar(None, pa.string()), arr)


def _str(arr: pa.Array) -> pd.Series:
    """An Arrow string array as a pandas ``str`` Series (no copy)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return pd.Series(pd.array(arr, dtype=_STR))


def _norm_ppf(p: np.ndarray) -> np.ndarray:
    """Inverse of the standard normal distribution function (Acklam's approximation, error < 1.2e-9)."""
    a = (
        -3.969683028665376e01,
        2.209460984245205e02,
        -2.759285104469687e02,
        1.383577518672690e02,
        -3.066479806614716e01,
        2.506628277459239e00,
    )
    b = (
        -5.447609879822406e01,
        1.615858368580409e02,
        -1.556989798598866e02,
        6.680131188771972e01,
        -1.328068155288572e01,
    )
    c = (
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e00,
        -2.549732539343734e00,
        4.374664141464968e00,
        2.938163982698783e00,
    )
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    q = np.minimum(p, 1 - p)
    tail = q < 0.02425
    r = np.sqrt(-2 * np.log(np.where(tail, q, 0.5)))
    x_tail = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / (
        (((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1
    )
    x_tail = np.where(p < 0.5, x_tail, -x_tail)
    u = p - 0.5
    t = u * u
    x_mid = (
        (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5])
        * u
        / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1)
    )
    return np.where(tail, x_tail, x_mid)


def _draw(rng: np.random.Generator, p, size: int) -> np.ndarray:
    """``size`` draws of an index with probabilities ``p`` (faster than ``rng.choice`` with ``p``)."""
    cum = np.cumsum(p)
    return np.minimum(np.searchsorted(cum / cum[-1], rng.random(size), side="right"), len(cum) - 1)


def _choice(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One draw per row of the probability matrix ``probs`` (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None]
    return np.minimum((u >= cum).sum(axis=1), probs.shape[1] - 1)


def _rank01(values: np.ndarray) -> np.ndarray:
    """Quantile rank in [0, 1) of each value."""
    n = len(values)
    out = np.empty(n)
    out[np.argsort(values, kind="stable")] = np.arange(n) / max(n, 1)
    return out


def _round_to(x: np.ndarray, step: float) -> np.ndarray:
    return np.round(np.asarray(x, dtype=float) / step) * step


@dataclass(frozen=True)
class _Window:
    """The days the book covers, ``S`` to ``E`` (day numbers), and its month cells."""

    end_ts: pd.Timestamp
    start_ts: pd.Timestamp
    E: int
    S: int
    m_lo: np.ndarray  # first day of each month cell (the window's first day for the first month)
    m_hi: np.ndarray  # last day of each month cell (the window's last day for the last month)
    m_full: np.ndarray  # days in the calendar month
    m_moy: np.ndarray  # month of the year, 0 = January
    m_t: np.ndarray  # position in years from the middle of the window
    n_months: int


def _window(end, years: int) -> _Window:
    """The ``years`` up to ``end`` (an ISO date) as a :class:`_Window`."""
    end_ts = as_timestamp(end, "end")
    start_ts = end_ts - pd.DateOffset(years=years) + pd.Timedelta(days=1)
    E, S = _day(end_ts), _day(start_ts)

    # Month cells of the window: [lo, hi] days, month of year, position in years from the middle.
    month_starts = pd.date_range(start_ts.to_period("M").start_time, end_ts, freq="MS")
    m_lo = np.array([max(_day(m), S) for m in month_starts], dtype=np.int64)
    m_hi = np.array([min(_day(m + pd.offsets.MonthEnd(0)), E) for m in month_starts], dtype=np.int64)
    m_full = np.asarray(month_starts.days_in_month, dtype=np.int64)
    m_moy = np.asarray(month_starts.month, dtype=np.int64) - 1
    m_t = ((m_lo + m_hi) / 2 - (S + E) / 2) / 365.25
    n_months = len(month_starts)
    return _Window(end_ts, start_ts, E, S, m_lo, m_hi, m_full, m_moy, m_t, n_months)
