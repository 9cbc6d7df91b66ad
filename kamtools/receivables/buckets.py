"""Aging: open receivables per customer by days past due, in buckets, and the book's summary."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..money import from_cents, round_cents, to_cents
from ..periods import as_date
from ..policy import PolicyError
from ..store import KamData
from ._common import _source
from .disputes import disputed_items, has_open_disputes
from .ledger import Ledger, _ledger_query, settle

#: Default upper edges (days past due) of the aging buckets after ``current``.
DEFAULT_BUCKETS: tuple[int, ...] = (30, 60, 90, 180, 365)


def _edges(buckets: Sequence[int] | None) -> list[int]:
    edges = list(DEFAULT_BUCKETS if buckets is None else buckets)
    if not edges:
        raise ValueError("buckets needs at least one edge (days past due), e.g. [30, 60, 90]")
    for e in edges:
        if isinstance(e, bool) or not float(e).is_integer() or e < 1:
            raise ValueError(f"bucket edges must be whole numbers of days >= 1, got {list(edges)}")
    edges = [int(e) for e in edges]
    if any(b <= a for a, b in zip(edges, edges[1:])):
        raise ValueError(f"bucket edges must be strictly increasing, got {edges}")
    return edges


def bucket_names(buckets: Sequence[int] | None = None) -> list[str]:
    """Column names of the aging buckets for upper edges ``buckets``.

    ``current`` holds what is not yet due (0 or fewer days past due); the bucket
    ``d<a>_<b>`` holds ``a`` to ``b`` days past due, both included; the last,
    ``d<e>_plus``, more than the last edge ``e``.

    >>> bucket_names()
    ['current', 'd1_30', 'd31_60', 'd61_90', 'd91_180', 'd181_365', 'd365_plus']
    >>> bucket_names([15, 45])
    ['current', 'd1_15', 'd16_45', 'd45_plus']
    """
    edges = _edges(buckets)
    names = ["current"]
    lo = 1
    for e in edges:
        names.append(f"d{lo}_{e}")
        lo = e + 1
    names.append(f"d{edges[-1]}_plus")
    return names


def bucket_of(days_past_due: pd.Series | np.ndarray, buckets: Sequence[int] | None = None) -> np.ndarray:
    """Bucket number of each ``days_past_due`` (0 = current) for the edges ``buckets``.

    A due date exactly on an edge belongs to the bucket that edge closes: with
    the default edges, 0 days is ``current``, 30 days ``d1_30``, 31 days ``d31_60``.

    >>> bucket_of(np.array([-5, 0, 1, 30, 31, 365, 366])).tolist()
    [0, 0, 1, 1, 2, 5, 6]
    """
    edges = np.asarray(_edges(buckets))
    dpd = np.asarray(days_past_due, dtype="int64")
    return np.where(dpd <= 0, 0, 1 + np.searchsorted(edges, dpd, side="left"))


def aging(
    open_items: pd.DataFrame | Ledger | KamData,
    as_of: Any,
    buckets: Sequence[int] | None = None,
    *,
    credit: pd.DataFrame | pd.Series | None = None,
    basis: str = "due",
) -> pd.DataFrame:
    """Open receivables per customer by days past due (逾期), or by days since invoiced (账龄).

    Parameters
    ----------
    open_items
        The open invoices from :func:`open_items`, or a :class:`Ledger` from :func:`settle` (carries the
        unapplied credit), or a KamData: then the ledger is settled at ``as_of`` and aged in the store, in one
        SQL statement (``receivables_aging.sql`` on the settlement of ``receivables_settle.sql``; up to 12 bucket
        edges), and only one row per customer and bucket comes back. A frame needs ``customer_id``,
        ``open_amount`` and ``due_date`` (or ``days_past_due``); its optional ``disputed`` column is the part of
        each ``open_amount`` under dispute (a KamData's: from its ``disputes`` table).
    as_of
        The date the days past due are counted to (``as_of - due_date``).
    buckets
        Upper edges of the buckets in days past due (default 30, 60, 90, 180, 365). A due date exactly on an
        edge falls in the bucket that the edge closes: 0 days past due is ``current``, 30 is ``d1_30``.
    credit
        Unapplied credit per customer (from :func:`unapplied_credit`) when
        ``open_items`` is a plain frame; without it the ``unapplied_credit``
        column is 0 and customers holding only credit are absent.
    basis
        ``due`` (default): by days past due; ``invoice``: by days since invoiced (账龄, :func:`aging_by_invoice_date`).

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (customers with open invoices or credit), with ``current``, ``d1_30``,
        ``d31_60``, ``d61_90``, ``d91_180``, ``d181_365``, ``d365_plus`` (see :func:`bucket_names` for custom
        edges), ``total``, ``overdue`` (total − current), ``max_days_past_due`` (0 when nothing is overdue) and
        ``unapplied_credit``, then ``disputed``: what is under an open dispute, shown apart: in ``total`` but in
        no bucket, not in ``overdue`` nor in ``max_days_past_due`` (a disputed invoice is not chased). Sums are
        taken in whole cents, so the buckets and ``disputed`` add up to ``total`` exactly.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "open_amount": [100.0, 50.0, 10.0],
    ...     "due_date": pd.to_datetime(["2026-10-31", "2026-10-01", "2026-09-30"])},
    ...     index=pd.Index(["I1", "I2", "I3"], name="invoice_id"))
    >>> aging(items, "2026-10-31")[["current", "d1_30", "d31_60", "total", "max_days_past_due"]]  # doctest: +NORMALIZE_WHITESPACE
                 current  d1_30  d31_60  total  max_days_past_due
    customer_id
    C1             100.0   50.0     0.0  150.0                 30
    C2               0.0    0.0    10.0   10.0                 31
    """
    if basis != "due":  # the age since invoiced, or a basis that is neither
        return aging_by_invoice_date(open_items, as_of, buckets, credit=credit, basis=basis)
    as_of = as_date(as_of)
    names = bucket_names(buckets)
    if isinstance(open_items, KamData):
        if credit is not None:
            raise TypeError("a KamData carries its own unapplied credit: leave credit out")
        src = _source(open_items)
        # kept per store connection: a page ages the book at the same day for several sections
        key = ("aging", as_of, tuple(_edges(buckets)))
        return src.kept(key, lambda: _store_aging(src, as_of, buckets, names))
    return _aged(open_items, as_of, buckets, credit)


def _aged(
    open_items: pd.DataFrame | Ledger, as_of: dt.date, buckets: Sequence[int] | None, credit: Any = None
) -> pd.DataFrame:
    """The aging of open items (or of a settled ledger, whose credit it carries)."""
    names = bucket_names(buckets)
    if isinstance(open_items, Ledger):
        if credit is not None:
            raise TypeError("a Ledger carries its own unapplied credit: leave credit out")
        open_items, credit = open_items
    items = open_items
    dpd = _days_past_due(items, as_of)
    credit_s = _credit_series(credit)
    return _aging_frame(
        items["customer_id"].astype("str").to_numpy(),
        bucket_of(dpd, buckets),
        to_cents(items["open_amount"]),
        np.maximum(dpd, 0),
        names,
        credit_s.index.astype("str").to_numpy(),
        to_cents(credit_s.astype("float64").fillna(0.0)),
        to_cents(items["disputed"].astype("float64").fillna(0.0)) if "disputed" in items.columns else None,
    )


def _store_aging(src: KamData, as_of: dt.date, buckets: Sequence[int] | None, names: list[str]) -> pd.DataFrame:
    """The aging of a store: made in the store, or of its settled ledger here."""
    got = _from_store(src, as_of, buckets, names)
    return _aged(got, as_of, buckets) if isinstance(got, Ledger) else got


def _from_store(src: KamData, as_of: dt.date, buckets: Sequence[int] | None, names: list[str]) -> pd.DataFrame | Ledger:
    """The aging made in the store (no open dispute, at most :data:`_SQL_EDGES` edges), else the
    settled ledger to age here, its open items with what is disputed."""
    disputes = has_open_disputes(src, as_of)
    if len(names) - 2 <= _SQL_EDGES and not disputes:
        return _aging_sql(src, as_of, buckets, names)
    # kept per store connection: the agings at other edges (holds, provisions, legal cases) of the same day
    items, credit = src.kept(("open items", as_of), lambda: tuple(_open_items(src, as_of, disputes)))
    return Ledger(items.copy(), credit.copy())


def _open_items(src: KamData, as_of: dt.date, disputes: bool) -> Ledger:
    led = settle(src, None, as_of)
    return Ledger(disputed_items(src, as_of, led.open_items), led.unapplied_credit) if disputes else led


def _days_past_due(items: pd.DataFrame, as_of: dt.date) -> np.ndarray:
    """Days past due of each open item at ``as_of``, from ``due_date`` (or ``days_past_due``)."""
    for col in ("customer_id", "open_amount"):
        if col not in items.columns:
            raise KeyError(f"open items need a {col!r} column")
    if "due_date" in items.columns:
        due = pd.to_datetime(items["due_date"]).to_numpy(dtype="datetime64[D]")
        return (np.datetime64(as_of, "D") - due).astype("int64")
    if "days_past_due" in items.columns:
        return items["days_past_due"].to_numpy(dtype="int64")
    raise KeyError("open items need a 'due_date' or 'days_past_due' column")


def _credit_series(credit: pd.DataFrame | pd.Series | None) -> pd.Series:
    """Unapplied credit per customer as a Series (empty when None)."""
    if credit is None:
        return pd.Series(dtype="float64")
    if isinstance(credit, pd.DataFrame):
        return credit["unapplied_credit"]
    return credit


#: Most bucket edges the aging query of the store takes (receivables_aging.sql); more edges
#: are aged from the open items in pandas.
_SQL_EDGES = 12
#: An edge beyond any age in days: stands for the edges a shorter list does not use.
_NO_EDGE = 10**9


def _aging_sql(src: KamData, as_of: dt.date, buckets: Sequence[int] | None, names: list[str]) -> pd.DataFrame:
    """Aging of a KamData: bucketed and summed per customer in the store (receivables_aging.sql)."""
    edges = _edges(buckets)
    params = {f"e{k}": (edges[k - 1] if k <= len(edges) else _NO_EDGE) for k in range(1, _SQL_EDGES + 1)}
    raw = _ledger_query(src, "receivables_aging", as_of=as_of, **params)
    bucket = raw["bucket"].to_numpy(dtype="int64")
    cust = raw["customer_id"].astype("str").to_numpy()
    cents = raw["cents"].to_numpy(dtype="int64")
    is_credit = bucket < 0
    is_item = ~is_credit
    return _aging_frame(
        cust[is_item],
        bucket[is_item],
        cents[is_item],
        raw["max_days_past_due"].to_numpy(dtype="int64")[is_item],
        names,
        cust[is_credit],
        cents[is_credit],
    )


def _aging_frame(
    cust: np.ndarray,
    bucket: np.ndarray,
    cents: np.ndarray,
    dpd: np.ndarray,
    names: list[str],
    credit_cust: np.ndarray,
    credit_cents: np.ndarray,
    disputed_cents: np.ndarray | None = None,
) -> pd.DataFrame:
    """The aging frame from amounts (cents) by customer and bucket number, and credit (cents) by customer.

    ``dpd`` are the days past due (0 for not yet due) whose maximum per customer is reported;
    ``disputed_cents`` the part of each amount under dispute (kept out of the buckets).
    """
    codes, uniques = pd.factorize(cust, sort=True)
    n = len(uniques)
    disputed = np.zeros(len(cents), dtype="int64") if disputed_cents is None else np.asarray(disputed_cents)
    table = np.zeros((n, len(names) + 1), dtype="int64")  # the buckets, then what is disputed
    np.add.at(table, (codes, bucket), cents - disputed)
    np.add.at(table, (codes, np.full(len(cents), len(names))), disputed)
    max_dpd = np.zeros(n, dtype="int64")
    if len(dpd):
        np.maximum.at(max_dpd, codes, np.where(cents > disputed, dpd, 0))

    idx = pd.Index(uniques, name="customer_id", dtype="str")
    total = table.sum(axis=1)
    out = pd.DataFrame(from_cents(table[:, :-1]), index=idx, columns=names)
    out["total"] = from_cents(total)
    out["overdue"] = from_cents(total - table[:, 0] - table[:, -1])
    out["max_days_past_due"] = max_dpd

    keep = credit_cents != 0
    credit_s = pd.Series(
        from_cents(credit_cents[keep]), index=pd.Index(credit_cust[keep], dtype="str"), dtype="float64"
    )
    full = idx.union(pd.Index(credit_s.index, dtype="str")).sort_values()
    full.name = "customer_id"
    out = out.reindex(full)
    out[names + ["total", "overdue"]] = out[names + ["total", "overdue"]].fillna(0.0)
    out["max_days_past_due"] = out["max_days_past_due"].fillna(0).astype("int64")
    out["unapplied_credit"] = round_cents(credit_s.reindex(full).fillna(0.0)).to_numpy()
    out["disputed"] = from_cents(pd.Series(table[:, -1], index=idx).reindex(full).fillna(0).to_numpy(dtype="int64"))
    return out


def age_bucket_names(buckets: Sequence[int] | None = None) -> list[str]:
    """Column names of the buckets of the aging by invoice date for upper edges ``buckets`` (days
    since invoiced): ``age<a>_<b>`` holds ``a`` to ``b`` days of age, both included, the first from 0
    (issued on the day); the last, ``age<e>_plus``, more than the last edge ``e``.

    >>> age_bucket_names()
    ['age0_30', 'age31_60', 'age61_90', 'age91_180', 'age181_365', 'age365_plus']
    """
    edges = _edges(buckets)
    lows = [0, *(e + 1 for e in edges[:-1])]
    return [f"age{lo}_{e}" for lo, e in zip(lows, edges)] + [f"age{edges[-1]}_plus"]


def aging_totals(aged: pd.DataFrame) -> pd.DataFrame:
    """The book's open receivables per bucket of an aging (:func:`aging` by due date or by invoice date):
    the amount, to the cent, and its share of the total (NaN when nothing is open).

    >>> items = pd.DataFrame({"customer_id": ["C1", "C2"], "open_amount": [75.0, 25.0], "days_past_due": [0, 40]})
    >>> aging_totals(aging(items, "2026-10-31")).loc[["current", "d31_60"]].to_dict("list")
    {'receivables': [75.0, 25.0], 'share': [0.75, 0.25]}
    """
    names = list(aged.columns[: list(aged.columns).index("total")])
    cents = np.array([int(to_cents(aged[b]).sum()) for b in names], dtype="int64")
    total = int(cents.sum())
    share = cents / total if total > 0 else np.full(len(names), np.nan)
    return pd.DataFrame({"receivables": from_cents(cents), "share": share}, index=pd.Index(names, name="bucket"))


def aging_by_invoice_date(
    open_items: pd.DataFrame | Ledger | KamData,
    as_of: Any,
    buckets: Sequence[int] | None = None,
    *,
    credit: pd.DataFrame | pd.Series | None = None,
    basis: str = "invoice",
) -> pd.DataFrame:
    """Open receivables per customer by days since invoiced (账龄), whatever the payment terms.

    The aging by due date (:func:`aging`) says how late a debt is (逾期); this one how old it is: an
    invoice of 25 September is 36 days old on 31 October, though due only on 24 November. The same
    edges (``receivables.buckets``) cut the ages: 0 to 30 days, 31 to 60, ... and more than the last.
    ``open_items`` as for :func:`aging`; a frame needs ``invoice_date`` (``due_date`` or
    ``days_past_due`` for the overdue column). On a KamData it runs in the store
    (``receivables_aging_invoice.sql``, up to 12 edges).

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: the buckets of :func:`age_bucket_names`, ``total``, ``overdue``
        (past its due date, as in :func:`aging`: what open disputes hold is not overdue), ``disputed``
        (under an open dispute: in its age bucket, since the money is out all the same),
        ``max_days_past_due`` (of what is overdue, as in :func:`aging`), ``max_age_days`` (the
        oldest open invoice) and ``unapplied_credit``; the buckets add up to ``total`` to the cent.

    Examples
    --------
    >>> items = pd.DataFrame({"customer_id": ["C1", "C1"], "open_amount": [100.0, 40.0],
    ...     "invoice_date": pd.to_datetime(["2026-09-25", "2026-10-20"]),
    ...     "due_date": pd.to_datetime(["2026-11-24", "2026-10-30"])}, index=pd.Index(["I1", "I2"], name="invoice_id"))
    >>> aging_by_invoice_date(items, "2026-10-31")[["age0_30", "age31_60", "overdue", "max_age_days"]]  # doctest: +NORMALIZE_WHITESPACE
                 age0_30  age31_60  overdue  max_age_days
    customer_id
    C1              40.0     100.0     40.0            36
    """
    if basis != "invoice":  # as aging() passes it on
        raise ValueError(f"basis must be 'due' (days past due) or 'invoice' (days since invoiced), got {basis!r}")
    as_of = as_date(as_of)
    names, edges = age_bucket_names(buckets), _edges(buckets)
    if isinstance(open_items, KamData) and len(edges) <= _SQL_EDGES and not has_open_disputes(open_items, as_of):
        if credit is not None:
            raise TypeError("a KamData carries its own unapplied credit: leave credit out")
        params = {f"e{k}": (edges[k - 1] if k <= len(edges) else _NO_EDGE) for k in range(1, _SQL_EDGES + 1)}
        raw = _ledger_query(_source(open_items), "receivables_aging_invoice", as_of=as_of, **params)
        raw = raw.astype({"customer_id": "str"})
        item, cents = raw["bucket"].to_numpy(dtype="int64") >= 0, raw["cents"].to_numpy(dtype="int64")
        return _age_frame(raw[item], cents[item], names, raw[~item]["customer_id"].to_numpy(), cents[~item])
    if isinstance(open_items, KamData):
        src = _source(open_items)
        led = settle(src, None, as_of)
        open_items = Ledger(disputed_items(src, as_of, led.open_items), led.unapplied_credit)
    if isinstance(open_items, Ledger):
        open_items, credit = open_items
    if "invoice_date" not in open_items.columns:
        raise KeyError("open items need an 'invoice_date' column to be aged by invoice date")
    age = np.datetime64(as_of, "D") - pd.to_datetime(open_items["invoice_date"]).to_numpy(dtype="datetime64[D]")
    age = age.astype("int64")
    cents, dpd = to_cents(open_items["open_amount"]), np.maximum(_days_past_due(open_items, as_of), 0)
    held = to_cents(open_items["disputed"].astype("float64").fillna(0.0)) if "disputed" in open_items else 0 * cents
    raw = pd.DataFrame({"customer_id": open_items["customer_id"].astype("str").to_numpy(),
                        "bucket": np.maximum(bucket_of(age, edges) - 1, 0),
                        "overdue_cents": np.where(dpd > 0, cents - held, 0), "disputed_cents": held,
                        "max_days_past_due": np.where(cents > held, dpd, 0), "max_age_days": age})  # fmt: skip
    credit_s = _credit_series(credit)
    return _age_frame(raw, cents, names, credit_s.index.astype("str").to_numpy(),
                      to_cents(credit_s.astype("float64").fillna(0.0)))  # fmt: skip


def _age_frame(raw: pd.DataFrame, cents: np.ndarray, names: list[str], credit_cust, credit_cents) -> pd.DataFrame:
    """The frame of :func:`aging_by_invoice_date` from amounts (cents) by customer and age bucket: the
    frame of :func:`_aging_frame` with the ages as its buckets, then the overdue amount and days."""
    cust = raw["customer_id"].astype("str").to_numpy()
    age = raw["max_age_days"].to_numpy(dtype="int64")
    # _aging_frame reports the largest "days" it is given: the age here, the days past due below
    out = _aging_frame(cust, raw["bucket"].to_numpy(dtype="int64"), cents, age, names, credit_cust, credit_cents)
    out = out.rename(columns={"max_days_past_due": "max_age_days"})
    held = raw["disputed_cents"] if "disputed_cents" in raw else pd.Series(0, index=raw.index)
    per = pd.DataFrame({"c": raw["overdue_cents"].to_numpy(dtype="int64"), "d": raw["max_days_past_due"].to_numpy(dtype="int64"),
                        "h": held.to_numpy(dtype="int64")},
                       index=pd.Index(cust, dtype="str")).groupby(level=0).agg({"c": "sum", "d": "max", "h": "sum"})  # fmt: skip
    out["overdue"] = from_cents(per["c"].reindex(out.index).fillna(0).to_numpy(dtype="int64"))
    out["disputed"] = from_cents(per["h"].reindex(out.index).fillna(0).to_numpy(dtype="int64"))
    out["max_days_past_due"] = per["d"].reindex(out.index).fillna(0).to_numpy(dtype="int64")
    return out[[*names, "total", "overdue", "disputed", "max_days_past_due", "max_age_days", "unapplied_credit"]]


class AgingSummary(NamedTuple):
    """The whole book's receivables in a few figures (see :func:`aging_summary`)."""

    #: Customers owing something.
    debtors: int
    #: Open receivables.
    total: float
    #: Past due.
    overdue: float
    #: overdue / total (NaN when nothing is open, see ``share_reason``).
    overdue_share: float
    #: Days past due beyond which debt counts as old.
    old_after_days: int
    #: More than ``old_after_days`` past due.
    old: float
    #: old / total (NaN when nothing is open).
    old_share: float
    #: Customer credit not yet applied (paid beyond all open invoices).
    unapplied_credit: float
    #: Why the shares are NaN (None when they are not).
    share_reason: str | None
    #: Under open dispute: in ``total``, in no bucket and not in ``overdue``.
    disputed: float = 0.0


