"""Reading values: raw text to dates, numbers, money and booleans, and typed values back to text.

The rules are those of the package docstring (*Reading values*).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

from ..money import MONEY_DECIMALS, round_cents
from ..schema import Column

# --------------------------------------------------------------------------- text of values
#: A number's text that money reading would take as ambiguous (45.200: thousands or decimals?).
_THREE_DECIMALS = r"^([-+]?[1-9]\d{0,2}\.\d{3})$"


def _typed_number_text(text: str) -> str:
    """The text of a number a workbook or Parquet file stores as a number: a fourth decimal
    is added to exactly three (``1.234`` -> ``1.2340``), which are decimals beyond doubt.

    >>> _typed_number_text("1.234"), _typed_number_text("1234.567"), _typed_number_text("45.2")
    ('1.2340', '1234.567', '45.2')
    """
    return re.sub(_THREE_DECIMALS, r"\g<1>0", text)


def _cell_text(v: object) -> str:
    """One cell of a workbook as text."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return ""
    if isinstance(v, bool | np.bool_):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else _typed_number_text(repr(v))
    if isinstance(v, pd.Timestamp | np.datetime64):
        v = pd.Timestamp(v).to_pydatetime()
    if hasattr(v, "isoformat"):
        text = v.isoformat(sep=" ") if hasattr(v, "hour") and hasattr(v, "date") else v.isoformat()
        return text[:10] if text.endswith(" 00:00:00") else text
    return str(v)


def _as_text(s: pd.Series) -> pd.Series:
    """A column of any dtype as text, missing values as ``""``.

    >>> _as_text(pd.Series([1.5, None, 3.0])).tolist()
    ['1.5', '', '3.0']
    >>> _as_text(pd.Series(pd.to_datetime(["2026-01-31", None]))).tolist()
    ['2026-01-31', '']
    """
    missing = s.isna()
    if pd.api.types.is_datetime64_any_dtype(s):
        midnight = (s.isna() | (s == s.dt.normalize())).all()
        text = s.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M:%S")
    elif pd.api.types.is_bool_dtype(s):
        text = s.map({True: "true", False: "false"})
    elif pd.api.types.is_float_dtype(s):
        text = s.astype("object").astype(str).str.replace(_THREE_DECIMALS, r"\g<1>0", regex=True)
    elif pd.api.types.is_numeric_dtype(s) or pd.api.types.is_string_dtype(s):
        text = s.astype("object").astype(str)
    else:
        text = s.map(_cell_text)
    return text.astype(object).where(~missing, "").astype("str")


# --------------------------------------------------------------------------- value parsers
@dataclass
class _Parsed:
    """A column converted to its kind: the values, which cells failed and why, notes."""

    values: pd.Series
    bad: pd.Series  # bool: the cell has a value that could not be read
    reasons: pd.Series | str = "is not valid"  # why, per bad cell (or one reason for all)
    noted: pd.Series | None = None  # bool: accepted, but worth a note
    note: str = ""  # the note's text (with {example} for the first noted value)


_SEP = "\u00a0\u202f\u2009"  # no-break, narrow no-break and thin space
_NUMBER_RE = re.compile(
    r"^(?P<open>\()?\s*(?P<s1>[-+\u2212])?\s*"
    r"(?P<cur>[¥￥$€£]|RMB|CNY|USD|EUR|HKD)?\s*(?P<s2>[-+\u2212])?\s*"
    rf"(?P<num>\d[\d,.' {_SEP}]*(?:[eE][-+]?\d+)?|\.\d+)\s*(?P<yuan>元)?\s*(?P<close>\))?$"
)
_PLAIN = r"\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+"
_GROUPED = rf"\d{{1,3}}(?:(?P<g>[,' {_SEP}])\d{{3}})(?:(?P=g)\d{{3}})*(?:\.\d+)?"
_AMBIGUOUS = r"\d+,\d{1,2}|\d+,\d{4,}|\d{1,3}(?:\.\d{3})+,\d*|\d+(?:,\d+)*,\d+\.\d+.*|\d+\.\d+,.*"
#: A plain number, read in one vectorized pass (RE2 syntax, no backreferences).
_FAST_NUMBER = r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$"
#: Money with a digit other than 0 after the cents (kamtools.money: money is whole cents).
_SUB_CENT = rf"\.\d{{{MONEY_DECIMALS}}}\d*[1-9]"
#: Money with a dot that may be a European thousands separator: 45.200, 1.234, 1.234.567.
_DOT_GROUPED = r"[1-9]\d{0,2}(?:\.\d{3})+"
_FAST_DOT_GROUPED = rf"^[-+]?{_DOT_GROUPED}$"


