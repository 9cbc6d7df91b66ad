"""Helpers shared by the receivables modules: inputs checked and put into a store, the
policy, money columns to the cent (the rule is :mod:`kamtools.money`), ratios with a reason, groups of customers, the latest dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import facts
from ..money import round_cents
from ..schema import TABLES, empty_frame
from ..store import KamData

Frames = KamData | pd.DataFrame


def _check_payments(payments: pd.DataFrame) -> None:
    """Refuse negative payments: they would break ``open - credit == invoiced - paid``.

    A store is checked on import (payments have a minimum of 0); DataFrames are
    checked here, before they are settled.
    """
    if "amount" not in payments.columns or payments.empty:
        return
    amount = pd.to_numeric(payments["amount"], errors="coerce").to_numpy(dtype="float64")
    bad = np.flatnonzero(amount < 0)
    if not len(bad):
        return
    ids = payments["payment_id"] if "payment_id" in payments.columns else pd.Series(payments.index)
    shown = ", ".join(f"{pid} ({amt:,.2f})" for pid, amt in zip(ids.iloc[bad[:5]], amount[bad[:5]]))
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    raise ValueError(
        f"payments must not be negative, found payment_id {shown}{more}: record a refund to the "
        "customer as an invoice (a debit), or correct the payment"
    )


def _checked(data: KamData) -> KamData:
    """``data`` after checking the payments of an in-memory KamData (a store was checked on import)."""
    if data.db is None and data.has("payments"):
        _check_payments(data.table("payments"))
    return data


def _source(invoices: Frames, payments: pd.DataFrame | KamData | None = None) -> KamData:
    """A KamData holding invoices and payments (DataFrames go into an in-memory DuckDB)."""
    if isinstance(invoices, KamData):
        if payments is not None and payments is not invoices:
            raise TypeError("invoices is a KamData: leave payments out (None), its payments table is used")
        for name in ("invoices", "payments"):
            if not invoices.has(name):
                raise ValueError(f"{invoices!r} has no {name} table")
        return _checked(invoices)
    if isinstance(payments, KamData):
        raise TypeError("pass either a KamData as invoices, or DataFrames for both invoices and payments")
    if not isinstance(invoices, pd.DataFrame):
        raise TypeError(f"invoices must be a KamData or a DataFrame, got {type(invoices).__name__}")
    if payments is None:
        payments = empty_frame("payments")
    _check_payments(payments)
    return facts.source(invoices=invoices, payments=payments)


def _data(data: KamData | Mapping[str, pd.DataFrame]) -> KamData:
    """A KamData from a KamData or a mapping of DataFrames by table name."""
    if isinstance(data, KamData):
        return _checked(data)
    if isinstance(data, Mapping):
        frames = dict(data)
        frames.setdefault("payments", empty_frame("payments"))
        _check_payments(frames["payments"])
        if frames.get("promises") is not None:
            need = set(TABLES["promises"].required)
            missing = need - set(frames["promises"].columns)
            if missing:
                raise KeyError(
                    f"promises need the columns {', '.join(sorted(need))}; missing {', '.join(sorted(missing))}"
                )
        return facts.source(**frames)
    raise TypeError(f"data must be a KamData or a mapping of DataFrames, got {type(data).__name__}")


def _money(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    out = frame.copy()
    for col in columns:
        out[col] = round_cents(out[col].astype("float64"))
    return out


def _ratio(num: pd.Series, den: pd.Series, reason: str, scale: float = 1.0) -> tuple[pd.Series, pd.Series]:
    """num / den * scale; NaN where the denominator is zero, negative or missing, with ``reason``."""
    num = num.astype("float64")
    den = den.astype("float64")
    bad = den.isna() | (den <= 0)
    ok = ~bad & num.notna()
    value = pd.Series(np.nan, index=num.index, dtype="float64")
    value[ok] = num[ok] / den[ok] * scale
    why = pd.Series(pd.NA, index=num.index, dtype="str")
    why[bad] = reason
    why[~bad & num.isna()] = "an input is missing"
    return value, why


def _customers(data: KamData) -> pd.DataFrame:
    if data.has("customers"):
        return data.customers.set_index("customer_id")
    return empty_frame("customers").set_index("customer_id")


def _group_keys(ids: pd.Index, by: str, data: KamData | None, customers: pd.DataFrame | None) -> pd.Series:
    """Group label of each customer for ``by`` = customer, account_manager or total."""
    if by == "customer":
        return pd.Series(ids, index=ids, dtype="str")
    if by == "total":
        return pd.Series("total", index=ids, dtype="str")
    if by in ("account_manager", "region", "industry"):
        if customers is None:
            if data is None or not data.has("customers"):
                raise ValueError(f"by={by!r} needs the customers table (pass a KamData or customers=)")
            customers = data.customers
        cust = customers.set_index("customer_id") if "customer_id" in customers.columns else customers
        return cust[by].reindex(ids).fillna("(none)").astype("str")
    raise ValueError(f"by must be 'customer', 'account_manager', 'region', 'industry' or 'total', got {by!r}")


def _last_dates(src: KamData, as_of: dt.date) -> pd.DataFrame:
    last = facts.query(src, "receivables_last_dates", as_of=as_of)
    last = last.astype(
        {
            "customer_id": "str",
            "last_invoice": "datetime64[us]",
            "last_payment": "datetime64[us]",
            "last_payment_amount": "float64",
        }
    )
    last = last.set_index("customer_id")
    if src.has("activities"):
        # a call that reached nobody is no sign of life (receivables_last_contact.sql), where outcomes are kept
        outcomes = "outcome" in src.sql("select * from activities limit 0").columns
        act = facts.query(src, "receivables_last_contact" if outcomes else "receivables_last_activity", as_of=as_of)
        act = act.astype({"customer_id": "str", "last_activity": "datetime64[us]"}).set_index("customer_id")
        last = last.join(act, how="outer")
    else:
        last["last_activity"] = pd.Series(dtype="datetime64[us]")
    return last