def _bucket_bounds(names: Sequence[str]) -> list[int]:
    """First day past due of each bucket name (``current``: 0 or fewer, taken as 0)."""
    firsts = []
    for name in names:
        if name == "current":
            firsts.append(0)
            continue
        m = re.fullmatch(r"d(\d+)_(\d+|plus)", name)
        if not m:
            raise KeyError(f"{name!r} is not an aging bucket (current, d1_30, ..., d365_plus)")
        firsts.append(int(m.group(1)) + (1 if m.group(2) == "plus" else 0))
    return firsts


def aging_summary(aging: pd.DataFrame, old_after_days: int | None = None) -> AgingSummary:
    """Totals of the :func:`aging` frame: owed, overdue, old debt and their shares, exact to the cent.

    Parameters
    ----------
    aging
        The frame of :func:`aging` (any bucket edges).
    old_after_days
        Debt more than this many days past due counts as old; must be a bucket
        edge (or 0: everything overdue). Default: the edge before the last one
        (180 days with the default buckets), so ``old`` is the last two buckets.

    Examples
    --------
    >>> import pandas as pd
    >>> ag = aging(pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "open_amount": [600.0, 300.0, 100.0],
    ...     "days_past_due": [0, 200, 20]}), "2026-10-31")
    >>> s = aging_summary(ag)
    >>> s.total, s.overdue, s.old_after_days, s.old, s.old_share
    (1000.0, 400.0, 180, 300.0, 0.3)
    """
    if "total" not in aging.columns:
        raise KeyError("aging_summary needs the frame of aging() (with a 'total' column)")
    names = list(aging.columns[: list(aging.columns).index("total")])
    firsts = _bucket_bounds(names)
    edges = [f - 1 for f in firsts[1:]]  # upper edges of current and each overdue bucket but the last
    if old_after_days is None:
        old_after_days = edges[-2] if len(edges) > 1 else 0
    if old_after_days not in edges:
        raise ValueError(f"old_after_days must be a bucket edge, one of {edges}, got {old_after_days}")
    cents = {b: int(to_cents(aging[b]).sum()) for b in names}
    disputed = int(to_cents(aging["disputed"]).sum()) if "disputed" in aging else 0
    total = sum(cents.values()) + disputed
    overdue = total - cents["current"] - disputed
    old = sum(c for b, c in cents.items() if _bucket_bounds([b])[0] > old_after_days)
    reason = None if total > 0 else "no open receivables"
    return AgingSummary(
        debtors=int((aging["total"] > 0).sum()),
        total=from_cents(total),
        overdue=from_cents(overdue),
        overdue_share=overdue / total if total > 0 else float("nan"),
        old_after_days=int(old_after_days),
        old=from_cents(old),
        old_share=old / total if total > 0 else float("nan"),
        unapplied_credit=from_cents(int(to_cents(aging["unapplied_credit"]).sum()))
        if "unapplied_credit" in aging
        else 0.0,
        share_reason=reason,
        disputed=from_cents(disputed),
    )


def _per_bucket(table: Mapping[str, float], bucket: str, key: str) -> float:
    """The policy value of ``bucket``; a custom bucket takes the value of the default bucket
    holding its first day (e.g. ``d46_75`` that of ``d31_60``)."""
    if bucket in table:
        return float(table[bucket])
    m = re.fullmatch(r"d(\d+)_(\d+|plus)", bucket)
    if not m:
        raise PolicyError(f"policy key '{key}' has no value for bucket {bucket!r}")
    first = int(m.group(1)) + (1 if m.group(2) == "plus" else 0)
    default = bucket_names()[int(bucket_of(np.array([first]))[0])]
    if default not in table:
        raise PolicyError(f"policy key '{key}' has no value for bucket {bucket!r} (nor for {default!r})")
    return float(table[default])