def _dot_reason(num: str) -> str:
    """Why money such as ``45.200`` is ambiguous, and what to write instead.

    >>> _dot_reason("45.200")
    'is ambiguous: the dot may separate thousands (45200) or decimals (45.20); write 45200 or 45.20'
    >>> _dot_reason("1.234.567")
    'is ambiguous: the dots may separate thousands (1234567); write 1234567, with a dot only for decimals'
    """
    digits = num.lstrip("+-").replace(".", "")
    if num.count(".") > 1:
        return f"is ambiguous: the dots may separate thousands ({digits}); write {digits}, with a dot only for decimals"
    cents = f"{float(num.lstrip('+-')):.{MONEY_DECIMALS}f}"
    return f"is ambiguous: the dot may separate thousands ({digits}) or decimals ({cents}); write {digits} or {cents}"


def _arrow(s: pd.Series) -> pyarrow.Array:
    return pyarrow.array(s.astype("str"), from_pandas=True)


def _mask(result: pyarrow.Array) -> np.ndarray:
    return np.asarray(result.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def parse_number(raw: pd.Series, *, money: bool = False, whole: bool = False) -> _Parsed:
    """Read numbers (or money) from text, following the rules of the module docstring.

    Plain numbers (the vast majority) are read in one vectorized pass; only the
    other cells go through the slower rules for separators, signs and currencies.

    Parameters
    ----------
    raw
        The cells as text; ``""`` is a missing value.
    money
        Accept currency signs and codes, round to cents (with a note).
    whole
        Require whole numbers.

    Examples
    --------
    >>> p = parse_number(pd.Series(["1234.5", "1,234.50", "¥1,234.50", "1 234.50", "(12)", ""]), money=True)
    >>> p.values.tolist()[:5], bool(p.values.isna().iloc[5]), bool(p.bad.any())
    ([1234.5, 1234.5, 1234.5, 1234.5, -12.0], True, False)
    >>> p.noted.tolist()
    [False, True, True, True, True, False]
    >>> bad = parse_number(pd.Series(["1,23", "1.234,50", "abc", "1,234"]), money=True)
    >>> bad.bad.tolist(), float(bad.values.iloc[3])
    ([True, True, True, False], 1234.0)
    >>> parse_number(pd.Series(["3", "3.0", "3.5"]), whole=True).bad.tolist()
    [False, False, True]
    """
    raw = raw.astype("str")
    arr = _arrow(raw)
    empty = (raw.isna() | raw.eq("")).to_numpy()
    plain = _mask(pc.match_substring_regex(arr, _FAST_NUMBER))
    values = pc.cast(pc.if_else(plain, arr, None), pyarrow.float64()).to_numpy(zero_copy_only=False)
    values = np.array(values, dtype="float64")
    ok = plain & np.isfinite(values)
    noted = np.zeros(len(raw), dtype=bool)
    reasons = pd.Series("is not a number", index=raw.index, dtype=object)
    if money:
        dotted = ok & _mask(pc.match_substring_regex(arr, _FAST_DOT_GROUPED))
        if dotted.any():
            ok &= ~dotted
            reasons[dotted] = raw[dotted].map(_dot_reason).to_numpy()
    digits = raw.where(ok, "")
    rest = ~empty & ~ok
    if rest.any():
        sub = _parse_formatted(raw[rest], money)
        values[rest] = sub["value"].to_numpy(dtype="float64")
        ok[rest] = sub["ok"].to_numpy(dtype=bool)
        noted[rest] = sub["noted"].to_numpy(dtype=bool)
        reasons[rest] = sub["reason"].to_numpy()
        digits[rest] = sub["digits"].to_numpy()
    if whole:
        fraction = ok & (np.nan_to_num(values) % 1 != 0)
        reasons[fraction] = "is not a whole number"
        ok &= ~fraction
    note = "had thousands separators, currency signs or accounting brackets in {count}; {example} was read as {read}"
    if money:
        cents = ok & _mask(pc.match_substring_regex(_arrow(digits), _SUB_CENT)) & ~noted
        if cents.any():
            noted |= cents
            note = (
                "had thousands separators, currency signs, brackets or more than two decimals "
                "in {count}; {example} was read as {read}"
            )
        values = round_cents(values)  # whole cents: the money rule of kamtools.money
    index = raw.index
    values = pd.Series(np.where(ok, values, np.nan), index=index, dtype="float64")
    return _Parsed(values, pd.Series(~empty & ~ok, index=index), reasons, pd.Series(noted & ok, index=index), note)


def _parse_formatted(raw: pd.Series, money: bool) -> pd.DataFrame:
    """Numbers written with separators, signs, brackets or currencies (the slow path)."""
    parts = raw.astype(object).str.extract(_NUMBER_RE)
    num = parts["num"].fillna("")
    plain = num.str.fullmatch(_PLAIN).fillna(False).astype(bool)
    grouped = num.str.fullmatch(_GROUPED).fillna(False).astype(bool) & ~plain
    ambiguous = num.str.fullmatch(_AMBIGUOUS).fillna(False).astype(bool) & ~plain & ~grouped
    dotted = num.str.fullmatch(_DOT_GROUPED).fillna(False).astype(bool) & money
    plain &= ~dotted
    has_open, has_close = parts["open"].notna(), parts["close"].notna()
    signs = parts["s1"].notna().astype(int) + parts["s2"].notna().astype(int) + has_open.astype(int)
    currency = parts["cur"].notna() | parts["yuan"].notna()
    shape_ok = (has_open == has_close) & (signs <= 1) & (money | ~currency)
    ok = (plain | grouped) & shape_ok
    digits = num.where(ok, "").str.replace(rf"[,' {_SEP}]", "", regex=True)
    values = pd.to_numeric(digits.where(ok, None), errors="coerce").astype("float64")
    negative = parts["s1"].isin(["-", "\u2212"]) | parts["s2"].isin(["-", "\u2212"]) | has_open
    values = values.where(~negative, -values)
    ok &= values.notna() & np.isfinite(values.fillna(0))
    reason = pd.Series(
        np.where(
            ambiguous & shape_ok,
            "is ambiguous: the comma could be a decimal or a thousands separator "
            "(write 1234.50, with a dot for decimals)",
            "is not a number",
        ),
        index=raw.index,
        dtype=object,
    )
    dotted &= shape_ok
    if dotted.any():
        reason[dotted] = num[dotted].map(_dot_reason)
    if not money:
        reason = reason.where(~currency, "is not a number (currency signs belong in money columns only)")
    noted = ok & (grouped | currency | has_open)
    return pd.DataFrame({"value": values, "ok": ok, "noted": noted, "reason": reason, "digits": digits})


_DATE_RE = (
    r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_CN_DATE_RE = r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$"


def parse_date(raw: pd.Series) -> _Parsed:
    """Read year-first dates from text; impossible dates such as 2026-02-30 are errors.

    ISO dates are read in one vectorized pass; other spellings go through the
    slower rules of the module docstring.

    >>> p = parse_date(pd.Series(["2026-10-31", "2026/1/5", "2026年2月3日", "2026-02-30", "31/10/2026", ""]))
    >>> [str(v)[:10] for v in p.values]
    ['2026-10-31', '2026-01-05', '2026-02-03', 'NaT', 'NaT', 'NaT']
    >>> p.bad.tolist()
    [False, False, False, True, True, False]
    """
    raw = raw.astype("str")
    arr = _arrow(raw)
    empty = (raw.isna() | raw.eq("")).to_numpy()
    iso = pc.if_else(pc.match_substring_regex(arr, r"^\d{4}-\d{2}-\d{2}$"), arr, None)
    parsed = pc.strptime(iso, format="%Y-%m-%d", unit="us", error_is_null=True)
    # Arrow rolls 2026-02-30 over to 2026-03-02: keep only dates whose day is the one written.
    written_day = pc.cast(pc.utf8_slice_codeunits(iso, 8, 10), pyarrow.int64())
    ok = _mask(pc.equal(pc.day(parsed), written_day))
    values = np.array(parsed.to_numpy(zero_copy_only=False), dtype="datetime64[us]")
    values[~ok] = np.datetime64("NaT")
    reasons = pd.Series("is not a date", index=raw.index, dtype=object)
    rest = ~empty & ~ok
    if rest.any():
        sub = raw[rest].astype(object)
        parts = sub.str.extract(_DATE_RE)[["y", "m", "d"]].fillna(sub.str.extract(_CN_DATE_RE))
        matched = parts["y"].notna()
        ymd = parts.where(matched, "1").astype("int64")
        found = (
            pd.to_datetime(pd.DataFrame({"year": ymd["y"], "month": ymd["m"], "day": ymd["d"]}), errors="coerce")
            .where(matched)
            .astype("datetime64[us]")
        )
        values[rest] = found.to_numpy()
        ok[rest] = found.notna().to_numpy()
        reasons[rest] = np.where(matched, "is not a date: there is no such day in the calendar", "is not a date")
    values = pd.Series(values, index=raw.index)
    return _Parsed(values, pd.Series(~empty & ~ok, index=raw.index), reasons)


_BOOLS = {
    "true": True,
    "false": False,
    "t": True,
    "f": False,
    "yes": True,
    "no": False,
    "y": True,
    "n": False,
    "1": True,
    "0": False,
    "1.0": True,
    "0.0": False,
    "是": True,
    "否": False,
}


def parse_bool(raw: pd.Series) -> _Parsed:
    """Read booleans: true/false, yes/no, y/n, t/f, 1/0, 是/否 (any case).

    >>> p = parse_bool(pd.Series(["TRUE", "no", "是", "否", "1", "", "maybe"]))
    >>> p.values.tolist(), p.bad.tolist()
    ([True, False, True, False, True, <NA>, <NA>], [False, False, False, False, False, False, True])
    """
    raw = raw.astype("str")
    empty = raw.eq("") | raw.isna()
    values = raw.str.lower().map(_BOOLS).astype("boolean")
    return _Parsed(values, ~empty & values.isna(), "is not true or false")


def parse_text(raw: pd.Series) -> _Parsed:
    """Text, identifiers and categories: empty cells are missing."""
    raw = raw.astype("str")
    values = raw.where(raw.ne("") & raw.notna())
    return _Parsed(values.astype("str"), pd.Series(False, index=raw.index))


def parse_column(raw: pd.Series, column: Column) -> _Parsed:
    """Convert a column of raw text to the kind declared in the schema."""
    kind = column.kind
    if kind == "date":
        return parse_date(raw)
    if kind == "bool":
        return parse_bool(raw)
    if kind in ("money", "number", "int", "score"):
        parsed = parse_number(raw, money=kind == "money", whole=kind in ("int", "score"))
        if kind in ("int", "score"):
            # A whole number too large for the store (BIGINT) cannot become Int64 either.
            big = parsed.values.abs().ge(column.bound).to_numpy() & ~parsed.bad.to_numpy()
            if big.any():
                parsed.reasons = (
                    parsed.reasons
                    if isinstance(parsed.reasons, pd.Series)
                    else pd.Series(parsed.reasons, index=raw.index, dtype=object)
                ).copy()
                parsed.reasons[big] = f"is too large to store (at most {int(column.bound) - 1:,})"
                parsed.bad = parsed.bad | big
                parsed.values = parsed.values.where(~big)
                if parsed.noted is not None:
                    parsed.noted = parsed.noted & ~big
            parsed.values = parsed.values.astype("Int64")
        return parsed
    return parse_text(raw)
